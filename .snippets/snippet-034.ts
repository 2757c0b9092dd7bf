// src/koa/index.ts:8
import Koa from 'koa';
import { requireScopes } from 'bearer-guard/koa';
export async function snippet(
  app: import('koa')<import('bearer-guard/koa').AuthState>,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    
    const app = new Koa();
    app.use(requireScopes('okta.users.read'));
  }
}
