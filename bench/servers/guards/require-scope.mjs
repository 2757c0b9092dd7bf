/** A hand-written scope check for the anchors that have none: `scope` (string) or `scp` (array). */
export function requireScope(scope, claimsOf) {
  return (req, res, next) => {
    const claims = claimsOf(req) ?? {};
    const granted = typeof claims.scope === 'string' ? claims.scope.split(' ') : Array.isArray(claims.scp) ? claims.scp : [];
    if (granted.includes(scope)) next();
    else res.status(403).set('WWW-Authenticate', `Bearer realm="api", error="insufficient_scope", scope="${scope}"`).end();
  };
}
