import type { PetitionState } from "../lifecycle/state.js";
import type { OutboxMessage } from "../store/event-store.js";
import { AccusationLeakError } from "./errors.js";

/**
 * W22 Art. 30 ¶3: the accuser's material and identity are never passed to
 * the accused. Outbox payloads leave the system (webhooks, e-mail, robots), so
 * for an accusation (检举控告) they may carry ids, stages and due times, never
 * the petition's title, content, or its petitioners' names, ids, phones or
 * addresses. This check runs over the rows an append would write.
 */

/** What of an accusation must not leave: its texts and its petitioners' details. */
export interface AccusationSecrets {
  petitionId: string;
  /** Texts (4 characters or more) that must not appear within any payload string. */
  texts: readonly string[];
  /** Values (ids, short texts) that no payload string may equal. */
  exact: readonly string[];
}

/** Field names that must never appear in an accusation's payload, whatever their value. */
const SECRET_KEYS = new Set([
  "title",
  "content",
  "petitioners",
  "name",
  "idNumber",
  "phone",
  "email",
  "address",
]);

/** Secrets of a registration's data (the `PetitionRegistered` event of the petition). */
export const accusationSecretsOf = (
  registration: Readonly<Record<string, unknown>>,
): AccusationSecrets | undefined => {
  if (registration.category !== "accusation") return undefined;
  const texts: string[] = [];
  const exact: string[] = [];
  const add = (v: unknown, asText = true) => {
    if (typeof v !== "string" || v.trim() === "") return;
    (asText && v.length >= 4 ? texts : exact).push(v);
  };
  add(registration.title);
  add(registration.content);
  if (Array.isArray(registration.petitioners)) {
    for (const p of registration.petitioners) {
      if (typeof p !== "object" || p === null) continue;
      // The petitioner's id names the accuser as surely as the name does.
      for (const [key, value] of Object.entries(p)) add(value, key !== "id");
    }
  }
  return { petitionId: String(registration.petitionId ?? ""), texts, exact };
};

/** Paths in `payload` that carry a secret key or value. */
export const accusationLeaks = (payload: unknown, secrets: AccusationSecrets): string[] => {
  const leaks: string[] = [];
  const walk = (value: unknown, path: string): void => {
    if (typeof value === "string") {
      if (secrets.exact.includes(value) || secrets.texts.some((s) => value.includes(s))) {
        leaks.push(path);
      }
      return;
    }
    if (typeof value !== "object" || value === null) return;
    for (const [key, child] of Object.entries(value)) {
      const at = `${path}.${key}`;
      if (!Array.isArray(value) && SECRET_KEYS.has(key)) leaks.push(at);
      else walk(child, at);
    }
  };
  walk(payload, "payload");
  return leaks;
};

/** Throws AccusationLeakError when any row of an accusation would carry its secrets. */
export const assertNoAccusationLeak = (
  messages: readonly OutboxMessage[],
  secrets: AccusationSecrets | undefined,
): void => {
  if (!secrets) return;
  const paths = messages.flatMap((m) => accusationLeaks(m.payload, secrets));
  if (paths.length > 0) throw new AccusationLeakError(secrets.petitionId, paths);
};

/** For callers with only the state: whether the petition is an accusation. */
export const isAccusation = (petition: PetitionState | undefined): boolean =>
  petition?.category === "accusation";
