import assert from 'node:assert/strict';
import { CompactSign } from 'jose';
import { describe, it } from 'node:test';
import { createVerifier } from '../../src/core/index.js';

// Deeper than a recursive walk of the parsed value survives (and than JSON.stringify can write).
const depth = 20_000;
const nestedText = `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('A verified token nested thousands deep is frozen without recursion', () => {
  const issuer = 'https://hs.example';
  const secret = 'a shared secret of at least thirty-two bytes';
  const verifier = createVerifier({ issuers: [{ issuer, secret }], audience: 'api', algorithms: ['HS256'], maxTokenLength: 200_000 });

  it('accepts it and freezes every level of the claim', async () => {
    const exp = Math.floor(Date.now() / 1000) + 600;
    const payload = `{"iss":"${issuer}","aud":"api","exp":${exp},"deep":${nestedText}}`;
    const token = await new CompactSign(new TextEncoder().encode(payload))
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(secret));
    const auth = await verifier.verify(token);
    let level = auth.claims.deep as unknown[];
    for (let i = 1; i < depth; i++) level = level[0] as unknown[];
    assert.deepEqual(level, []);
    assert.ok(Object.isFrozen(level));
    assert.ok([auth, auth.header, auth.claims, auth.scopes].every((part) => Object.isFrozen(part)));
  });
});
