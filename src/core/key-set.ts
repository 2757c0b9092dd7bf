import { KeyObject } from 'node:crypto';
import { importJWK, type JWK } from 'jose';
import { isUsableSigningJwk, keyMismatch } from './key-fit.js';

/** One published key; imported per algorithm on first use and kept. */
export interface KeyEntry {
  readonly kid: string | undefined;
  readonly jwk: JWK;
  /** The key as a node:crypto KeyObject for `alg`; rejects when jose refuses the key. */
  keyFor(alg: string): Promise<KeyObject>;
}

/** A parsed JWKS: the usable keys by `kid`, and what was left out and why. */
export interface KeySet {
  readonly byKid: ReadonlyMap<string, readonly KeyEntry[]>;
  readonly all: readonly KeyEntry[];
  readonly ignored: readonly string[];
}

const maxKeys = 100;
const maxKidLength = 256;

function createKeyEntry(jwk: JWK): KeyEntry {
  const imported = new Map<string, Promise<KeyObject>>();
  return {
    kid: typeof jwk.kid === 'string' ? jwk.kid : undefined,
    jwk,
    keyFor(alg) {
      let key = imported.get(alg);
      if (!key) {
        // jose parses and validates the key material; node:crypto then checks signatures with it.
        key = importJWK({ ...jwk, ext: true }, alg).then((k) => {
          const keyObject = KeyObject.from(k as Parameters<typeof KeyObject.from>[0]);
          const bits = keyObject.asymmetricKeyDetails?.modulusLength;
          if (bits !== undefined && bits < 2048) throw new Error(`RSA key of ${bits} bits; at least 2048 are required`);
          return keyObject;
        });
        imported.set(alg, key);
      }
      return key;
    },
  };
}

/**
 * Reads a JWKS document. Keeps public signature keys of supported types; skips the rest with a
 * reason. Returns a string saying what is wrong when nothing usable is left.
 */
export function parseKeySet(json: unknown): KeySet | string {
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { keys?: unknown }).keys)) {
    return 'the JWKS is not an object with a "keys" array';
  }
  const keys = (json as { keys: unknown[] }).keys;
  if (keys.length > maxKeys) return `the JWKS has ${keys.length} keys; at most ${maxKeys} are read`;
  const ignored: string[] = [];
  const all: KeyEntry[] = [];
  const byKid = new Map<string, KeyEntry[]>();
  for (const [i, raw] of keys.entries()) {
    const jwk = raw as JWK;
    if (typeof jwk !== 'object' || jwk === null || !isUsableSigningJwk(jwk)) {
      ignored.push(`keys[${i}]: not a public signature key of type RSA, EC or Ed25519`);
      continue;
    }
    if (jwk.kid !== undefined && (typeof jwk.kid !== 'string' || jwk.kid.length > maxKidLength)) {
      ignored.push(`keys[${i}]: kid is not a string of at most ${maxKidLength} characters`);
      continue;
    }
    const entry = createKeyEntry(jwk);
    all.push(entry);
    if (entry.kid !== undefined) {
      const list = byKid.get(entry.kid) ?? [];
      if (list.length === 1) ignored.push(`kid ${entry.kid} appears more than once; each is tried`);
      list.push(entry);
      byKid.set(entry.kid, list);
    }
  }
  if (all.length === 0) {
    return keys.length === 0 ? 'the JWKS has no keys' : `the JWKS has no usable signing keys (${ignored.join('; ')})`;
  }
  return { byKid, all, ignored };
}

/** The keys that may verify a token with this `kid` and `alg`, or why none can. */
export function selectKeys(
  set: KeySet,
  kid: string | undefined,
  alg: string,
): { keys: KeyEntry[] } | { problem: 'kid_unknown' | 'kid_missing' | 'algorithm_key_mismatch'; reason: string } {
  const named = kid === undefined ? set.all : set.byKid.get(kid);
  if (!named || named.length === 0) return { problem: 'kid_unknown', reason: `no key with kid ${kid}` };
  const fitting = named.filter((entry) => keyMismatch(entry.jwk, alg) === undefined);
  if (fitting.length === 0) {
    return { problem: 'algorithm_key_mismatch', reason: keyMismatch(named[0]!.jwk, alg) ?? `no key fits ${alg}` };
  }
  if (kid === undefined && fitting.length > 1) {
    return { problem: 'kid_missing', reason: `the token has no kid and ${fitting.length} published keys fit ${alg}` };
  }
  return { keys: fitting };
}
