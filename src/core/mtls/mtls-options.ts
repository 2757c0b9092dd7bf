/**
 * Certificate-bound access tokens (RFC 8705 §3) for one middleware. Off unless given.
 *
 * @example
 * ```ts
 * // Node terminates TLS itself: https.createServer({ requestCert: true, … }, app)
 * const auth = bearerAuth({ issuers, audience, mtls: {} });
 * // Behind a proxy that forwards the verified client certificate (RFC 9440):
 * const proxied = bearerAuth({ issuers, audience, mtls: { certificateHeader: 'client-cert' } });
 * ```
 */
export interface MtlsOptions {
  /**
   * Read the client certificate from this request header instead of the TLS socket, for a
   * TLS-terminating proxy that sets it (RFC 9440 `Client-Cert`, PEM, or URL-encoded PEM). Only if
   * the proxy always overwrites it: a client that reaches this process directly could send it.
   */
  certificateHeader?: string;
  /** Refuse access tokens that are not bound to a certificate. Default false. */
  required?: boolean;
}

/** mTLS options after validation. */
export interface ResolvedMtls {
  /** Lower-case header name, or null for the TLS socket. */
  readonly certificateHeader: string | null;
  readonly required: boolean;
}

const known = new Set(['certificateHeader', 'required']);
const headerName = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Validates the `mtls` option; returns null when certificate binding is off. */
export function resolveMtlsOptions(value: unknown): ResolvedMtls | null {
  if (value === undefined || value === false) return null;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError("bearer-guard: mtls must be an object such as {} or { certificateHeader: 'client-cert' }");
  }
  const options = value as MtlsOptions;
  const unknown = Object.keys(options).find((name) => !known.has(name));
  if (unknown) throw new TypeError(`bearer-guard: mtls.${unknown} is not an option; known: certificateHeader, required`);
  if (options.certificateHeader !== undefined && (typeof options.certificateHeader !== 'string' || !headerName.test(options.certificateHeader))) {
    throw new TypeError(`bearer-guard: mtls.certificateHeader must be a header name such as 'client-cert'; got ${JSON.stringify(options.certificateHeader)}`);
  }
  if (options.required !== undefined && typeof options.required !== 'boolean') {
    throw new TypeError('bearer-guard: mtls.required must be true or false');
  }
  return Object.freeze({ certificateHeader: options.certificateHeader?.toLowerCase() ?? null, required: options.required ?? false });
}
