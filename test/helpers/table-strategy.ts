import type { Failure, TokenVerificationStrategy, VerifiedToken } from '../../src/core/index.js';

/** What the table knows about one opaque token, as an introspection endpoint would answer. */
export interface TableEntry {
  issuer: string;
  subject: string;
  scopes: string[];
  /** Epoch seconds. */
  exp: number;
}

/** A second verification strategy for the seam tests: opaque tokens looked up in a table. */
export interface TableStrategy extends TokenVerificationStrategy {
  /** How many tokens the pipeline asked this strategy to verify. */
  readonly calls: number;
}

/**
 * Opaque tokens (anything that is not dot-separated) answered from a table, asynchronously, as an
 * RFC 7662 introspection strategy will: active tokens become results cacheable for `cacheMs` (and
 * never past their `exp`), unknown ones a failure.
 */
export function createTableStrategy(table: ReadonlyMap<string, TableEntry>, cacheMs: number): TableStrategy {
  let calls = 0;
  return {
    name: 'table',
    recognizes: (token) => !token.includes('.'),
    async verify(token, now): Promise<VerifiedToken | Failure> {
      calls++;
      await Promise.resolve(); // as an HTTP call would, answer later
      const entry = table.get(token);
      if (!entry || entry.exp * 1000 <= now) {
        return { code: 'token_malformed', description: 'The opaque token is not active', facts: {} };
      }
      const claims = { iss: entry.issuer, sub: entry.subject, exp: entry.exp, scope: entry.scopes.join(' ') };
      return {
        accepted: { token, header: { alg: 'opaque' }, claims, scopes: [...entry.scopes], issuer: entry.issuer, subject: entry.subject },
        cacheUntil: Math.min(now + cacheMs, entry.exp * 1000),
      };
    },
    get calls() {
      return calls;
    },
  };
}
