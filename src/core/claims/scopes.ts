/** RFC 6750 §3 scope-token: printable ASCII except space, `"` and `\`. */
const scopeToken = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * Reads required scopes given as arguments (`'a'`, `'a b'`, `['a', 'b']`), splitting strings on
 * spaces. Throws a `TypeError` at configuration time for an empty list or a scope with characters
 * a challenge cannot carry.
 */
export function parseRequiredScopes(input: ReadonlyArray<string | readonly string[]>, what: string): string[] {
  const scopes: string[] = [];
  for (const item of input.flat()) {
    if (typeof item !== 'string') {
      throw new TypeError(`bearer-guard: ${what} takes scope strings; got ${JSON.stringify(item)}`);
    }
    for (const scope of item.split(' ')) {
      if (scope === '') continue;
      if (!scopeToken.test(scope)) {
        throw new TypeError(
          `bearer-guard: ${what}: ${JSON.stringify(scope)} is not a valid scope (RFC 6750: printable ASCII, no space, '"' or '\\')`,
        );
      }
      if (!scopes.includes(scope)) scopes.push(scope);
    }
  }
  if (scopes.length === 0) throw new TypeError(`bearer-guard: ${what} needs at least one scope`);
  return scopes;
}

/**
 * The scopes a token grants: `scp` (array, or space-separated string as Entra sends), `scope`
 * (space-separated string) and, when enabled, Auth0's `permissions` array. Array elements are
 * taken whole, never split. Returns `undefined` when a claim has a type no IdP sends.
 */
export function readTokenScopes(claims: Record<string, unknown>, includePermissions: boolean): string[] | undefined {
  const found: string[] = [];
  if (!addScopes(found, claims.scp) || !addScopes(found, claims.scope)) return undefined;
  if (includePermissions && !addScopes(found, claims.permissions)) return undefined;
  return withoutRepeats(found);
}

/** Adds the non-empty scopes of one claim to `found`; false for a claim of a type no IdP sends. */
function addScopes(found: string[], claim: unknown): boolean {
  if (claim === undefined) return true;
  if (typeof claim === 'string') {
    for (const s of claim.split(' ')) if (s) found.push(s);
    return true;
  }
  if (!Array.isArray(claim) || !claim.every((s) => typeof s === 'string')) return false;
  for (const s of claim as string[]) if (s) found.push(s);
  return true;
}

/** First occurrences in order. A few scopes (the usual token) are cheaper to compare than to hash. */
function withoutRepeats(scopes: string[]): string[] {
  if (scopes.length > 16) return [...new Set(scopes)];
  const unique: string[] = [];
  for (const s of scopes) if (!unique.includes(s)) unique.push(s);
  return unique;
}

/** The required scopes the granted list lacks (all of them must be present). */
export function missingScopes(granted: readonly string[], required: readonly string[]): string[] {
  return required.filter((scope) => !granted.includes(scope));
}
