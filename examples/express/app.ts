import express, { type Express } from 'express';
import { bearerAuth, type ExpressBearerAuthOptions } from 'bearer-guard/express';

/**
 * The example API: anyone with a valid token may read their profile, reading users needs
 * `users:read`, deleting needs `users:admin` or membership of the `admins` group.
 */
export function createApp(options: ExpressBearerAuthOptions): Express {
  const auth = bearerAuth(options);
  const app = express();
  app.get('/me', auth, (req, res) => {
    res.json({ subject: req.auth?.subject, scopes: req.auth?.scopes, issuer: req.auth?.issuer });
  });
  app.get('/users', auth, auth.requireScopes('users:read'), (_req, res) => {
    res.json([{ id: 1, name: 'Ada' }]);
  });
  app.delete('/users/:id', auth, auth.requireAnyScope('users:admin'), auth.requireClaims({ groups: 'admins' }), (req, res) => {
    res.json({ deleted: req.params.id });
  });
  return app;
}
