/** The answers failures share: status and RFC 6750 / RFC 9449 / RFC 9470 `error`, spread into catalogue entries. */
export const noCredentials = { status: 401 } as const;
export const badRequest = { status: 400, error: 'invalid_request' } as const;
export const badToken = { status: 401, error: 'invalid_token' } as const;
export const forbidden = { status: 403, error: 'insufficient_scope' } as const;
export const unavailable = { status: 503 } as const;
/** A DPoP proof failure, answered in the DPoP challenge. */
export const badProof = { status: 401, error: 'invalid_dpop_proof', scheme: 'DPoP' } as const;
/** RFC 9470 step-up: the token is valid, the user's sign-in is not strong or recent enough. */
export const stepUp = { status: 401, error: 'insufficient_user_authentication' } as const;
