import { asymmetricAlgorithms, type AsymmetricAlgorithm } from '../jws/algorithms.js';
import { parseDurationSeconds } from '../lib/duration.js';
import type { Duration } from '../options/options.js';
import type { PublicUrlSource } from './public-url.js';
import { createMemoryReplayStore, type DpopReplayStore } from './replay-store.js';
import { createServerNonces, type ServerNonces } from './server-nonces.js';
import { configurationError } from '../errors/configuration-error.js';

/**
 * DPoP (RFC 9449) for one middleware. Off unless `mode` says otherwise.
 *
 * @example
 * ```ts
 * const auth = bearerAuth({
 *   issuers: ['https://issuer.example.com'],
 *   audience: 'https://api.example.com',
 *   dpop: { mode: 'required', publicUrl: 'https://api.example.com' },
 * });
 * ```
 */
export interface DpopOptions {
  /**
   * `'off'` (the default): the DPoP scheme is not accepted and DPoP-bound tokens are refused.
   * `'allowed'`: Bearer and DPoP are both accepted; a DPoP-bound token only with a valid proof.
   * `'required'`: only DPoP-bound tokens with a valid proof; the Bearer scheme is refused.
   */
  mode: 'off' | 'allowed' | 'required';
  /** Algorithms a proof may be signed with. Default: every asymmetric algorithm bearer-guard verifies. */
  algorithms?: AsymmetricAlgorithm[];
  /** How far a proof's `iat` may lie from now, in either direction. Default `'60s'`, at most 10 minutes. */
  iatWindow?: Duration;
  /**
   * The public base URL of this API (scheme, host, optional port and path prefix), when it sits
   * behind a proxy that changes the address: the proof's `htu` is compared with this base plus
   * the request path. Without it (and without `trustProxy`), the URL is the request as received:
   * `https` on a TLS socket, `http` otherwise, and the `Host` header.
   */
  publicUrl?: string;
  /**
   * Read the public scheme and host from headers a proxy sets: `'forwarded'` (RFC 7239
   * `Forwarded: proto=…;host=…`) or `'x-forwarded'` (`X-Forwarded-Proto`, `X-Forwarded-Host`).
   * Only when your proxy overwrites them: a client can send them too.
   */
  trustProxy?: 'forwarded' | 'x-forwarded';
  /** Where proof `jti`s are remembered. Default: in memory, 100 000 entries (see `createMemoryReplayStore`). */
  replayStore?: DpopReplayStore;
  /**
   * Server-provided nonces (RFC 9449 §8): proofs must carry a recent `nonce` from the `DPoP-Nonce`
   * header. `true` uses a per-process secret and a 5-minute slot; give `secret` (at least 32
   * bytes) so that several instances accept each other's nonces.
   */
  nonce?: boolean | { lifetime?: Duration; secret?: string | Uint8Array };
}

/** DPoP options after validation. */
export interface ResolvedDpop {
  readonly mode: 'allowed' | 'required';
  readonly algorithms: ReadonlySet<string>;
  /** The `algs` challenge parameter. */
  readonly algs: string;
  readonly iatWindowSec: number;
  readonly publicUrl: PublicUrlSource;
  readonly replayStore: DpopReplayStore;
  readonly nonces: ServerNonces | null;
  readonly maxProofLength: number;
}

const knownDpopOptions = new Set(['mode', 'algorithms', 'iatWindow', 'publicUrl', 'trustProxy', 'replayStore', 'nonce']);
const maxIatWindowSec = 600;
const defaultNonceLifetimeSec = 300;
const minNonceSecretBytes = 32;
/** A proof carries one public key in its header: 8 KiB holds an RSA-4096 key several times over. */
const maxProofLength = 8192;

function fail(message: string): never {
  return configurationError(`dpop.${message}`);
}

