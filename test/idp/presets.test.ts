import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { rawRequest } from '../helpers/raw-request.js';
import { createTestClock, createTestIssuer, expectChallenge, type TestIssuer } from '../../src/testing/index.js';
import { adapters } from '../matrix/adapters.js';
import { presetCases, type PresetCase } from './preset-cases.js';

const clock = createTestClock(Date.UTC(2026, 0, 1, 12));
const issuers = new Map<string, Promise<TestIssuer>>();
after(async () => Promise.all([...issuers.values()].map(async (i) => (await i).close())));

/** One local issuer per shape and tenant, shared by the cases that need it. */
function localIssuer(c: PresetCase): Promise<TestIssuer> {
  const key = `${c.shape}/${c.tenant}`;
  let issuer = issuers.get(key);
  if (!issuer) {
    issuer = createTestIssuer({ shape: c.shape, tenant: c.tenant, clock });
    issuers.set(key, issuer);
  }
  return issuer;
}

for (const adapter of adapters) {
  describe(`IdP presets through ${adapter.name}`, () => {
    for (const c of presetCases) {
      it(c.name, async () => {
        const issuer = await localIssuer(c);
        const fetched: string[] = [];
        const server = await adapter.start({
          issuers: [c.preset],
          clock: clock.now,
          // The preset's real key URL is answered by the local issuer; nothing else may be fetched.
          fetch: (input, init) => {
            const url = input instanceof Request ? input.url : String(input);
            fetched.push(url);
            if (url !== c.preset.jwksUri) throw new TypeError(`unexpected fetch of ${url}`);
            return fetch(issuer.jwksUri, init);
          },
        });
        try {
          const token = await c.token(issuer, c.iss);
          const res = await rawRequest(server, c.path, [['Authorization', `Bearer ${token}`]]);
          const body = JSON.parse(res.body) as Record<string, unknown>;
          assert.equal(res.status, c.expect.status, res.body);
          if (c.expect.status === 200) {
            assert.equal(res.headers['www-authenticate'], undefined);
          } else {
            const error = c.expect.status === 403 ? 'insufficient_scope' : 'invalid_token';
            expectChallenge({ status: res.status, headers: res.headers }, { status: c.expect.status, error });
            assert.equal(body.code, c.expect.code);
            if (c.expect.description) assert.match(String(body.error_description), c.expect.description);
          }
          assert.ok(fetched.every((url) => url === c.preset.jwksUri));
        } finally {
          server.closeAllConnections();
          await new Promise((resolve) => server.close(resolve));
        }
      });
    }
  });
}
