import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { createVerifier, isBearerGuardError, type KeyEvent } from '../../src/core/index.js';
import { createTestClock, createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

/**
 * Without a `fetch` option, discovery and key sets are fetched with node:http (global fetch would
 * start undici on a cold process's first request). These tests hold that path to fetch's answers:
 * no global fetch is called, redirects only to https or loopback http, compressed bodies decoded.
 */
describe('Keys: without a fetch option, discovery and JWKS go through node:http', () => {
  const clock = createTestClock();
  let issuer: TestIssuer;
  let relay: Server;
  let relayUrl: string;
  const relayHits: string[] = [];

  before(async () => {
    issuer = await createTestIssuer({ clock });
    // A second server in front of the issuer: redirects, compressed copies of the JWKS.
    relay = createServer(async (req, res) => {
      relayHits.push(req.url ?? '');
      if (req.url === '/to-loopback') {
        res.writeHead(302, { location: issuer.jwksUri }).end();
      } else if (req.url === '/to-plain-http') {
        res.writeHead(301, { location: 'http://keys.example.com/jwks.json' }).end();
      } else if (req.url === '/loop') {
        res.writeHead(302, { location: '/loop' }).end();
      } else if (req.url === '/gzip') {
        const jwks = await (await fetch(issuer.jwksUri)).text();
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync(jwks));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    relayUrl = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
  });
  after(async () => {
    relay.closeAllConnections();
    await new Promise((resolve) => relay.close(resolve));
    await issuer.close();
  });

  function verifierFor(jwksUri: string | undefined, events: KeyEvent[] = []) {
    return createVerifier({
      issuers: [jwksUri ? { issuer: issuer.issuer, jwksUri } : issuer.issuer],
      audience: issuer.audience,
      clock: clock.now,
      tokenCache: false,
      keys: { timeout: '30s' },
      onKeyEvent: (event) => events.push(event),
    });
  }

  it('discovers and fetches keys without calling the global fetch', async () => {
    const globalFetch = globalThis.fetch;
    let calls = 0;
    globalThis.fetch = (...args) => {
      calls++;
      return globalFetch(...args);
    };
    try {
      const before = { ...issuer.hits };
      const auth = await verifierFor(undefined).verify(await issuer.token());
      assert.equal(auth.issuer, issuer.issuer);
      assert.equal(calls, 0);
      assert.equal(issuer.hits.discovery - before.discovery, 1);
      assert.equal(issuer.hits.jwks - before.jwks, 1);
    } finally {
      globalThis.fetch = globalFetch;
    }
  });

  it('follows a redirect to loopback http', async () => {
    const auth = await verifierFor(`${relayUrl}/to-loopback`).verify(await issuer.token());
    assert.equal(auth.issuer, issuer.issuer);
  });

  it('refuses a redirect to plain http on another host without following it: 503, reason logged', async () => {
    const events: KeyEvent[] = [];
    await assert.rejects(verifierFor(`${relayUrl}/to-plain-http`, events).verify(await issuer.token()), (error: unknown) => {
      assert.ok(isBearerGuardError(error));
      assert.equal(error.status, 503);
      assert.equal(error.code, 'jwks_unavailable');
      return true;
    });
    const failed = events.find((e) => e.type === 'keys_fetch_failed');
    assert.equal(failed && 'reason' in failed ? failed.reason : undefined, 'redirected to a non-https URL');
  });

  it('gives up after a few redirects in a loop', async () => {
    const events: KeyEvent[] = [];
    const hitsBefore = relayHits.length;
    await assert.rejects(verifierFor(`${relayUrl}/loop`, events).verify(await issuer.token()), (error: unknown) => {
      assert.ok(isBearerGuardError(error));
      assert.equal(error.code, 'jwks_unavailable');
      return true;
    });
    assert.equal(relayHits.length - hitsBefore, 6);
    const failed = events.find((e) => e.type === 'keys_fetch_failed');
    assert.match(String(failed && 'reason' in failed ? failed.reason : ''), /redirects/);
  });

  it('decodes a gzip-encoded key set', async () => {
    const auth = await verifierFor(`${relayUrl}/gzip`).verify(await issuer.token());
    assert.equal(auth.issuer, issuer.issuer);
  });
});
