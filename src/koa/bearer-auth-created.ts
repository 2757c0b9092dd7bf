/**
 * Whether any Koa `bearerAuth` has been created in this process. The standalone guards need it to
 * decide at startup between "only check, a bearerAuth runs before me" and "no configuration at
 * all": the one piece of process-wide state in the adapter, and it only ever turns true.
 */
// Kept on globalThis under a registered symbol, not in a module variable: the ESM and CommonJS
// builds are two copies of this module, and "in this process" has to mean both of them.
const createdFlag = Symbol.for('bearer-guard.koa.bearer-auth-created');
const registry = globalThis as unknown as Record<symbol, true | undefined>;

export function noteBearerAuthCreated(): void {
  registry[createdFlag] = true;
}

export function bearerAuthWasCreated(): boolean {
  return registry[createdFlag] === true;
}
