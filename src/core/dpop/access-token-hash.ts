import { createHash } from 'node:crypto';

/** `ath` of RFC 9449 §4.2: base64url of the SHA-256 of the access token's ASCII bytes. */
export function accessTokenHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest('base64url');
}
