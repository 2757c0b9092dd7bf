import type { KeyObject } from 'node:crypto';
import { keyMismatch } from './key-fit.js';
import { KeyLookupProblem } from './key-lookup-problem.js';
import type { KeyEntry, KeySet } from './key-set.js';

/** The published keys that fit a token, imported; throws when none of them can be imported. */
export async function importAll(entries: KeyEntry[], alg: string): Promise<KeyObject[]> {
  const keys: KeyObject[] = [];
  let lastError: unknown;
  for (const entry of entries) {
    try {
      keys.push(await entry.keyFor(alg));
    } catch (error) {
      lastError = error;
    }
  }
  if (keys.length === 0) {
    throw new KeyLookupProblem('algorithm_key_mismatch', `the published key cannot be used: ${(lastError as Error)?.message ?? 'import failed'}`);
  }
  return keys;
}

/**
 * Looks up every key of `set` for every algorithm of `algorithms` it fits, as a token naming it
 * would, so that `keysFor` has imported them and remembered the answers. Lookups that fail (an
 * unusable key, two keys without `kid`) are left to fail again for the token. Returns the number of
 * keys in the set.
 */
export async function prepareKeys(
  set: KeySet,
  algorithms: ReadonlySet<string>,
  keysFor: (kid: string | undefined, alg: string) => Promise<KeyObject[]>,
): Promise<number> {
  const lookups: Array<Promise<unknown>> = [];
  for (const entry of set.all) {
    for (const alg of algorithms) {
      if (keyMismatch(entry.jwk, alg) === undefined) lookups.push(keysFor(entry.kid, alg).catch(() => undefined));
    }
  }
  await Promise.all(lookups);
  return set.all.length;
}
