/**
 * `bearer-guard/testing`: a real local authorization server for tests, a
 * manual clock, and helpers to read and assert `WWW-Authenticate` challenges.
 * Self-contained: nothing here imports the middleware it tests.
 *
 * @example
 * ```ts
 * import { createTestClock, createTestIssuer, expectChallenge } from 'bearer-guard/testing';
 *
 * const clock = createTestClock();
 * const issuer = await createTestIssuer({ shape: 'auth0', clock });
 * const token = await issuer.token({ scopes: 'read:orders' });
 * ```
 *
 * @packageDocumentation
 */
export { createTestClock, type ClockSource, type TestClock } from './clock.js';
export { createTestIssuer, type TestIssuer, type TestIssuerOptions } from './issuer.js';
export type { TestAuthorizationServer } from './authorization-server.js';
export type { TokenOptions } from './tokens.js';
export type { NamedTokens, TokenFactory } from './named-tokens.js';
export type { Fault, FaultEndpoint, FailOptions, HitCounters } from './faults.js';
export type { TestClientRegistration } from './test-clients.js';
export type { TokenRequestRecord } from './token-endpoint.js';
export type { DiscoveryForm, DiscoveryUrls } from './discovery.js';
export type { AsymmetricAlgorithm, TokenAlgorithm, PublishedJwk } from './keys.js';
export type { IssuerShape, ScopeClaimPlacement } from './shapes.js';
export { createDpopKey, type DpopKeyAlgorithm, type DpopKeyOptions, type DpopProofOptions, type TestDpopKey } from './dpop.js';
export { parseWwwAuthenticate, type Challenge } from './parse-www-authenticate.js';
export { expectChallenge, type ExpectedChallenge, type ResponseLike } from './expect-challenge.js';
