import express from 'express';
import { bearerAuth, cognito, entra, keycloak } from 'bearer-guard/express';

/** One API trusting three IdPs, each configured by its preset. `fetch` and `clock` are for tests. */
export function createPresetsApi(test: { fetch?: typeof fetch; clock?: () => number } = {}) {
  const auth = bearerAuth({
    issuers: [
      // Entra ID: v2.0 tokens of one tenant; aud is the API's client id (or api://{clientId}).
      entra({ tenant: '9188040d-6c67-4c5b-b112-36a304b66dad', clientId: '6e74172b-be56-4843-9ff4-e66a39bb12e3' }),
      // Cognito: no aud in access tokens, so the app clients allowed to call are listed.
      cognito({ region: 'eu-west-1', userPoolId: 'eu-west-1_AbCdEf123', clientIds: ['4example5clientid'] }),
      // Keycloak: needs an Audience mapper so that tokens carry aud: orders-api.
      keycloak({ url: 'https://sso.example.com', realm: 'shop', audience: 'orders-api' }),
    ],
    ...test,
  });
  const app = express();
  app.get('/orders', auth, auth.requireScopes('orders:read'), (req, res) => {
    res.json({ caller: req.auth?.clientId ?? req.auth?.subject });
  });
  // Entra app roles, Keycloak realm roles or client roles ('orders-api:admin'), Cognito groups.
  app.delete('/orders/:id', auth, auth.requireAnyRole('admin', 'orders-api:admin'), (_req, res) => {
    res.status(204).end();
  });
  return app;
}
