// src/cli/main.ts:59
export async function snippet(
  app: import('express').Express,
  token: string,
  listUsers: import('express').RequestHandler,
  log: (event: unknown) => void,
): Promise<void> {
  {
    const code = await main(['inspect', token, '--issuer', issuer, '--audience', 'api://default'], {
      stdin: '', stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), env: {},
    });
  }
}
