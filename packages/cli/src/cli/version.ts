/** The version `petitio --version` prints (and the verdict cache is keyed by). */
export const VERSION = "0.1.0";
