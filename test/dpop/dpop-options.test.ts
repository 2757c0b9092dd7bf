import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveDpopOptions } from '../../src/core/dpop/dpop-options.js';

describe('dpop options', () => {
  it('is off when absent or mode off', () => {
    assert.equal(resolveDpopOptions(undefined), null);
    assert.equal(resolveDpopOptions({ mode: 'off' }), null);
  });

  it('has documented defaults: every asymmetric algorithm, a 60 s window, the request URL, no nonces', () => {
    const dpop = resolveDpopOptions({ mode: 'allowed' })!;
    assert.equal(dpop.algs, 'RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 EdDSA Ed25519');
    assert.equal(dpop.iatWindowSec, 60);
    assert.deepEqual(dpop.publicUrl, { kind: 'request' });
    assert.equal(dpop.nonces, null);
    assert.equal(typeof dpop.replayStore.markUsed, 'function');
  });

  it('keeps a fixed public URL without its trailing slash, or the proxy headers named', () => {
    assert.deepEqual(resolveDpopOptions({ mode: 'required', publicUrl: 'https://API.example.com/v1/' })!.publicUrl, { kind: 'fixed', base: 'https://api.example.com/v1' });
    assert.deepEqual(resolveDpopOptions({ mode: 'required', trustProxy: 'forwarded' })!.publicUrl, { kind: 'forwarded' });
  });

  const mistakes: Array<[string, unknown, RegExp]> = [
    ['not an object', 'allowed', /dpop must be an object/],
    ['an unknown mode', { mode: 'on' }, /mode must be/],
    ['an unknown option', { mode: 'allowed', algs: ['ES256'] }, /dpop.algs is not an option/],
    ['a symmetric algorithm', { mode: 'allowed', algorithms: ['HS256'] }, /HS256.*is not an asymmetric algorithm/],
    ['no algorithm', { mode: 'allowed', algorithms: [] }, /non-empty/],
    ['a window of an hour', { mode: 'allowed', iatWindow: '1h' }, /iatWindow/],
    ['a relative public URL', { mode: 'allowed', publicUrl: '/api' }, /publicUrl must be an absolute URL/],
    ['a public URL with a query', { mode: 'allowed', publicUrl: 'https://a.example/?x' }, /without query/],
    ['both publicUrl and trustProxy', { mode: 'allowed', publicUrl: 'https://a.example', trustProxy: 'forwarded' }, /exclude each other/],
    ['an unknown proxy header', { mode: 'allowed', trustProxy: true }, /trustProxy must be/],
    ['a store without markUsed', { mode: 'allowed', replayStore: {} }, /replayStore must have a markUsed/],
    ['a short nonce secret', { mode: 'allowed', nonce: { secret: 'short' } }, /at least 32 bytes/],
  ];
  for (const [what, value, message] of mistakes) {
    it(`throws a TypeError at construction for ${what}`, () => {
      assert.throws(() => resolveDpopOptions(value), (error: unknown) => error instanceof TypeError && message.test(error.message));
    });
  }
});
