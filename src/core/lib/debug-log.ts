import { debuglog } from 'node:util';

/**
 * Debug output for `NODE_DEBUG=bearer-guard`: one line per decision and per key event, never a
 * token. Off (and nearly free) unless the variable names bearer-guard.
 */
export const debugLog = debuglog('bearer-guard');
