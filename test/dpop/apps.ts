import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Koa from 'koa';
import type { BearerGuardOptions } from '../../src/core/index.js';
import { bearerAuth as expressBearerAuth } from '../../src/express/index.js';
import { bearerAuth as koaBearerAuth } from '../../src/koa/index.js';
import { get } from '../helpers/koa-route.js';

/** An app under test, listening on 127.0.0.1. */
export interface RunningApp {
  readonly server: Server;
  /** `http://127.0.0.1:<port>` (or https). */
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * The same API in each framework: `GET /orders` (scope `read`) and `GET /me` answer with the
 * subject and how the token was bound. With `tls`, the server speaks HTTPS and asks for a client
 * certificate (any: RFC 8705 binds tokens to the certificate itself).
 */
export interface Framework {
  readonly name: string;
  start(options: BearerGuardOptions, tls?: ServerOptions): Promise<RunningApp>;
}

export const frameworks: readonly Framework[] = [
  {
    name: 'Express',
    start(options, tls) {
      const auth = expressBearerAuth(options);
      const app = express();
      app.get('/orders', auth, auth.requireScopes('read'), (req, res) => {
        res.json({ subject: req.auth?.subject, binding: req.auth?.binding });
      });
      app.get('/me', auth, (req, res) => {
        res.json({ subject: req.auth?.subject, binding: req.auth?.binding });
      });
      return listen(app, tls);
    },
  },
  {
    name: 'Koa',
    start(options, tls) {
      const auth = koaBearerAuth(options);
      const app = new Koa();
      app.use(
        get('/orders', auth, auth.requireScopes('read'), (ctx) => {
          ctx.body = { subject: ctx.state.auth?.subject, binding: ctx.state.auth?.binding };
        }),
      );
      app.use(
        get('/me', auth, (ctx) => {
          ctx.body = { subject: ctx.state.auth?.subject, binding: ctx.state.auth?.binding };
        }),
      );
      return listen(app.callback(), tls);
    },
  },
];

function listen(handler: RequestListener, tls?: ServerOptions): Promise<RunningApp> {
  const server = tls ? createHttpsServer({ ...tls, requestCert: true, rejectUnauthorized: false }, handler) : createHttpServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        server,
        origin: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
