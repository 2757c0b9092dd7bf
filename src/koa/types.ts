import type { AuthResult } from '../core/index.js';

declare module 'koa' {
  interface DefaultState {
    /** The verified access token, set by bearer-guard's `bearerAuth` (or a standalone guard). */
    auth?: AuthResult;
  }
}

export {};
