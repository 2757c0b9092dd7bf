import type { AuthResult } from '../core/index.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The verified access token, set by bearer-guard's `bearerAuth`. */
      auth?: AuthResult;
    }
  }
}

export {};
