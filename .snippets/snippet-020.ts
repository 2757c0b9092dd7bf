// src/core/errors/failure-codes.ts:32
import { failureCodes } from 'bearer-guard';
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    console.log(failureCodes.token_expired.fix);
  }
}
