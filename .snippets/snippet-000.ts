// README.md:104
import express from 'express';
import { bearerAuth, okta } from 'bearer-guard/express';
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    
    const app = express();
    
    // Configure once and guard per route.
    const auth = bearerAuth({
      issuers: [okta({ domain: 'dev-123.okta.com' })], // allowlist; or 'https://…' (JWKS by discovery)
      audience: 'api://default',
      clockTolerance: '60s',
    });
    app.get('/users', auth, auth.requireScopes('okta.users.read'), listUsers);
    app.get('/any', auth, auth.requireAnyScope('users:read', 'users:admin'), handler);
    app.delete('/users/:id', auth, auth.requireClaims({ groups: 'admins' }), deleteUser);
    app.get('/me', auth, (req, res) => res.json(req.auth)); // typed: token, header, claims, scopes, issuer
  }
}
