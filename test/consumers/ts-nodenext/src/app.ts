import express from 'express';
import { bearerAuth, isBearerGuardError } from 'bearer-guard/express';

/** An Express API as a TypeScript user writes it: req.auth and the failure's fields are typed. */
export function createApp(issuer: string, audience: string): express.Express {
  const auth = bearerAuth({ issuers: [issuer], audience, errorHandling: 'next' });
  const app = express();
  app.get('/orders', auth, auth.requireScopes('orders:read'), (req, res) => {
    const subject: string | undefined = req.auth?.subject;
    res.json({ subject });
  });
  app.use((err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (!isBearerGuardError(err)) return next(err);
    const status: number = err.status;
    const headers: Record<string, string> = err.headers;
    res.status(status).set(headers).json({ ...err.body, code: err.code });
  });
  return app;
}
