import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { certificateFromHeader, certificateThumbprint } from '../../src/core/mtls/certificate-thumbprint.js';
import { resolveMtlsOptions } from '../../src/core/mtls/mtls-options.js';
import { makeSelfSignedCertificate, type TestCertificate } from '../helpers/tls-certificates.js';

describe('client certificates forwarded by a proxy', () => {
  let client: TestCertificate;
  let der: Buffer;
  before(() => {
    client = makeSelfSignedCertificate('client');
    der = Buffer.from(new X509Certificate(client.cert).raw);
  });

  it('the thumbprint is the one openssl computes', () => {
    assert.equal(certificateThumbprint(der), client.x5tS256);
  });

  it('reads RFC 9440 Client-Cert, PEM and URL-encoded PEM (nginx, AWS ALB) alike', () => {
    const forms = [`:${der.toString('base64')}:`, client.cert, encodeURIComponent(client.cert), client.cert.replace(/\n/g, ' ')];
    for (const form of forms) assert.equal(certificateThumbprint(certificateFromHeader(form)!), client.x5tS256, form.slice(0, 30));
  });

  it('has no certificate for values that are not one', () => {
    for (const value of ['', ':bm90IGEgY2VydA==:', 'garbage', '%E0%A4%A', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----']) {
      assert.equal(certificateFromHeader(value), undefined, value);
    }
  });

  it('validates the options at construction', () => {
    assert.equal(resolveMtlsOptions(undefined), null);
    assert.deepEqual(resolveMtlsOptions({}), { certificateHeader: null, required: false });
    assert.deepEqual(resolveMtlsOptions({ certificateHeader: 'Client-Cert', required: true }), { certificateHeader: 'client-cert', required: true });
    assert.throws(() => resolveMtlsOptions({ certificateHeader: 'bad header' }), /certificateHeader/);
    assert.throws(() => resolveMtlsOptions({ header: 'x' }), /mtls.header is not an option/);
    assert.throws(() => resolveMtlsOptions({ required: 'yes' }), /required/);
    assert.throws(() => resolveMtlsOptions('socket'), TypeError);
  });
});
