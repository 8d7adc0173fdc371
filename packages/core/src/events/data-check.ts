import type { z } from "zod";
import { isIsoDateTime } from "./envelope-check.js";

/**
 * Precompiled accept checks for event data, built once per schema from the
 * zod schema's own definition (`schema._zod.def`). Replay runs the check
 * first and only asks zod when it says "not sure": zod's `safeParse` costs
 * several times the check (docs/performance.md "Replay").
 *
 * A check only ever says "valid" for what the schema accepts (a property test
 * holds every catalog schema to that); it understands the parts the catalog
 * uses — loose and strict objects, strings with length limits and the
 * ISO date-time format, numbers and integers with bounds, booleans, enums,
 * literals, arrays, optional, nullable, unions and synchronous refinements —
 * and gives up (`undefined`: always ask zod) on anything else.
 */

/** True when `value` certainly satisfies the schema it was compiled from. */
export type AcceptCheck = (value: unknown) => boolean;

interface Def {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  [key: string]: unknown;
}

interface CheckDef {
  check: string;
  [key: string]: unknown;
}

const defOf = (schema: unknown): Def | undefined =>
  (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def;

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x);

const always = (): boolean => true;

/** One predicate for all of `checks`, without a loop for the common zero or one. */
const allOf = <T>(checks: ((x: T) => boolean)[]): ((x: T) => boolean) => {
  if (checks.length === 0) return always;
  if (checks.length === 1) return checks[0]!;
  return (x) => checks.every((check) => check(x));
};

/** Length and size bounds shared by strings and arrays; undefined for any other check. */
const lengthBound = (c: CheckDef): ((n: number) => boolean) | undefined => {
  if (c.check === "min_length" && typeof c.minimum === "number") {
    const min = c.minimum;
    return (n) => n >= min;
  }
  if (c.check === "max_length" && typeof c.maximum === "number") {
    const max = c.maximum;
    return (n) => n <= max;
  }
  if (c.check === "length_equals" && typeof c.length === "number") {
    const length = c.length;
    return (n) => n === length;
  }
  return undefined;
};

/** All of a schema's length checks as one, or undefined when one is not understood. */
const lengthChecks = (def: Def): ((n: number) => boolean) | undefined => {
  const bounds: ((n: number) => boolean)[] = [];
  for (const c of def.checks ?? []) {
    const bound = lengthBound(c._zod.def);
    if (!bound) return undefined;
    bounds.push(bound);
  }
  return allOf(bounds);
};

const compileString = (def: Def): AcceptCheck | undefined => {
  const length = lengthChecks(def);
  if (!length) return undefined;
  let format: AcceptCheck | undefined;
  if (def.format === "datetime" && def.offset === true && def.local !== true) {
    // isIsoDateTime accepts a subset of zod's offset date-time (its own property test).
    if (def.precision !== null && def.precision !== undefined) return undefined;
    format = isIsoDateTime;
  } else if (def.format !== undefined) {
    if (!(def.pattern instanceof RegExp)) return undefined;
    const pattern = new RegExp(def.pattern.source, def.pattern.flags.replace(/[gy]/g, ""));
    format = (x) => pattern.test(x as string);
  }
  return (x) => typeof x === "string" && length(x.length) && (format === undefined || format(x));
};

const compileNumber = (def: Def): AcceptCheck | undefined => {
  const bounds: ((n: number) => boolean)[] = [];
  if (def.format === "safeint") bounds.push(Number.isSafeInteger);
  else if (def.format !== undefined && def.format !== null) return undefined;
  for (const c of def.checks ?? []) {
    const check = c._zod.def;
    const value = check.value;
    if (typeof value !== "number") return undefined;
    if (check.check === "greater_than") {
      bounds.push(check.inclusive ? (n) => n >= value : (n) => n > value);
    } else if (check.check === "less_than") {
      bounds.push(check.inclusive ? (n) => n <= value : (n) => n < value);
    } else return undefined;
  }
  const bounded = allOf(bounds);
  return (x) => typeof x === "number" && Number.isFinite(x) && bounded(x);
};

const compileObject = (def: Def): AcceptCheck | undefined => {
  const shape = def.shape as Record<string, unknown> | undefined;
  if (!shape) return undefined;
  const keys: string[] = [];
  const checks: AcceptCheck[] = [];
  for (const [key, schema] of Object.entries(shape)) {
    const check = compile(schema);
    if (!check) return undefined;
    keys.push(key);
    checks.push(check);
  }
  const catchall = defOf(def.catchall)?.type;
  // Loose (unknown) and default (strip) objects take extra keys; strict (never) do not.
  if (catchall !== undefined && catchall !== "unknown" && catchall !== "never") return undefined;
  const strict = catchall === "never";
  const known = new Set(Object.keys(shape));
  const refinements: ((value: unknown) => unknown)[] = [];
  for (const c of def.checks ?? []) {
    const check = c._zod.def;
    // A plain refine (a function, no `when`) on a loose object, which zod hands
    // the input object itself; a strip object would hand it a copy without extras.
    if (check.check !== "custom" || typeof check.fn !== "function" || check.when) return undefined;
    if (catchall !== "unknown") return undefined;
    refinements.push(check.fn as (value: unknown) => unknown);
  }
  const refined = (x: unknown): boolean => {
    try {
      // Only a plain `true` passes: a Promise (async refine) or anything else asks zod.
      return refinements.every((refine) => refine(x) === true);
    } catch {
      return false;
    }
  };
  return (x) => {
    if (!isPlainObject(x)) return false;
    for (let i = 0; i < keys.length; i++) if (!checks[i]!(x[keys[i]!])) return false;
    if (strict) for (const key of Object.keys(x)) if (!known.has(key)) return false;
    return refinements.length === 0 || refined(x);
  };
};

/** Compile one schema node; undefined when any part of it is not understood. */
const compile = (schema: unknown): AcceptCheck | undefined => {
  const def = defOf(schema);
  if (!def) return undefined;
  switch (def.type) {
    case "string":
      return compileString(def);
    case "number":
      return compileNumber(def);
    case "boolean":
      return def.checks?.length ? undefined : (x) => typeof x === "boolean";
    case "unknown":
    case "any":
      return always;
    case "enum": {
      const values = new Set(Object.values(def.entries as Record<string, unknown>));
      return (x) => values.has(x as never);
    }
    case "literal": {
      const values = new Set(def.values as unknown[]);
      return (x) => values.has(x);
    }
    case "optional": {
      const inner = compile(def.innerType);
      return inner && ((x) => x === undefined || inner(x));
    }
    case "nullable": {
      const inner = compile(def.innerType);
      return inner && ((x) => x === null || inner(x));
    }
    case "array": {
      const element = compile(def.element);
      const length = lengthChecks(def);
      if (!element || !length) return undefined;
      return (x) => Array.isArray(x) && length(x.length) && x.every((item) => element(item));
    }
    case "union": {
      if (def.discriminator !== undefined) return undefined;
      const options = (def.options as unknown[]).map(compile);
      if (options.some((o) => o === undefined)) return undefined;
      const checks = options as AcceptCheck[];
      return (x) => checks.some((check) => check(x));
    }
    case "object":
      return compileObject(def);
    default:
      return undefined;
  }
};

/**
 * The accept check of a zod schema, or undefined when the schema uses
 * something the compiler does not understand (then zod decides every value).
 */
export const compileAcceptCheck = (schema: z.ZodType): AcceptCheck | undefined => compile(schema);
