// billing-client.ts
import { createTokenClient } from 'bearer-guard/client';

/** Our API's client for the billing API: one token, cached, refreshed ahead, shared by every call. */
export function createBillingClient(config: {
  issuer: string;
  clientId: string;
  clientSecret: string;
  billingUrl: string;
  billingAudience: string;
}) {
  const tokens = createTokenClient({
    issuer: config.issuer, // the token endpoint is found by discovery
    clientId: config.clientId,
    clientSecret: config.clientSecret, // or privateKey: a PEM, JWK or KeyObject for private_key_jwt
    scope: 'invoices:read',
    resource: config.billingAudience, // RFC 8707; with auth0({ domain }) write audience instead
  });
  return {
    async invoices(customer: string): Promise<unknown> {
      const res = await tokens.authorizedFetch(`${config.billingUrl}/invoices?customer=${encodeURIComponent(customer)}`);
      if (!res.ok) throw new Error(`billing answered ${res.status}`);
      return res.json();
    },
  };
}
