import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { selectIssuer } from '../../src/core/claims/select-issuer.js';
import { entra } from '../../src/core/options/presets.js';
import { resolveOptions } from '../../src/core/options/resolve-options.js';

const allowed = '9188040d-6c67-4c5b-b112-36a304b66dad';
const other = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const clientId = '6e74172b-be56-4843-9ff4-e66a39bb12e3';
const v2 = (tid: string) => `https://login.microsoftonline.com/${tid}/v2.0`;

function issuersOf(...entries: Parameters<typeof resolveOptions>[0]['issuers'][]) {
  return resolveOptions({ issuers: entries.flat(), audience: clientId }).issuers;
}

describe('selectIssuer', () => {
  const issuers = issuersOf([entra({ tenants: [allowed], clientId }), 'https://dev-123.okta.com/oauth2/default']);

  it('selects an exact issuer', () => {
    const selected = selectIssuer(issuers, 'https://dev-123.okta.com/oauth2/default', {});
    assert.ok('entry' in selected);
    assert.equal(selected.entry.issuer, 'https://dev-123.okta.com/oauth2/default');
  });

  it('selects the template when iss is the template filled with the token tid, of an allowed tenant', () => {
    const selected = selectIssuer(issuers, v2(allowed), { tid: allowed });
    assert.ok('entry' in selected);
    assert.equal(selected.entry.issuer, 'https://login.microsoftonline.com/{tenantid}/v2.0');
  });

  it('refuses a tenant outside the allowlist, naming it and the allowed ones', () => {
    const selected = selectIssuer(issuers, v2(other), { tid: other });
    assert.ok(!('entry' in selected));
    assert.equal(selected.code, 'tenant_not_allowed');
    assert.match(selected.description, new RegExp(`from tenant ${other}, which this API does not accept; it accepts tenants '?${allowed}`));
  });

  it('refuses when tid does not fill the template to iss (tid of one tenant, iss of another)', () => {
    const selected = selectIssuer(issuers, v2(other), { tid: allowed });
    assert.ok(!('entry' in selected));
    assert.equal(selected.code, 'issuer_not_allowed');
    assert.match(selected.description, /its tid .* does not fill .*\{tenantid\}/);
  });

  it('refuses a token without tid, or with a tid that is not a tenant id', () => {
    for (const payload of [{}, { tid: '../common' }, { tid: 42 }, { tid: '{tenantid}' }]) {
      const selected = selectIssuer(issuers, v2(allowed), payload);
      assert.ok(!('entry' in selected), JSON.stringify(payload));
      assert.equal(selected.code, 'issuer_not_allowed');
    }
  });

  it('never selects the template by its literal text', () => {
    const selected = selectIssuer(issuers, 'https://login.microsoftonline.com/{tenantid}/v2.0', { tid: allowed });
    assert.ok(!('entry' in selected));
  });

  it("accepts any tenant with tenants: 'any'", () => {
    const any = issuersOf([entra({ tenants: 'any', clientId })]);
    const selected = selectIssuer(any, v2(other), { tid: other });
    assert.ok('entry' in selected);
  });

  it('keeps the near-miss diagnoses for plain issuers', () => {
    const selected = selectIssuer(issuers, 'https://dev-123.okta.com/oauth2/default/', {});
    assert.ok(!('entry' in selected));
    assert.equal(selected.code, 'issuer_trailing_slash');
  });
});
