import { isBearerGuardError, type BearerGuardError } from '../errors/auth-error.js';
import type { AdapterOptions } from './adapter-options.js';

/**
 * What becomes of an error a middleware met: the `BearerGuardError` to answer right here, or
 * undefined to hand the error to the app's own error handling (anything not bearer-guard's, and
 * every failure with `errorHandling: 'next'` / `'throw'`).
 */
export type FailurePolicy = (error: unknown) => BearerGuardError | undefined;

export function createFailurePolicy(errorHandling: NonNullable<AdapterOptions['errorHandling']>): FailurePolicy {
  if (errorHandling !== 'respond') return () => undefined;
  return (error) => (isBearerGuardError(error) ? error : undefined);
}
