import {
  decryptField,
  encryptField,
  isProtectedValue,
  isRedactionMarker,
  parseProtectedValue,
  redactionMarker,
} from "./field-cipher.js";
import { newPersonalDataKey, type PersonalDataKeys } from "./keys.js";

/**
 * Petitioners' personal data in events: the name, ID number, phone, e-mail
 * and address of each petitioner of a `PetitionRegistered` (docs/log-format.md),
 * each encrypted under its data subject's key before the event is stored.
 * Nothing else in the log is personal by the catalog's design (projections
 * and metrics never read these fields), so they replay the same after
 * erasure. `location.address` is where the matter is, not where the
 * petitioner lives; the petitioner's own address belongs in `address` here
 * (docs/security.md).
 */

export const PERSONAL_DATA_FIELDS = ["name", "idNumber", "phone", "email", "address"] as const;
export type PersonalDataField = (typeof PERSONAL_DATA_FIELDS)[number];

type Petitioner = Record<string, unknown>;
interface EventLike {
  type: string;
  data: Record<string, unknown>;
}

/**
 * The data subject of a petitioner: the petitioner's `id` when the app gave
 * one (the same person across petitions shares one key), otherwise
 * `<petitionId>#<index>`. Ids must be opaque, not themselves personal data.
 */
export const subjectIdOf = (petitionId: string, petitioner: Petitioner, index: number): string =>
  typeof petitioner.id === "string" && petitioner.id !== ""
    ? petitioner.id
    : `${petitionId}#${index}`;

const petitionersOf = (event: EventLike): Petitioner[] | undefined => {
  if (event.type !== "PetitionRegistered") return undefined;
  const list = event.data.petitioners;
  return Array.isArray(list) ? (list as Petitioner[]) : undefined;
};

/** The event with each petitioner mapped; unchanged (same object) when there are none. */
const mapPetitioners = async <E extends EventLike>(
  event: E,
  map: (p: Petitioner, index: number, petitionId: string) => Petitioner | Promise<Petitioner>,
): Promise<E> => {
  const list = petitionersOf(event);
  if (!list || list.length === 0) return event;
  const petitionId = String(event.data.petitionId ?? "");
  const petitioners: Petitioner[] = [];
  for (const [i, p] of list.entries()) {
    petitioners.push(typeof p === "object" && p !== null ? await map(p, i, petitionId) : p);
  }
  return { ...event, data: { ...event.data, petitioners } };
};

/** The subject ids whose data an event holds. */
export const subjectsOf = (event: EventLike): string[] => {
  const list = petitionersOf(event) ?? [];
  const petitionId = String(event.data.petitionId ?? "");
  const subjects = new Set<string>();
  list.forEach((p, i) => {
    if (typeof p !== "object" || p === null) return;
    for (const field of PERSONAL_DATA_FIELDS) {
      const value = p[field];
      if (typeof value !== "string") continue;
      subjects.add(parseProtectedValue(value)?.subjectId ?? subjectIdOf(petitionId, p, i));
    }
  });
  return [...subjects];
};

/**
 * Encrypt the personal data of an event before it is stored, creating the
 * subject's key on first use. Values already protected, and markers, are kept.
 * Every other event is returned as is.
 */
export const protectPersonalData = <E extends EventLike>(
  event: E,
  keys: PersonalDataKeys,
): Promise<E> =>
  mapPetitioners(event, async (p, i, petitionId) => {
    const subject = subjectIdOf(petitionId, p, i);
    const out: Petitioner = { ...p };
    let key: Buffer | undefined;
    for (const field of PERSONAL_DATA_FIELDS) {
      const value = p[field];
      if (typeof value !== "string" || isProtectedValue(value) || isRedactionMarker(value))
        continue;
      key ??= (await keys.getKey(subject)) ?? (await keys.createKey(subject, newPersonalDataKey()));
      out[field] = encryptField(key, subject, field, value);
    }
    return out;
  });

/**
 * Decrypt on read, for holders of the keys. A value whose key is gone (the
 * subject was erased) reads as `pii:erased:<subject>`.
 */
export const revealPersonalData = <E extends EventLike>(
  event: E,
  keys: PersonalDataKeys,
): Promise<E> =>
  mapPetitioners(event, async (p, i) => {
    const out: Petitioner = { ...p };
    for (const field of PERSONAL_DATA_FIELDS) {
      const value = p[field];
      if (typeof value !== "string") continue;
      const parsed = parseProtectedValue(value);
      if (!parsed) continue;
      const key = await keys.getKey(parsed.subjectId);
      out[field] =
        key === undefined
          ? redactionMarker("erased", parsed.subjectId)
          : decryptField(key, value, field, `data.petitioners.${i}.${field}`);
    }
    return out;
  });

/**
 * Replace every personal-data value — protected or, in a log written before
 * protection, plaintext — by `pii:redacted:<subject>`. Note that redaction
 * changes the event, so the lines of a redacted export no longer match their
 * chain hashes; export the stored ciphertext where the chain must verify.
 */
export const redactPersonalData = <E extends EventLike>(event: E): Promise<E> =>
  mapPetitioners(event, (p, i, petitionId) => {
    const out: Petitioner = { ...p };
    for (const field of PERSONAL_DATA_FIELDS) {
      const value = p[field];
      if (typeof value !== "string" || isRedactionMarker(value)) continue;
      const subject = parseProtectedValue(value)?.subjectId ?? subjectIdOf(petitionId, p, i);
      out[field] = redactionMarker("redacted", subject);
    }
    return out;
  });

/** Paths of personal-data fields that hold plaintext (neither protected nor a marker). */
export const plaintextPersonalData = (event: EventLike): string[] => {
  const paths: string[] = [];
  (petitionersOf(event) ?? []).forEach((p, i) => {
    if (typeof p !== "object" || p === null) return;
    for (const field of PERSONAL_DATA_FIELDS) {
      const value = p[field];
      if (typeof value === "string" && !isProtectedValue(value) && !isRedactionMarker(value)) {
        paths.push(`data.petitioners.${i}.${field}`);
      }
    }
  });
  return paths;
};

/**
 * Erase a petitioner (PIPL Art. 47; GDPR Art. 17): destroy the subject's key.
 * The events stay, so the chain, projections and metrics replay unchanged;
 * the subject's values can never be read again. The store must also make the
 * old key bytes unrecoverable from its files (secure_delete, WAL checkpoint).
 */
export const erasePetitioner = async (
  keys: PersonalDataKeys,
  subjectId: string,
): Promise<{ subjectId: string; hadKey: boolean }> => {
  const hadKey = (await keys.getKey(subjectId)) !== undefined;
  await keys.destroyKey(subjectId);
  return { subjectId, hadKey };
};
