import type { z } from "zod";
import {
  EventTypeConflictError,
  type FieldIssue,
  UnknownEventTypeError,
  UnsupportedSchemaVersionError,
  ValidationError,
} from "../errors.js";
import { practiceEventSchemas } from "../practice/events.js";
import { eventDataSchemas, isCatalogType } from "./catalog.js";
import { type AcceptCheck, compileAcceptCheck } from "./data-check.js";
import { type EventEnvelope, envelopeSchema } from "./envelope.js";
import { envelopeLooksValid } from "./envelope-check.js";

/**
 * Schema versions and upcasters. A stored event keeps the `schemaVersion` it was
 * written with; on read it is upcast step by step (v1 → v2 → …) to the current
 * version of its type and then validated against the current schema. Writers
 * always write the current version.
 */

/** Turns the data of `type` at `fromVersion` into the data at `fromVersion + 1`. */
export interface Upcaster<TFrom = Record<string, unknown>, TTo = Record<string, unknown>> {
  readonly type: string;
  readonly fromVersion: number;
  upcast(data: TFrom, envelope: Readonly<EventEnvelope>): TTo;
}

/** Typed helper: the input type comes from the previous schema, the output from the next. */
export const defineUpcaster = <TFromSchema extends z.ZodType, TToSchema extends z.ZodType>(spec: {
  type: string;
  fromVersion: number;
  from: TFromSchema;
  to: TToSchema;
  upcast: (data: z.infer<TFromSchema>, envelope: Readonly<EventEnvelope>) => z.infer<TToSchema>;
}): Upcaster<z.infer<TFromSchema>, z.infer<TToSchema>> => spec;

interface TypeEntry {
  version: number;
  schema: z.ZodType;
  /** Precompiled accept check of `schema` (data-check.ts): zod runs only when it is not sure. */
  accepts: AcceptCheck | undefined;
  upcasters: Map<number, Upcaster>;
}

export interface DecodeOptions {
  /** 1-based line number, for errors about a log file. */
  line?: number;
  /**
   * Unknown types are kept by default, as docs/log-format.md allows custom types
   * (their `data` must still be an object). `true` rejects them instead.
   */
  strictTypes?: boolean;
}

export const issuesOf = (error: z.ZodError, prefix = ""): FieldIssue[] =>
  error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter((p) => p !== "").join("."),
    message: issue.message,
  }));

export class EventRegistry {
  private readonly types = new Map<string, TypeEntry>();

  constructor() {
    // The v1 catalog and the practice module's types (docs/practice.md).
    for (const [type, schema] of Object.entries({ ...practiceEventSchemas, ...eventDataSchemas })) {
      this.types.set(type, {
        version: 1,
        schema,
        accepts: compileAcceptCheck(schema),
        upcasters: new Map(),
      });
    }
  }

  /**
   * Register a custom event type, or a new version of an existing one. A new
   * version needs an upcaster from every older version (`registerUpcaster`).
   */
  registerType(type: string, schema: z.ZodType, version = 1): this {
    const existing = this.types.get(type);
    if (existing && version <= existing.version) {
      throw new EventTypeConflictError(type, existing.version, version);
    }
    this.types.set(type, {
      version,
      schema,
      accepts: compileAcceptCheck(schema),
      upcasters: existing?.upcasters ?? new Map(),
    });
    return this;
  }

  registerUpcaster(upcaster: Upcaster<never, unknown>): this {
    const entry = this.types.get(upcaster.type);
    if (!entry) throw new UnknownEventTypeError(upcaster.type);
    entry.upcasters.set(upcaster.fromVersion, upcaster as unknown as Upcaster);
    return this;
  }

  currentVersion(type: string): number {
    return this.types.get(type)?.version ?? 1;
  }

  isKnown(type: string): boolean {
    return this.types.has(type);
  }

  /**
   * Check `data` of a new event against the current schema of its type.
   * `path` prefixes every issue, so an append can name `events.1.data.title`.
   */
  validateData(type: string, data: unknown, subject = `${type} data`, path = "data"): void {
    const entry = this.types.get(type);
    if (!entry) throw new UnknownEventTypeError(type);
    const result = entry.schema.safeParse(data);
    if (!result.success) throw new ValidationError(subject, issuesOf(result.error, path));
  }

  /**
   * Validate a raw envelope (from a log line or a store row), upcast it to the
   * current schema version, and validate its data. The input object is kept as
   * it is when no upcast applies, so unknown fields and key order survive.
   */
  decode(raw: unknown, options: DecodeOptions = {}): EventEnvelope {
    const { line } = options;
    if (!envelopeLooksValid(raw)) {
      const parsed = envelopeSchema.safeParse(raw);
      if (!parsed.success) {
        throw new ValidationError("event envelope", issuesOf(parsed.error), line);
      }
    }
    let envelope = raw as EventEnvelope;
    const entry = this.types.get(envelope.type);
    if (!entry) {
      if (options.strictTypes) throw new UnknownEventTypeError(envelope.type, line);
      return envelope;
    }
    if (envelope.schemaVersion > entry.version) {
      throw new UnsupportedSchemaVersionError(
        envelope.type,
        envelope.schemaVersion,
        entry.version,
        line,
      );
    }
    if (envelope.schemaVersion < entry.version) envelope = this.upcast(envelope, entry, line);
    if (entry.accepts?.(envelope.data)) return envelope;
    const result = entry.schema.safeParse(envelope.data);
    if (!result.success) {
      throw new ValidationError(`${envelope.type} event`, issuesOf(result.error, "data"), line);
    }
    return envelope;
  }

  private upcast(envelope: EventEnvelope, entry: TypeEntry, line?: number): EventEnvelope {
    let data: unknown = envelope.data;
    for (let v = envelope.schemaVersion; v < entry.version; v++) {
      const step = entry.upcasters.get(v);
      if (!step) {
        throw new UnsupportedSchemaVersionError(
          envelope.type,
          envelope.schemaVersion,
          entry.version,
          line,
        );
      }
      data = step.upcast(data as Record<string, unknown>, envelope);
    }
    return {
      ...envelope,
      schemaVersion: entry.version,
      data: data as Record<string, unknown>,
    };
  }
}

/** The registry with catalog v1 and nothing else: what the CLI and stores use by default. */
export const defaultRegistry = new EventRegistry();

export const isCatalogEvent = (envelope: EventEnvelope): boolean => isCatalogType(envelope.type);
