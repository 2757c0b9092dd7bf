/**
 * Whether any Koa `bearerAuth` has been created in this process. The standalone guards need it to
 * decide at startup between "only check, a bearerAuth runs before me" and "no configuration at
 * all": the one piece of process-wide state in the adapter, and it only ever turns true.
 */
let created = false;

export function noteBearerAuthCreated(): void {
  created = true;
}

export function bearerAuthWasCreated(): boolean {
  return created;
}
