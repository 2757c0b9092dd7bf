// README.md:813
import pino from 'pino';
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    const log = pino();
    const auth = bearerAuth({
      issuers: [okta({ domain: 'dev-123.okta.com' })],
      audience: 'api://default',
      onAuthFailure: (event) => log.warn(event, 'bearer token refused'),
      onAuthSuccess: (event) => log.debug(event, 'bearer token accepted'),
      onKeyEvent: (event) => log.info(event, 'signing keys'),
    });
  }
}
