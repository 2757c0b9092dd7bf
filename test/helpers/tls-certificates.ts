import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A certificate and its private key, PEM, with the RFC 8705 thumbprint of the certificate. */
export interface TestCertificate {
  cert: string;
  key: string;
  /** base64url(SHA-256(DER)): what `cnf["x5t#S256"]` holds for a token bound to it. */
  x5tS256: string;
}

/**
 * Makes a fresh self-signed certificate with openssl (node:crypto cannot issue X.509): a P-256 key
 * and a one-day certificate for 127.0.0.1. Client and server certificates alike: RFC 8705's
 * self-signed method binds tokens to the certificate itself, not to a CA.
 */
export function makeSelfSignedCertificate(commonName: string): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'bearer-guard-tls-'));
  try {
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
      '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', `/CN=${commonName}`,
      '-addext', 'subjectAltName=IP:127.0.0.1',
    ], { stdio: 'pipe' });
    const cert = readFileSync(certFile, 'utf8');
    // The thumbprint as openssl computes it, independent of the code under test.
    const fingerprint = execFileSync('openssl', ['x509', '-in', certFile, '-noout', '-fingerprint', '-sha256'], { encoding: 'utf8' });
    const x5tS256 = Buffer.from(fingerprint.split('=')[1]!.trim().replace(/:/g, ''), 'hex').toString('base64url');
    return { cert, key: readFileSync(keyFile, 'utf8'), x5tS256 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
