/**
 * bearer-guard: the framework-agnostic core. Adapters live at `bearer-guard/express` and
 * `bearer-guard/koa`; the testing kit at `bearer-guard/testing`.
 */
export * from './core/index.js';
