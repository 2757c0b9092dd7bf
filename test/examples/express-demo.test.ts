import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startDemo, type Demo } from '../../examples/express/demo.js';

describe('examples/express: the demo prints curl lines that answer what they say', () => {
  let demo: Demo;
  before(async () => {
    demo = await startDemo({ port: 0 });
  });
  after(() => demo.close());

  it('shows 200, 401, 401 invalid_token and 403 insufficient_scope', async () => {
    assert.deepEqual(demo.examples.map((e) => e.expect), [200, 401, 401, 403]);
    for (const example of demo.examples) {
      const res = await fetch(example.url, example.token ? { headers: { authorization: `Bearer ${example.token}` } } : {});
      assert.equal(res.status, example.expect, example.title);
      assert.ok(example.curl.startsWith('curl -i '));
    }
  });

  it('deletes only with users:admin and the admins group', async () => {
    const admin = await demo.issuer.token({ scopes: ['users:admin'], claims: { groups: ['admins'] } });
    const notInGroup = await demo.issuer.token({ scopes: ['users:admin'] });
    const del = (token: string) => fetch(`${demo.baseUrl}/users/7`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    assert.equal((await del(admin)).status, 200);
    assert.equal((await del(notInGroup)).status, 403);
  });
});
