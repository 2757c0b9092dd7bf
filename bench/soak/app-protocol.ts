/** Environment variables the orchestrator gives the soak app (`app.ts`). */
export const appEnv = { issuer: 'SOAK_ISSUER', audience: 'SOAK_AUDIENCE', keys: 'SOAK_KEYS' } as const;

/** What the app says on its IPC channel: its port once listening, and memory when asked `{ type: 'memory' }`. */
export type AppMessage = { type: 'ready'; port: number } | { type: 'memory'; rss: number; heapUsed: number };
