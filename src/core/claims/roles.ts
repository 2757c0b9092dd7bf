/**
 * Where IdPs put roles and groups, read the same way for every issuer:
 * - `roles`: Entra ID app roles (application permissions and user roles);
 * - `realm_access.roles`: Keycloak realm roles, as the bare role name;
 * - `resource_access.{client}.roles`: Keycloak client roles, as `{client}:{role}`;
 * - `groups`: Okta (a groups claim) and Keycloak (a group mapper);
 * - `cognito:groups`: Amazon Cognito groups;
 * - a namespaced claim ending in `/roles` (Auth0 Actions, e.g. `https://example.com/roles`).
 * Only string elements are taken; anything else in those claims is ignored.
 */
export function readTokenRoles(claims: Readonly<Record<string, unknown>>): string[] {
  const found = new Set<string>();
  const add = (value: unknown, prefix = '') => {
    if (!Array.isArray(value)) return;
    for (const role of value) if (typeof role === 'string' && role !== '') found.add(prefix + role);
  };
  add(claims.roles);
  add(claims.groups);
  add(claims['cognito:groups']);
  add(objectOf(claims.realm_access)?.roles);
  const clients = objectOf(claims.resource_access);
  if (clients) for (const [client, access] of Object.entries(clients)) add(objectOf(access)?.roles, `${client}:`);
  for (const name of Object.keys(claims)) if (/^https?:\/\/[^\s]+\/roles$/.test(name)) add(claims[name]);
  return [...found];
}

function objectOf(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Reads the roles a route requires (`'admin'`, `['admin', 'orders-api:write']`); a `TypeError` for an empty list. */
export function parseRequiredRoles(input: ReadonlyArray<string | readonly string[]>, what: string): string[] {
  const roles: string[] = [];
  for (const role of input.flat()) {
    if (typeof role !== 'string' || role.length === 0 || /[\x00-\x1f\x7f]/.test(role)) {
      throw new TypeError(`bearer-guard: ${what} takes role names; got ${JSON.stringify(role)}`);
    }
    if (!roles.includes(role)) roles.push(role);
  }
  if (roles.length === 0) throw new TypeError(`bearer-guard: ${what} needs at least one role`);
  return roles;
}
