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
  const found = new Set<string>();
  const sources: unknown[] = [claims.scp, claims.scope];
  if (includePermissions) sources.push(claims.permissions);
  for (const source of sources) {
    if (source === undefined) continue;
    if (typeof source === 'string') {
      for (const s of source.split(' ')) if (s) found.add(s);
    } else if (Array.isArray(source) && source.every((s) => typeof s === 'string')) {
      for (const s of source) if (s) found.add(s);
    } else {
      return undefined;
    }
  }
  return [...found];
}

/** The required scopes the granted list lacks (all of them must be present). */
export function missingScopes(granted: readonly string[], required: readonly string[]): string[] {
  return required.filter((scope) => !granted.includes(scope));
}