/** Validates the `dpop` option; returns null when DPoP is off. */
export function resolveDpopOptions(value: unknown): ResolvedDpop | null {
  if (value === undefined) return null;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError("bearer-guard: dpop must be an object such as { mode: 'allowed' }");
  }
  const options = value as DpopOptions;
  const unknown = Object.keys(options).find((name) => !knownDpopOptions.has(name));
  if (unknown) fail(`${unknown} is not an option; known: ${[...knownDpopOptions].join(', ')}`);
  if (options.mode !== 'off' && options.mode !== 'allowed' && options.mode !== 'required') {
    fail(`mode must be 'off', 'allowed' or 'required'; got ${JSON.stringify(options.mode)}`);
  }
  if (options.mode === 'off') return null;
  const algorithms = options.algorithms ?? [...asymmetricAlgorithms];
  if (!Array.isArray(algorithms) || algorithms.length === 0) fail("algorithms must be a non-empty array such as ['ES256']");
  for (const alg of algorithms) {
    if (!(asymmetricAlgorithms as readonly string[]).includes(alg)) {
      fail(`algorithms: ${JSON.stringify(alg)} is not an asymmetric algorithm bearer-guard verifies (${asymmetricAlgorithms.join(', ')})`);
    }
  }
  const iatWindowSec = parseDurationSeconds(options.iatWindow ?? 60, 'dpop.iatWindow');
  if (iatWindowSec < 1 || iatWindowSec > maxIatWindowSec) fail(`iatWindow must be between 1 second and ${maxIatWindowSec / 60} minutes`);
  const replayStore = options.replayStore ?? createMemoryReplayStore();
  if (typeof replayStore !== 'object' || replayStore === null || typeof replayStore.markUsed !== 'function') {
    fail('replayStore must have a markUsed(id, expiresAt, now) method (see createMemoryReplayStore)');
  }
  return Object.freeze({
    mode: options.mode,
    algorithms: new Set(algorithms),
    algs: algorithms.join(' '),
    iatWindowSec,
    publicUrl: resolvePublicUrl(options.publicUrl, options.trustProxy),
    replayStore,
    nonces: resolveNonces(options.nonce),
    maxProofLength,
  });
}

function resolvePublicUrl(publicUrl: unknown, trustProxy: unknown): PublicUrlSource {
  if (publicUrl !== undefined && trustProxy !== undefined) fail('publicUrl and trustProxy exclude each other: a fixed URL needs no forwarded headers');
  if (trustProxy !== undefined) {
    if (trustProxy !== 'forwarded' && trustProxy !== 'x-forwarded') fail(`trustProxy must be 'forwarded' or 'x-forwarded'; got ${JSON.stringify(trustProxy)}`);
    return { kind: trustProxy };
  }
  if (publicUrl === undefined) return { kind: 'request' };
  let url: URL;
  try {
    url = new URL(String(publicUrl));
  } catch {
    fail(`publicUrl must be an absolute URL such as 'https://api.example.com'; got ${JSON.stringify(publicUrl)}`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash || url.username || url.password) {
    fail(`publicUrl must be an http(s) URL without query, fragment or credentials; got ${JSON.stringify(publicUrl)}`);
  }
  // The request path is appended, so the base keeps no trailing slash.
  return { kind: 'fixed', base: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}

function resolveNonces(nonce: DpopOptions['nonce']): ServerNonces | null {
  if (nonce === undefined || nonce === false) return null;
  const settings = nonce === true ? {} : nonce;
  if (typeof settings !== 'object' || settings === null) fail('nonce must be true, false or { lifetime, secret }');
  const lifetimeSec = parseDurationSeconds(settings.lifetime ?? defaultNonceLifetimeSec, 'dpop.nonce.lifetime');
  if (lifetimeSec < 1) fail('nonce.lifetime must be at least 1 second');
  if (settings.secret === undefined) return createServerNonces(lifetimeSec * 1000);
  const secret = typeof settings.secret === 'string' ? Buffer.from(settings.secret, 'utf8') : settings.secret;
  if (!(secret instanceof Uint8Array) || secret.length < minNonceSecretBytes) fail(`nonce.secret must be at least ${minNonceSecretBytes} bytes`);
  return createServerNonces(lifetimeSec * 1000, Uint8Array.from(secret));
}
