import { get as httpGet, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { isLoopbackHost } from './issuer-url.js';
import type { FetchJsonResult, JsonRequestLimits, ResponseHeaders } from './fetch-json.js';
import { jsonResult } from './json-result.js';

/** Redirects followed before giving up (fetch follows 20; an IdP needs one or two). */
const maxRedirects = 5;

/**
 * GETs a JSON document with `node:http`/`node:https`, with the same answers as `fetchJson` over the
 * global fetch. It is the default for discovery and key sets because Node's global fetch loads and
 * starts undici on its first call, which cost a cold process about 30–45 ms of CPU on its first
 * request (measured; see the README's performance section); `node:http` is already loaded by every
 * Express or Koa app. Redirects are followed only to https (or loopback http), and checked before
 * connecting; the time limit covers the whole exchange, redirects and body included.
 */
export function httpGetJson(url: string, { timeoutMs, maxBytes }: JsonRequestLimits): Promise<FetchJsonResult> {
  return new Promise((resolve) => {
    let settled = false;
    let current: { destroy(): void } | undefined;
    let answered = false;
    const finish = (result: FetchJsonResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      current?.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ ok: false, reason: answered ? `no complete answer within ${timeoutMs} ms` : `no answer within ${timeoutMs} ms` }),
      timeoutMs,
    );

    const request = (target: URL, redirectsLeft: number) => {
      const get = target.protocol === 'https:' ? httpsGet : httpGet;
      // A new connection for every request (agent: false): key fetches are minutes apart, and a kept-alive
      // connection can be closed by the IdP just as a request goes out on it, failing with ECONNRESET
      // (Node's documented race) and turning one ill-timed close into 10 s of backoff.
      const req = get(target, { agent: false, headers: { accept: 'application/json', 'accept-encoding': 'gzip, deflate, br' } }, (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location !== undefined) {
          res.resume();
          const next = followable(res.headers.location, target);
          if (next === undefined) return finish({ ok: false, reason: 'redirected to a non-https URL' });
          if (redirectsLeft === 0) return finish({ ok: false, reason: `request failed (more than ${maxRedirects} redirects)` });
          return request(next, redirectsLeft - 1);
        }
        answered = true;
        const headers = headersOf(res.headers);
        if (status !== 200) {
          res.resume();
          return finish({ ok: false, status, headers, reason: `HTTP ${status}` });
        }
        readBody(res, maxBytes).then(
          (text) => finish(jsonResult(text, headers, maxBytes)),
          (error: unknown) => finish({ ok: false, reason: `reading failed (${codeOf(error)})` }),
        );
      });
      current = req;
      req.once('error', (error) => finish({ ok: false, reason: `request failed (${codeOf(error)})` }));
    };

    let start: URL;
    try {
      start = new URL(url);
    } catch {
      return finish({ ok: false, reason: 'request failed (invalid URL)' });
    }
    request(start, maxRedirects);
  });
}

/** The redirect target, when it may be followed: https, or http to a loopback host. */
function followable(location: string, base: URL): URL | undefined {
  let next: URL;
  try {
    next = new URL(location, base);
  } catch {
    return undefined;
  }
  if (next.protocol === 'https:' || (next.protocol === 'http:' && isLoopbackHost(next.hostname))) return next;
  return undefined;
}

/** The body as text (decoded as the server encoded it), or undefined once it passes `maxBytes`. */
function readBody(res: IncomingMessage, maxBytes: number): Promise<string | undefined> {
  const declared = Number(res.headers['content-length']);
  const encoding = res.headers['content-encoding']?.trim().toLowerCase();
  const identity = !encoding || encoding === 'identity';
  if (identity && Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    return Promise.resolve(undefined);
  }
  const decoder = identity ? undefined : decoderFor(encoding);
  if (decoder === null) {
    res.destroy();
    return Promise.reject(Object.assign(new Error('unsupported content-encoding'), { code: 'unsupported content-encoding' }));
  }
  const body: Readable = decoder ? res.pipe(decoder) : res;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > maxBytes) {
        res.destroy();
        body.destroy();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    body.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    body.once('error', reject);
    if (body !== res) res.once('error', reject);
  });
}

/** A decompressor for the encodings we ask for, or null for any other. */
function decoderFor(encoding: string): Readable & NodeJS.WritableStream | null {
  if (encoding === 'gzip' || encoding === 'x-gzip') return createGunzip();
  if (encoding === 'deflate') return createInflate();
  if (encoding === 'br') return createBrotliDecompress();
  return null;
}

/** Node's header record as the one `Headers` method the rate-limit and cache hints read. */
function headersOf(raw: IncomingHttpHeaders): ResponseHeaders {
  return {
    get(name) {
      const value = raw[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/** A network error's code (`ECONNREFUSED`…) or name; never its message. */
function codeOf(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown error';
}
