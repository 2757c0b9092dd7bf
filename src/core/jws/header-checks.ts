import type { Failure, FailureDetails } from '../errors/failure.js';
import { describeValue } from '../lib/describe-value.js';

/**
 * The facts a protected header offers before anything is verified: `alg` and `kid` when they are
 * strings. Filled in one order on every request, so details and results keep one shape (speed).
 */
export function headerFacts(header: Readonly<Record<string, unknown>>): FailureDetails {
  const facts: FailureDetails = {};
  if (typeof header.alg === 'string') facts.alg = header.alg;
  if (typeof header.kid === 'string') facts.kid = header.kid;
  return facts;
}

/** The header checks every token passes before its issuer is looked at: signed, a sane `kid`, no `crit`. */
export function checkHeader(header: Readonly<Record<string, unknown>>, facts: FailureDetails): Failure | undefined {
  const { alg, kid } = header;
  if (typeof alg !== 'string' || alg.toLowerCase() === 'none') {
    return { code: 'algorithm_not_allowed', description: 'The token is unsigned (alg none); only signed tokens are accepted', facts };
  }
  if (kid !== undefined && (typeof kid !== 'string' || kid.length === 0 || kid.length > 256)) {
    return { code: 'token_malformed', description: 'The token kid header is not a string of 1 to 256 characters', facts };
  }
  if (header.crit !== undefined) {
    return {
      code: 'crit_unsupported',
      description: `The token header lists critical extensions ${describeValue(header.crit, 60)}, which this API does not implement`,
      facts,
    };
  }
  return undefined;
}
