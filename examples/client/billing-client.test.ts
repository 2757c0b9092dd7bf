import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import express from 'express';
import { bearerAuth } from 'bearer-guard/express';
import { createTestIssuer, type TestIssuer } from 'bearer-guard/testing';
import { createBillingClient } from './billing-client.js';

let issuer: TestIssuer;
let billing: Server;
let billingUrl: string;
const billingAudience = 'https://billing.example.test';

before(async () => {
  issuer = await createTestIssuer();
  const app = express();
  app.get('/invoices', bearerAuth({ issuers: [issuer.issuer], audience: billingAudience }), (req, res) => {
    res.json({ customer: req.query.customer, caller: req.auth?.claims.client_id, invoices: [] });
  });
  billing = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => billing.once('listening', resolve));
  billingUrl = `http://127.0.0.1:${(billing.address() as AddressInfo).port}`;
  issuer.registerClient({ clientId: 'orders-api', clientSecret: 's3cret', scopes: ['invoices:read'], audiences: [billingAudience] });
});
after(async () => {
  billing.closeAllConnections();
  await new Promise((resolve) => billing.close(resolve));
  await issuer.close();
});

test('three calls to the billing API cost one token request', async () => {
  const client = createBillingClient({ issuer: issuer.issuer, clientId: 'orders-api', clientSecret: 's3cret', billingUrl, billingAudience });
  for (const customer of ['c1', 'c2', 'c3']) {
    assert.deepEqual(await client.invoices(customer), { customer, caller: 'orders-api', invoices: [] });
  }
  assert.equal(issuer.hits.token, 1);
});
