// README.md:313
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
    
    /** A small API as a user would write it: issuer and audience come from its configuration. */
    export function createOrdersApi(config: { issuer: string; audience: string }) {
      const auth = bearerAuth({ issuers: [config.issuer], audience: config.audience });
      const app = express();
      app.get('/orders', auth, auth.requireScopes('orders:read'), (req, res) => {
        res.json({ owner: req.auth?.subject, orders: [] });
      });
      return app;
    }
  }
}
