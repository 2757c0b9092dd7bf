import type { AuthResult } from '../core/index.js';

declare module 'koa' {
  interface DefaultState {
    /** The verified access token, set by bearer-guard's `bearerAuth` (or a standalone guard). */
    auth?: AuthResult;
  }
}

/**
 * The state bearer-guard's middleware adds. Koa's `DefaultState` already has it; an app with its
 * own state type gets it from `app.use(bearerAuth(...))`, or can spell it: `new Koa<MyState & AuthState>()`.
 */
export interface AuthState {
  auth?: AuthResult;
}
