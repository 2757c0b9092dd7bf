import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { createAdmission, fingerprint } from '../../src/core/pipeline/admission.js';

/** A token shaped like a JWT: a shared header and payload prefix, a random signature. */
function token(): string {
  return `eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.${randomBytes(256).toString('base64url')}`;
}

describe('createAdmission: the token cache takes a token at its second sighting', () => {
  it('refuses a token seen for the first time and admits it the second time', () => {
    const admission = createAdmission(10_000);
    const reused = token();
    assert.equal(admission.admits(reused), false);
    assert.equal(admission.admits(reused), true);
    assert.equal(admission.admits(reused), true);
  });

  it('never admits a token because others were seen: 1 000 one-use tokens, none admitted', () => {
    const admission = createAdmission(10_000);
    // Not more: two of n random tokens share a 32-bit fingerprint with a chance of about n² / 2³³.
    const admitted = Array.from({ length: 1_000 }, token).filter((t) => admission.admits(t));
    assert.deepEqual(admitted, []);
  });

  it('tells apart tokens that differ only before their last 64 characters only when the tails differ', () => {
    const admission = createAdmission(10_000);
    const tail = randomBytes(48).toString('base64url');
    assert.equal(admission.admits(`a.b.${tail}`), false);
    // Same tail: the same fingerprint. Admitting it only means caching it at its first sighting,
    // as every token was cached before; the cache itself compares whole tokens.
    assert.equal(admission.admits(`c.d.${tail}`), true);
    assert.equal(admission.admits(`a.b.${randomBytes(48).toString('base64url')}`), false);
  });

  it('admits two reused tokens that share a bucket and take turns, at their second sighting', () => {
    const admission = createAdmission(1); // the smallest table: 1 024 slots, buckets of two
    const bucket = (t: string) => fingerprint(t) & 1022;
    const first = token();
    let second = token();
    while (bucket(second) !== bucket(first) || fingerprint(second) === fingerprint(first)) second = token();
    assert.deepEqual([first, second, first, second].map((t) => admission.admits(t)), [false, false, true, true]);
  });

  it('still admits most reused tokens while one-use tokens pass between their sightings', () => {
    const admission = createAdmission(10_000);
    const reused = Array.from({ length: 100 }, token);
    for (const t of reused) admission.admits(t);
    for (let i = 0; i < 2_000; i++) admission.admits(token());
    const admitted = reused.filter((t) => admission.admits(t)).length;
    // A reused fingerprint is pushed out when two of the 2 000 land in its bucket (16 384 buckets): about 1%.
    assert.ok(admitted >= 80, `${admitted} of 100 reused tokens admitted at their second sighting`);
  });
});
