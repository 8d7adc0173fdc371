import { GENESIS_HASH, type Sealed, sealEnvelope } from "./chain.js";

/**
 * Seal envelopes in order, each after the one before (the first after
 * `prevHash`, by default the genesis hash). For tests, migrations of logs
 * written before the chain existed, and stores that seal a batch at once.
 */
export const sealLog = <T extends object>(
  envelopes: Iterable<T>,
  prevHash: string = GENESIS_HASH,
): Sealed<T>[] => {
  const sealed: Sealed<T>[] = [];
  let prev = prevHash;
  for (const envelope of envelopes) {
    const next = sealEnvelope(prev, envelope);
    sealed.push(next);
    prev = next.hash;
  }
  return sealed;
};
