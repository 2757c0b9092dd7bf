import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Server-provided DPoP nonces (RFC 9449 §8, §9), stateless: a time slot and its HMAC. */
export interface ServerNonces {
  /** The nonce clients should use now. */
  current(now: number): string;
  /** 'current', 'previous' (accepted, but a new one should be sent) or 'invalid'. */
  check(nonce: unknown, now: number): 'current' | 'previous' | 'invalid';
}

/**
 * Creates the nonce source. A nonce names a time slot of `lifetimeMs` and carries a MAC of it, so
 * nothing is stored and every instance that shares `secret` accepts the others' nonces. A nonce
 * is accepted during its slot and the next one, so a client always has time to pick up the new
 * value from `DPoP-Nonce`.
 */
export function createServerNonces(lifetimeMs: number, secret: Uint8Array = randomBytes(32)): ServerNonces {
  const mac = (slot: number) => createHmac('sha256', secret).update(`dpop-nonce:${slot}`).digest().subarray(0, 18);
  const slotOf = (now: number) => Math.floor(now / lifetimeMs);
  // Nonces are only ever base64url and '.': within RFC 9449's NQCHAR.
  const nonceFor = (slot: number) => `${slot.toString(36)}.${mac(slot).toString('base64url')}`;
  let cached = { slot: -1, nonce: '' };

  return {
    current(now) {
      const slot = slotOf(now);
      if (cached.slot !== slot) cached = { slot, nonce: nonceFor(slot) };
      return cached.nonce;
    },
    check(nonce, now) {
      if (typeof nonce !== 'string' || nonce.length > 64) return 'invalid';
      const dot = nonce.indexOf('.');
      if (dot <= 0 || !/^[0-9a-z]+$/.test(nonce.slice(0, dot))) return 'invalid';
      const slot = parseInt(nonce.slice(0, dot), 36);
      const age = slotOf(now) - slot;
      if (age !== 0 && age !== 1) return 'invalid';
      const given = Buffer.from(nonce, 'latin1');
      const expected = Buffer.from(nonceFor(slot), 'latin1');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
      return age === 0 ? 'current' : 'previous';
    },
  };
}
