/** What a failed read of an input means, and what to do about it, for an error message. */
export const readFailure = (error: unknown): string => {
  switch ((error as NodeJS.ErrnoException).code) {
    case "ENOENT":
      return "no such file; check the path (a dataset's default file is under $PETITIO_DATA)";
    case "EACCES":
    case "EPERM":
      return "permission denied; check the file's permissions";
    case "EISDIR":
      return "it is a folder; give a file";
    default:
      return `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
  }
};
