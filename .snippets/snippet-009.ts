// README.md:648
import express from 'express';
import { bearerAuth } from 'bearer-guard/express';
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    // orders-api.ts
    
    /** An API that takes only DPoP-bound tokens: a stolen token is useless without the client's key. */
    export function createOrdersApi(config: { issuer: string; audience: string; publicUrl: string }) {
      const auth = bearerAuth({
        issuers: [config.issuer],
        audience: config.audience,
        dpop: { mode: 'required', publicUrl: config.publicUrl },
      });
      const app = express();
      app.get('/orders', auth, auth.requireScopes('orders:read'), (req, res) => {
        res.json({ owner: req.auth?.subject, boundTo: req.auth?.binding });
      });
      return app;
    }
  }
}
