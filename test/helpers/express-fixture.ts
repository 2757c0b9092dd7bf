import express, { type Express } from 'express';
import { bearerAuth, type BearerAuthMiddleware, type ExpressBearerAuthOptions } from '../../src/express/index.js';
import { busyMachineTimeout } from './busy-machine.js';
import { createTestClock, createTestIssuer, type TestClock, type TestIssuer, type TestIssuerOptions } from '../../src/testing/index.js';

export interface ExpressFixture {
  app: Express;
  issuer: TestIssuer;
  clock: TestClock;
  auth: BearerAuthMiddleware;
  close(): Promise<void>;
}

/**
 * A real local issuer and an Express app guarded by bearerAuth with an injected clock:
 * GET /me (any valid token), /users (scope users:read), /any (users:read or users:write),
 * /admin (claim groups contains admins).
 */
export async function startExpressFixture(
  { issuer: issuerOptions = {}, auth: authOptions = {} }: { issuer?: TestIssuerOptions; auth?: Partial<ExpressBearerAuthOptions> } = {},
): Promise<ExpressFixture> {
  const clock = createTestClock();
  const issuer = await createTestIssuer({ clock, ...issuerOptions });
  const auth = bearerAuth({
    issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri }],
    audience: issuer.audience,
    clock: clock.now,
    ...authOptions,
    keys: { timeout: busyMachineTimeout, ...authOptions.keys },
  });
  const app = express();
  app.get('/me', auth, (req, res) => {
    res.json({ subject: req.auth?.subject, scopes: req.auth?.scopes, issuer: req.auth?.issuer });
  });
  app.get('/users', auth, auth.requireScopes('users:read'), (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/any', auth, auth.requireAnyScope('users:read', 'users:write'), (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/admin', auth, auth.requireClaims({ groups: 'admins' }), (_req, res) => {
    res.json({ ok: true });
  });
  return { app, issuer, clock, auth, close: () => issuer.close() };
}
