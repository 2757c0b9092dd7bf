/** Refuses a configuration at construction: a `TypeError` whose message says what to change. */
export function configurationError(message: string): never {
  throw new TypeError(`bearer-guard: ${message}`);
}
