import type { RequestCheck } from '../pipeline/request-check.js';
import type { RequestContext } from '../request/request-context.js';
import { certificateFromHeader, certificateThumbprint } from './certificate-thumbprint.js';
import type { ResolvedMtls } from './mtls-options.js';

/**
 * The certificate-binding stage (RFC 8705 §3): on every request, cache hits included. A token
 * with `cnf["x5t#S256"]` is accepted only from a client that presented that certificate, read
 * from the TLS socket or from the header the options name.
 */
export function createMtlsCheck(mtls: ResolvedMtls): RequestCheck {
  return {
    name: 'mtls',
    check(auth, request) {
      const cnf = auth.claims.cnf;
      const bound = typeof cnf === 'object' && cnf !== null ? (cnf as Record<string, unknown>)['x5t#S256'] : undefined;
      if (bound === undefined) {
        if (!mtls.required) return undefined;
        return { code: 'mtls_token_unbound', description: 'This API accepts only certificate-bound tokens (cnf x5t#S256); the token is not bound to a certificate' };
      }
      const presented = presentedCertificate(request, mtls);
      if (presented === undefined) {
        return {
          code: 'mtls_certificate_missing',
          description: mtls.certificateHeader
            ? `The token is bound to a client certificate but the request has no usable ${mtls.certificateHeader} header`
            : 'The token is bound to a client certificate but the connection presented none',
        };
      }
      if (presented !== bound) {
        return { code: 'mtls_certificate_mismatch', description: 'The token is bound to another client certificate: cnf x5t#S256 is not the thumbprint of the one presented' };
      }
      return undefined;
    },
  };
}

/** The thumbprint of the client certificate, from the header when configured, else the socket. */
function presentedCertificate(request: RequestContext, mtls: ResolvedMtls): string | undefined {
  if (mtls.certificateHeader !== null) {
    const value = request.headers?.[mtls.certificateHeader];
    // Sent twice, the header is ambiguous: which certificate would the proxy have vouched for?
    if (typeof value !== 'string') return undefined;
    const der = certificateFromHeader(value);
    return der && certificateThumbprint(der);
  }
  const certificate = request.peerCertificate?.();
  return certificate && certificateThumbprint(certificate.raw);
}
