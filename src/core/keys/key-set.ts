import type { KeyObject } from 'node:crypto';
import { importPublicKey } from './import-public-key.js';
import type { Jwk as JWK } from './jwk.js';
import { isAsymmetricAlgorithm } from '../jws/algorithms.js';
import { describeValue } from '../lib/describe-value.js';
import { isSupportedKeyType, keyMismatch } from './key-fit.js';

/** One published key; imported per algorithm on first use and kept. */
export interface KeyEntry {
  readonly kid: string | undefined;
  readonly jwk: JWK;
  /** The key as a node:crypto KeyObject for `alg`; rejects when the key material is unusable. */
  keyFor(alg: string): Promise<KeyObject>;
}

/** A parsed JWKS: the usable keys by `kid`, and what was left out and why. */
export interface KeySet {
  readonly byKid: ReadonlyMap<string, readonly KeyEntry[]>;
  readonly all: readonly KeyEntry[];
  readonly ignored: readonly string[];
  /** Why each skipped key that has a kid was skipped, so a token naming it gets that reason. */
  readonly unusable: ReadonlyMap<string, string>;
}

const maxKeys = 100;
const maxKidLength = 256;

/**
 * Why a published JWK can never verify a token here, or undefined when it may. Everything
 * keyMismatch() later prints is a string by then, so hostile members cannot break a description.
 */
function unusableReason(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'not an object';
  const jwk = raw as JWK;
  if (jwk.d !== undefined) return 'a private key (it has "d"); a JWKS must publish public keys only';
  if (jwk.use !== undefined && jwk.use !== 'sig') return `use ${describeValue(jwk.use, 20)}, not sig`;
  if (!isSupportedKeyType(jwk)) {
    const crv = jwk.crv === undefined ? '' : ` crv ${describeValue(jwk.crv, 20)}`;
    return `kty ${describeValue(jwk.kty, 20)}${crv} is not a signature key bearer-guard reads (RSA, EC P-256/P-384/P-521, OKP Ed25519)`;
  }
  if (jwk.alg !== undefined && !(typeof jwk.alg === 'string' && isAsymmetricAlgorithm(jwk.alg))) {
    return `alg ${describeValue(jwk.alg, 20)} is not supported`;
  }
  if (jwk.kid !== undefined && (typeof jwk.kid !== 'string' || jwk.kid.length > maxKidLength)) {
    return `kid is not a string of at most ${maxKidLength} characters`;
  }
  return undefined;
}

function createKeyEntry(jwk: JWK): KeyEntry {
  let imported: Promise<KeyObject> | undefined;
  return {
    kid: typeof jwk.kid === 'string' ? jwk.kid : undefined,
    jwk,
    keyFor() {
      // Which algorithms the key may serve was decided by keyMismatch(); the material is one.
      return (imported ??= new Promise((resolve) => resolve(importPublicKey(jwk))));
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
  const unusable = new Map<string, string>();
  for (const [i, raw] of keys.entries()) {
    const problem = unusableReason(raw);
    if (problem) {
      const kid = (raw as { kid?: unknown } | null)?.kid;
      const named = typeof kid === 'string' && kid.length <= maxKidLength;
      ignored.push(`keys[${i}]${named ? ` (kid ${describeValue(kid, 64)})` : ''}: ${problem}`);
      if (named && !unusable.has(kid)) unusable.set(kid, problem);
      continue;
    }
    const jwk = raw as JWK;
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
  return { byKid, all, ignored, unusable };
}

/** The keys that may verify a token with this `kid` and `alg`, or why none can. */
export function selectKeys(
  set: KeySet,
  kid: string | undefined,
  alg: string,
): { keys: KeyEntry[] } | { problem: 'kid_unknown' | 'kid_missing' | 'algorithm_key_mismatch'; reason: string } {
  const named = kid === undefined ? set.all : set.byKid.get(kid);
  if (!named || named.length === 0) {
    const skipped = kid === undefined ? undefined : set.unusable.get(kid);
    if (skipped) return { problem: 'algorithm_key_mismatch', reason: `the published key cannot be used: ${skipped}` };
    return { problem: 'kid_unknown', reason: `no key with kid ${kid}` };
  }
  const fitting = named.filter((entry) => keyMismatch(entry.jwk, alg) === undefined);
  if (fitting.length === 0) {
    return { problem: 'algorithm_key_mismatch', reason: keyMismatch(named[0]!.jwk, alg) ?? `no key fits ${alg}` };
  }
  if (kid === undefined && fitting.length > 1) {
    return { problem: 'kid_missing', reason: `the token has no kid and ${fitting.length} published keys fit ${alg}` };
  }
  return { keys: fitting };
}
