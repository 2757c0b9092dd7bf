import { createHmac, timingSafeEqual } from 'node:crypto';

const unsigned = '-';

/**
 * Shared entries are JSON behind a MAC: `<mac>.<json>`, the MAC an HMAC-SHA256 over the JSON when
 * the application configures an integrity secret, `-` otherwise. With a secret, an entry written
 * by anyone without it (a tampered or planted key set) reads back as a miss.
 */
export function seal(value: unknown, secret: Buffer | undefined): string {
  const json = JSON.stringify(value);
  return `${secret ? mac(json, secret) : unsigned}.${json}`;
}

/** The value inside a sealed entry, or undefined when it is not one of ours (corrupt, tampered, foreign). */
export function unseal(text: unknown, secret: Buffer | undefined): unknown {
  if (typeof text !== 'string') return undefined;
  const dot = text.indexOf('.');
  if (dot <= 0) return undefined;
  const tag = text.slice(0, dot);
  const json = text.slice(dot + 1);
  if (secret) {
    const expected = Buffer.from(mac(json, secret));
    const given = Buffer.from(tag);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  } else if (tag !== unsigned) {
    return undefined;
  }
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

function mac(json: string, secret: Buffer): string {
  return createHmac('sha256', secret).update(json).digest('base64url');
}
