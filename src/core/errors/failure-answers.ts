/** The answers failures share: status and RFC 6750 / RFC 9449 `error`, spread into catalogue entries. */
export const noCredentials = { status: 401 } as const;
export const badRequest = { status: 400, error: 'invalid_request' } as const;
export const badToken = { status: 401, error: 'invalid_token' } as const;
export const forbidden = { status: 403, error: 'insufficient_scope' } as const;
export const unavailable = { status: 503 } as const;
/** A DPoP proof failure, answered in the DPoP challenge. */
export const badProof = { status: 401, error: 'invalid_dpop_proof', scheme: 'DPoP' } as const;
