import { UsageError } from './usage.js';

/** More than any token the middleware accepts, little enough to hold in memory. */
const maxInputBytes = 1024 * 1024;

/** Accepts a pasted `Bearer <token>` or `Authorization: Bearer <token>` as well as the bare token. */
export function normalizeToken(input: string): string {
  return input.trim().replace(/^(?:authorization:\s*)?bearer\s+/i, '').trim();
}

/** Reads the whole token from stdin (a string in tests); refuses a terminal and oversized input. */
export async function readToken(stdin: NodeJS.ReadableStream | string): Promise<string> {
  if (typeof stdin === 'string') return normalizeToken(stdin);
  if ((stdin as { isTTY?: boolean }).isTTY) {
    throw new UsageError('no token: pass it as an argument (bearer-guard inspect <token>) or pipe it on stdin');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
    size += buffer.length;
    if (size > maxInputBytes) throw new UsageError(`stdin holds more than ${maxInputBytes} bytes; that is not a token`);
    chunks.push(buffer);
  }
  return normalizeToken(Buffer.concat(chunks).toString('utf8'));
}
