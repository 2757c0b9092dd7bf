import { createServer, type Server } from 'node:http';
import express from 'express';
import Koa from 'koa';
import type { BearerGuardOptions } from '../../src/core/index.js';
import { bearerAuth as expressBearerAuth } from '../../src/express/index.js';
import { bearerAuth as koaBearerAuth, type AuthState } from '../../src/koa/index.js';
import { get } from '../helpers/koa-route.js';

/** GET /me answers the token's scopes, client and issuer; /users needs users:read. */
export const frameworks: Array<{ name: string; start(options: BearerGuardOptions): Promise<Server> }> = [
  {
    name: 'Express',
    start(options) {
      const auth = expressBearerAuth(options);
      const app = express();
      app.get('/me', auth, (req, res) => {
        res.json({ scopes: req.auth?.scopes, clientId: req.auth?.clientId, issuer: req.auth?.issuer });
      });
      app.get('/users', auth, auth.requireScopes('users:read'), (_req, res) => {
        res.json({ ok: true });
      });
      return listen(app);
    },
  },
  {
    name: 'Koa',
    start(options) {
      const auth = koaBearerAuth(options);
      const app = new Koa<AuthState>();
      app.use(
        get('/me', auth, (ctx) => {
          ctx.body = { scopes: ctx.state.auth?.scopes, clientId: ctx.state.auth?.clientId, issuer: ctx.state.auth?.issuer };
        }),
      );
      app.use(
        get('/users', auth, auth.requireScopes('users:read'), (ctx) => {
          ctx.body = { ok: true };
        }),
      );
      return listen(app.callback());
    },
  },
];

function listen(handler: Parameters<typeof createServer>[1]): Promise<Server> {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

