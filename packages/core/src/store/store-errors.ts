import { PetitioError } from "../errors.js";

/** `createKey` for a subject whose key was destroyed: it stays destroyed (crypto-shredding). */
export class PersonalDataKeyDestroyedError extends PetitioError {
  readonly code = "PERSONAL_DATA_KEY_DESTROYED";
  constructor(readonly subjectId: string) {
    super(
      `the personal-data key of subject ${subjectId} was destroyed; its data stays unreadable and no new key is made`,
    );
  }
}
