import { sign, type KeyObject } from 'node:crypto';
import type { AsymmetricAlgorithm } from './algorithms.js';
import { signatureSchemes } from './verify-signature.js';

/**
 * Builds a compact JWS with node:crypto, using the same algorithm table as verification. The key's
 * fit to `alg` was checked when it was configured.
 */
export function signJws(header: Record<string, unknown>, payload: Record<string, unknown>, alg: AsymmetricAlgorithm, key: KeyObject): string {
  const scheme = signatureSchemes[alg];
  if (!scheme || scheme.hmac) throw new TypeError(`bearer-guard: cannot sign ${alg}`);
  const input = `${encode({ ...header, alg })}.${encode(payload)}`;
  const data = Buffer.from(input, 'latin1');
  let signature: Buffer;
  if (scheme.ecdsaLength !== undefined) signature = sign(scheme.hash, data, { key, dsaEncoding: 'ieee-p1363' });
  else if (scheme.padding !== undefined) signature = sign(scheme.hash, data, { key, padding: scheme.padding, saltLength: scheme.saltLength! });
  else signature = sign(scheme.hash, data, key);
  return `${input}.${signature.toString('base64url')}`;
}

function encode(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}
