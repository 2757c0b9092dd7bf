import { createSecretKey, type KeyObject } from 'node:crypto';
import type { Failure, FailureDetails } from '../errors/failure.js';
import { isSymmetricAlgorithm } from '../jws/algorithms.js';
import type { KeyEvent } from '../pipeline/events.js';
import type { ResolvedIssuer, ResolvedOptions } from '../options/resolve-options.js';
import { keyFailure } from './key-failure.js';
import { createKeyStore, type KeyStore } from './key-store.js';

/** The verification keys of every configured issuer: its shared secret, or its published keys. */
export interface IssuerKeys {
  /** The keys for a token when they are at hand (a secret, or published keys looked up before); else undefined. */
  ready(entry: ResolvedIssuer, kid: string | undefined, alg: string, now: number): KeyObject[] | undefined;
  /** The published keys for a token, fetched or imported as needed; a lookup problem is a failure. */
  fetch(entry: ResolvedIssuer, facts: FailureDetails): Promise<KeyObject[] | Failure>;
  /** Fetches the issuer's key set and imports the keys its algorithms can use (see KeyStore.prepare). */
  prepare(entry: ResolvedIssuer): Promise<number>;
  /** Changes whenever the issuer adopts another key set. */
  generation(issuer: string): number;
  /** Epoch ms until which keys for `alg` stay as they are: a secret forever, a key set until it expires. */
  freshUntil(issuer: string, alg: string): number;
}

export function createIssuerKeys(options: ResolvedOptions, emit: (event: KeyEvent) => void): IssuerKeys {
  const { clock } = options;
  const stores = new Map<string, KeyStore>();
  const secrets = new Map<string, KeyObject[]>();
  for (const entry of options.issuers.values()) {
    if (entry.secret) secrets.set(entry.issuer, [createSecretKey(entry.secret)]);
    stores.set(
      entry.issuer,
      createKeyStore({
        issuer: entry.issuer,
        ...(entry.jwksUri ? { jwksUri: entry.jwksUri } : {}),
        policy: options.keys,
        fetch: options.keyFetch,
        clock,
        emit,
      }),
    );
  }
  return {
    ready(entry, kid, alg, now) {
      // HS* passed the allowlist, and configuration allows HS* only on entries with a secret.
      if (isSymmetricAlgorithm(alg)) return secrets.get(entry.issuer)!;
      return stores.get(entry.issuer)!.readyKeys(kid, alg, now);
    },
    fetch(entry, facts) {
      return stores
        .get(entry.issuer)!
        .keysFor(facts.kid, facts.alg!)
        .catch((error: unknown) => keyFailure(error, entry.issuer, facts, clock()));
    },
    prepare: (entry) => stores.get(entry.issuer)!.prepare(entry.algorithms),
    generation: (issuer) => stores.get(issuer)!.generation(),
    freshUntil: (issuer, alg) => (isSymmetricAlgorithm(alg) ? Number.POSITIVE_INFINITY : stores.get(issuer)!.freshUntil()),
  };
}
