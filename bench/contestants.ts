/** The Express apps measured, in the order they are reported. */
export const contestants = [
  { id: 'none', label: 'no auth (ceiling)', authenticates: false },
  { id: 'express-floor', label: 'two pass-through middlewares setting `req.auth` (Express floor)', authenticates: false },
  { id: 'bearer-guard', label: 'bearer-guard, token cache off', authenticates: true },
  { id: 'bearer-guard-cached', label: 'bearer-guard, token cache on (default)', authenticates: true },
  { id: 'oauth2-jwt-bearer', label: 'express-oauth2-jwt-bearer', authenticates: true },
  { id: 'express-jwt', label: 'express-jwt + jwks-rsa', authenticates: true },
  { id: 'jose-floor', label: 'jose jwtVerify + remote JWKS (floor)', authenticates: true },
] as const;

export type ContestantId = (typeof contestants)[number]['id'];

export const algorithms = ['RS256', 'ES256'] as const;
export type BenchAlgorithm = (typeof algorithms)[number];
