import assert from 'node:assert/strict';
import { request as httpsRequest } from 'node:https';
import { X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { BearerGuardOptions } from '../../src/core/index.js';
import { createTestClock, createTestIssuer, parseWwwAuthenticate, type TestIssuer } from '../../src/testing/index.js';
import { frameworks, type RunningApp } from '../dpop/apps.js';
import { makeSelfSignedCertificate, type TestCertificate } from '../helpers/tls-certificates.js';

interface Answer {
  status: number;
  body: { code?: string; binding?: unknown };
  challenge: string | undefined;
}

/** A GET over HTTPS, with a client certificate or without one; the server's certificate is pinned as the CA. */
function get(app: RunningApp, path: string, token: string, server: TestCertificate, client?: TestCertificate, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(new URL(path, app.origin), {
      ca: server.cert,
      ...(client ? { cert: client.cert, key: client.key } : {}),
      headers: { authorization: `Bearer ${token}`, ...headers },
      agent: false,
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Answer['body'], challenge: res.headers['www-authenticate'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

for (const framework of frameworks) {
  describe(`certificate-bound tokens (RFC 8705) through ${framework.name}, over real mutual TLS`, () => {
    const clock = createTestClock();
    let issuer: TestIssuer;
    let serverCert: TestCertificate;
    let clientCert: TestCertificate;
    let otherCert: TestCertificate;
    const apps: RunningApp[] = [];
    before(async () => {
      issuer = await createTestIssuer({ clock });
      serverCert = makeSelfSignedCertificate('127.0.0.1');
      clientCert = makeSelfSignedCertificate('client');
      otherCert = makeSelfSignedCertificate('other client');
    });
    after(async () => {
      await Promise.all(apps.map((app) => app.close()));
      await issuer.close();
    });

    async function start(options: Partial<BearerGuardOptions>, tls = true) {
      const app = await framework.start(
        { issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri }], audience: issuer.audience, clock: clock.now, ...options },
        tls ? { cert: serverCert.cert, key: serverCert.key } : undefined,
      );
      apps.push(app);
      return app;
    }

    it('accepts a token bound to the certificate the client connected with, on first use and on cache hits', async () => {
      const app = await start({ mtls: {} });
      const token = await issuer.token({ scopes: 'read', certificateThumbprint: clientCert.x5tS256 });
      for (let i = 0; i < 2; i++) {
        const res = await get(app, '/orders', token, serverCert, clientCert);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.deepEqual(res.body.binding, { method: 'mtls', x5tS256: clientCert.x5tS256 });
      }
    });

    it('refuses the token from a connection with another certificate or none, even after it was cached', async () => {
      const app = await start({ mtls: {} });
      const token = await issuer.token({ scopes: 'read', certificateThumbprint: clientCert.x5tS256 });
      assert.equal((await get(app, '/orders', token, serverCert, clientCert)).status, 200);
      const other = await get(app, '/orders', token, serverCert, otherCert);
      assert.equal(other.status, 401);
      assert.equal(other.body.code, 'mtls_certificate_mismatch');
      assert.equal(parseWwwAuthenticate(other.challenge!)[0]!.params.error, 'invalid_token');
      const none = await get(app, '/orders', token, serverCert);
      assert.equal(none.body.code, 'mtls_certificate_missing');
    });

    it('accepts unbound tokens unless mtls.required, which refuses them', async () => {
      const token = await issuer.token({ scopes: 'read' });
      const lenient = await start({ mtls: {} });
      assert.deepEqual((await get(lenient, '/orders', token, serverCert, clientCert)).body.binding, { method: 'none' });
      const strict = await start({ mtls: { required: true } });
      assert.equal((await get(strict, '/orders', token, serverCert, clientCert)).body.code, 'mtls_token_unbound');
    });

    it('without the mtls option, refuses a certificate-bound token as before (no downgrade to Bearer)', async () => {
      const app = await start({});
      const token = await issuer.token({ scopes: 'read', certificateThumbprint: clientCert.x5tS256 });
      assert.equal((await get(app, '/orders', token, serverCert, clientCert)).body.code, 'token_sender_constrained');
    });

    it('behind a TLS-terminating proxy, reads the certificate from the configured header only', async () => {
      const app = await start({ mtls: { certificateHeader: 'client-cert' } });
      const token = await issuer.token({ scopes: 'read', certificateThumbprint: clientCert.x5tS256 });
      const der = Buffer.from(new X509Certificate(clientCert.cert).raw).toString('base64');
      // The TLS connection presents another certificate: the header, which the proxy vouches for, decides.
      const viaHeader = await get(app, '/orders', token, serverCert, otherCert, { 'client-cert': `:${der}:` });
      assert.equal(viaHeader.status, 200, JSON.stringify(viaHeader.body));
      const socketOnly = await get(app, '/orders', token, serverCert, clientCert);
      assert.equal(socketOnly.body.code, 'mtls_certificate_missing');
    });
  });
}
