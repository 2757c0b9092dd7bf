// Type-checked against the built package (dist/*.d.ts), as a user's project sees it.
import express from 'express';
import { bearerAuth, okta, requireScopes } from 'bearer-guard/express';
import { createTestIssuer, expectChallenge } from 'bearer-guard/testing';
import { failureCodes, type FailureCode } from 'bearer-guard';

const app = express();
app.use(requireScopes('okta.users.read'));
const auth = bearerAuth({ issuers: [okta({ domain: 'dev-123.okta.com' })], audience: 'api://default' });
app.get('/me', auth, auth.requireScopes('a'), (req, res) => {
  const subject: string | undefined = req.auth?.subject;
  const scopes: readonly string[] | undefined = req.auth?.scopes;
  res.json({ subject, scopes });
});
const code: FailureCode = 'token_expired';
void failureCodes[code];
void createTestIssuer;
void expectChallenge;
