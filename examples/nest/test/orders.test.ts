import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createTestIssuer, expectChallenge, type TestIssuer } from 'bearer-guard/testing';
import { AppModule } from '../src/app.module';

let issuer: TestIssuer;
let app: INestApplication;
let base: string;

before(async () => {
  issuer = await createTestIssuer();
  process.env.BEARER_GUARD_ISSUER = issuer.issuer;
  process.env.BEARER_GUARD_AUDIENCE = issuer.audience;
  app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  base = await app.getUrl();
});
after(async () => {
  await app.close();
  await issuer.close();
});

const get = (token?: string) => fetch(`${base}/orders`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

test('GET /orders: 200 with orders:read, 403 insufficient_scope without it, bare 401 without a token', async () => {
  const ok = await get(await issuer.token({ scopes: ['orders:read'], subject: 'ada' }));
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), { subject: 'ada', orders: [] });
  expectChallenge(await get(await issuer.token({ scopes: ['profile'] })), { status: 403, error: 'insufficient_scope', scope: 'orders:read' });
  expectChallenge(await get(), { status: 401, error: null });
});
