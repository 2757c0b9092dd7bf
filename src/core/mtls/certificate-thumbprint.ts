import { createHash, X509Certificate } from 'node:crypto';

/** The RFC 8705 §3.1 `x5t#S256` of a DER certificate: base64url of its SHA-256. */
export function certificateThumbprint(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('base64url');
}

const pemBody = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/;

/**
 * The DER bytes of a client certificate forwarded in a header by a TLS-terminating proxy, in the
 * forms proxies use: RFC 9440 `Client-Cert` (`:<base64 DER>:`), PEM, or URL-encoded PEM (nginx's
 * `$ssl_client_escaped_cert`, AWS ALB's `X-Amzn-Mtls-Clientcert`). Returns undefined for anything
 * that does not parse as one X.509 certificate.
 */
export function certificateFromHeader(value: string): Buffer | undefined {
  let text = value.trim();
  let der: Buffer;
  if (text.startsWith(':') && text.endsWith(':') && text.length > 2) {
    der = Buffer.from(text.slice(1, -1), 'base64');
  } else {
    if (text.includes('%')) {
      try {
        text = decodeURIComponent(text);
      } catch {
        return undefined;
      }
    }
    const pem = pemBody.exec(text);
    if (!pem) return undefined;
    der = Buffer.from(pem[1]!.replace(/\s+/g, ''), 'base64');
  }
  try {
    return Buffer.from(new X509Certificate(der).raw);
  } catch {
    return undefined;
  }
}
