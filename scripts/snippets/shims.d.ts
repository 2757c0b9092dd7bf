// Modules snippets mention that are not dependencies of this repository, typed as far as the
// snippets use them.
declare module 'pino' {
  interface Logger {
    debug(object: unknown, message?: string): void;
    info(object: unknown, message?: string): void;
    warn(object: unknown, message?: string): void;
    error(object: unknown, message?: string): void;
  }
  export default function pino(): Logger;
}
