import express from 'express';
import { bearerAuth } from 'bearer-guard/express';

/** An API whose IdP issues opaque tokens: each new token is introspected, the answer kept 30 s. */
export function createReportsApi(config: { issuer: string; audience: string; clientId: string; clientSecret: string }) {
  const auth = bearerAuth({
    issuers: [
      {
        issuer: config.issuer, // introspection_endpoint found by discovery
        introspection: {
          client: { clientId: config.clientId, clientSecret: config.clientSecret }, // this API's own client
          cache: { maxAge: '30s' }, // a token revoked at the IdP is refused at most 30 s later
        },
      },
    ],
    audience: config.audience,
  });
  const app = express();
  app.get('/reports', auth, auth.requireScopes('reports:read'), (req, res) => {
    res.json({ client: req.auth?.clientId, scopes: req.auth?.scopes });
  });
  return app;
}
