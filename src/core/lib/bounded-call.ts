/** What {@link boundedCall} resolves with when the call failed or took too long. */
export const callFailed = Symbol('call failed');

/**
 * A call to a shared store, bounded in time: its value, or {@link callFailed} when it throws,
 * rejects or has not settled after `timeoutMs`. A failing store then means "act alone", never an
 * error and never a wait longer than the bound.
 */
export function boundedCall<T>(call: () => Promise<T>, timeoutMs: number): Promise<T | typeof callFailed> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(callFailed), timeoutMs);
    timer.unref?.();
    let pending: Promise<T>;
    try {
      pending = call();
    } catch {
      clearTimeout(timer);
      resolve(callFailed);
      return;
    }
    pending.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(callFailed);
      },
    );
  });
}

/** Resolves after `ms` without keeping the process alive. */
export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());
