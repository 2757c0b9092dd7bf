// src/client/token-client-error.ts:29
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    try {
      await client.getToken();
    } catch (error) {
      if (error instanceof TokenClientError && error.code === 'invalid_client') alertOnCall(error.message);
    }
  }
}
