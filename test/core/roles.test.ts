import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRequiredRoles, readTokenRoles } from '../../src/core/claims/roles.js';

describe('readTokenRoles', () => {
  it('reads Entra app roles', () => {
    assert.deepEqual(readTokenRoles({ roles: ['Orders.Read.All'] }), ['Orders.Read.All']);
  });

  it('reads Keycloak realm roles bare and client roles as client:role', () => {
    const claims = {
      realm_access: { roles: ['admin', 'offline_access'] },
      resource_access: { 'orders-api': { roles: ['write'] }, account: { roles: ['view-profile'] } },
    };
    assert.deepEqual(readTokenRoles(claims), ['admin', 'offline_access', 'orders-api:write', 'account:view-profile']);
  });

  it('reads Okta and Keycloak groups, Cognito groups, and an Auth0 namespaced roles claim', () => {
    assert.deepEqual(readTokenRoles({ groups: ['Everyone', 'admins'] }), ['Everyone', 'admins']);
    assert.deepEqual(readTokenRoles({ 'cognito:groups': ['editors'] }), ['editors']);
    assert.deepEqual(readTokenRoles({ 'https://example.com/roles': ['admin'] }), ['admin']);
  });

  it('ignores what no IdP sends: strings, non-string elements, other claims, permissions', () => {
    assert.deepEqual(readTokenRoles({ roles: 'admin', groups: [1, null, 'ok'], realm_access: ['admin'], permissions: ['read:orders'], scope: 'admin' }), ['ok']);
    assert.deepEqual(readTokenRoles({ resource_access: { api: { roles: 'admin' } } }), []);
  });
});

describe('parseRequiredRoles', () => {
  it('takes names and lists, once each', () => {
    assert.deepEqual(parseRequiredRoles(['admin', ['admin', 'orders-api:write']], 'requireRoles'), ['admin', 'orders-api:write']);
  });

  it('refuses an empty list and values that are not role names', () => {
    assert.throws(() => parseRequiredRoles([], 'requireRoles'), /requireRoles needs at least one role/);
    assert.throws(() => parseRequiredRoles([''], 'requireRoles'), /takes role names/);
    assert.throws(() => parseRequiredRoles([42 as unknown as string], 'requireAnyRole'), /requireAnyRole takes role names; got 42/);
    assert.throws(() => parseRequiredRoles(['a\nb'], 'requireRoles'), /takes role names/);
  });
});
