import { createServer, type RequestListener, type Server } from 'node:http';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import express4 from 'express4';
import Koa, { type Middleware } from 'koa';
import Koa2 from 'koa2';
import type { BearerGuardOptions } from '../../src/core/index.js';
import { bearerAuth as expressBearerAuth, isBearerGuardError } from '../../src/express/index.js';
import { bearerAuth as koaBearerAuth, type AuthState } from '../../src/koa/index.js';
import type { TestClock, TestIssuer } from '../../src/testing/index.js';
import { get } from '../helpers/koa-route.js';
import { busyMachineTimeout } from '../helpers/busy-machine.js';

/**
 * Every adapter and framework version the matrix runs against, each building the same app:
 * the routes listed in `cases.ts`. Each returns a server listening on 127.0.0.1.
 */
export interface MatrixAdapter {
  name: string;
  start(options: BearerGuardOptions): Promise<Server>;
}

/**
 * The issuer identifier every adapter's local issuer signs as, and its JWKS URL. Tokens carry it
 * in `iss`; the injected fetch sends requests for it to the adapter's own local issuer. So no
 * description names a port: the response to a case is the same on every adapter, byte for byte,
 * with nothing to normalize.
 */
export const MATRIX_ISSUER = 'https://issuer.matrix.test';
const MATRIX_JWKS_URI = `${MATRIX_ISSUER}/.well-known/jwks.json`;
export const MATRIX_REALM = 'matrix';
export const MATRIX_RESOURCE = 'https://api.matrix.test';
export const MATRIX_RESOURCE_METADATA = 'https://api.matrix.test/.well-known/oauth-protected-resource';
/** Browser apps on this origin may read failures. */
const MATRIX_CORS = { allowOrigins: ['https://app.matrix.test'] };
/** Every adapter's clock starts here, so times in descriptions agree too. */
export const MATRIX_START = Date.UTC(2026, 0, 1, 12);

/** The one configuration of every adapter's middleware. */
export function matrixOptions(issuer: TestIssuer, clock: TestClock): BearerGuardOptions {
  return {
    issuers: [{ issuer: MATRIX_ISSUER, jwksUri: MATRIX_JWKS_URI }],
    audience: issuer.audience,
    realm: MATRIX_REALM,
    resource: MATRIX_RESOURCE,
    resourceMetadata: { resourceName: 'Matrix API' },
    scopeInChallenge: true,
    clock: clock.now,
    keys: { timeout: busyMachineTimeout },
    fetch: (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url !== MATRIX_JWKS_URI) throw new TypeError(`the matrix app fetched an unexpected URL: ${url}`);
      return fetch(issuer.jwksUri, init);
    },
  };
}

type ExpressFactory = () => express.Express;

function expressAdapter(name: string, createApp: ExpressFactory, errorHandling: 'respond' | 'next'): MatrixAdapter {
  return {
    name,
    start(options) {
      const auth = expressBearerAuth({ ...options, errorHandling, cors: MATRIX_CORS });
      const app = createApp();
      const ok: RequestHandler = (_req, res) => {
        res.json({ ok: true });
      };
      app.get('/me', auth, (req, res) => {
        res.json({ subject: req.auth?.subject });
      });
      app.get('/users', auth, auth.requireScopes('users:read'), ok);
      app.get('/any', auth, auth.requireAnyScope('users:read', 'users:write'), ok);
      app.get('/admin', auth, auth.requireClaims({ groups: 'admins' }), ok);
      app.get('/roles', auth, auth.requireAnyRole('admin', 'orders-api:write'), ok);
      app.get('/scoped', auth.requireScopes('users:read'), ok);
      app.get('/step-up', auth, auth.requireAuthLevel({ acr: 'mfa', maxAge: 300 }), ok);
      app.use(auth.metadata);
      if (errorHandling === 'next') app.use(expressErrorHandler);
      return listen(app);
    },
  };
}

/** The error handler the README recommends with `errorHandling: 'next'`. */
const expressErrorHandler: ErrorRequestHandler = (err, _req, res, next) => {
  if (!isBearerGuardError(err)) return next(err);
  res.status(err.status).set(err.headers).json(err.body);
};

type KoaFactory = () => Koa;

function koaAdapter(name: string, createApp: KoaFactory, errorHandling: 'respond' | 'throw'): MatrixAdapter {
  return {
    name,
    start(options) {
      const auth = koaBearerAuth({ ...options, errorHandling, cors: MATRIX_CORS });
      const app = createApp();
      const ok: Middleware<AuthState> = (ctx) => {
        ctx.body = { ok: true };
      };
      if (errorHandling === 'throw') app.use(koaErrorMiddleware);
      app.use(
        get('/me', auth, (ctx) => {
          ctx.body = { subject: ctx.state.auth?.subject };
        }),
      );
      app.use(get('/users', auth, auth.requireScopes('users:read'), ok));
      app.use(get('/any', auth, auth.requireAnyScope('users:read', 'users:write'), ok));
      app.use(get('/admin', auth, auth.requireClaims({ groups: 'admins' }), ok));
      app.use(get('/roles', auth, auth.requireAnyRole('admin', 'orders-api:write'), ok));
      app.use(get('/scoped', auth.requireScopes('users:read'), ok));
      app.use(get('/step-up', auth, auth.requireAuthLevel({ acr: 'mfa', maxAge: 300 }), ok));
      app.use(auth.metadata);
      return listen(app.callback());
    },
  };
}

/** The error middleware the README recommends with `errorHandling: 'throw'`. */
const koaErrorMiddleware: Middleware = async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    if (!isBearerGuardError(err)) throw err;
    ctx.status = err.status;
    ctx.set(err.headers);
    ctx.body = err.body;
  }
};

function listen(handler: RequestListener): Promise<Server> {
  const server = createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

export const adapters: readonly MatrixAdapter[] = [
  expressAdapter('Express 5', () => express(), 'respond'),
  expressAdapter('Express 4', () => express4(), 'respond'),
  koaAdapter('Koa 3', () => new Koa(), 'respond'),
  koaAdapter('Koa 2', () => new Koa2(), 'respond'),
  expressAdapter("Express 5, errorHandling 'next' and the app's error handler", () => express(), 'next'),
  expressAdapter("Express 4, errorHandling 'next' and the app's error handler", () => express4(), 'next'),
  koaAdapter("Koa 3, errorHandling 'throw' and the app's error middleware", () => new Koa(), 'throw'),
  koaAdapter("Koa 2, errorHandling 'throw' and the app's error middleware", () => new Koa2(), 'throw'),
];
