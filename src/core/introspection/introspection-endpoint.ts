import { discoverEndpoint, DiscoveryFailure } from '../keys/discovery.js';
import { KeySourceFailure } from '../keys/key-source-failure.js';
import type { IntrospectionEvent } from './introspection-events.js';
import { introspectionFailedEvent, type IntrospectionFailure } from './introspection-failure.js';

export interface EndpointSourceDeps {
  issuer: string;
  /** The configured endpoint; without it, discovery's `introspection_endpoint`. */
  configured: string | undefined;
  fetch: typeof fetch;
  clock: () => number;
  timeoutMs: number;
  maxResponseBytes: number;
  errorBackoffMs: number;
  emit: (event: IntrospectionEvent) => void;
}

/** The introspection endpoint of one issuer: configured, or discovered once (one discovery in flight). */
export interface EndpointSource {
  /** The endpoint, or the failure that stops us from knowing it (a 503). */
  endpoint(): string | Promise<string | IntrospectionFailure>;
}

export function createEndpointSource(deps: EndpointSourceDeps): EndpointSource {
  const { issuer, clock } = deps;
  let known = deps.configured;
  let inFlight: Promise<string | IntrospectionFailure> | undefined;
  let lastFailure: IntrospectionFailure | undefined;

  function failed(failure: IntrospectionFailure & { retryAt: number }, url: string, configurationError: boolean, status?: number) {
    lastFailure = failure;
    deps.emit(introspectionFailedEvent(issuer, url, failure, { status, reason: failure.description, configurationError, now: clock() }));
    return failure;
  }

  async function discover(): Promise<string | IntrospectionFailure> {
    let found: { endpoint: string; url: string };
    try {
      found = await discoverEndpoint(issuer, 'introspection_endpoint', {
        fetch: deps.fetch,
        timeoutMs: deps.timeoutMs,
        maxBytes: deps.maxResponseBytes,
        now: clock,
        errorBackoffMs: deps.errorBackoffMs,
      });
    } catch (error) {
      if (!(error instanceof KeySourceFailure)) throw error;
      const where = error instanceof DiscoveryFailure ? error : undefined;
      // A document that answered 200 for this issuer but failed: it names no usable endpoint.
      if (where?.status === 200 && error.code === 'discovery_failed') {
        const description = `The discovery document of ${issuer} (${where.url}) names no usable introspection_endpoint (an https URL); configure introspection.endpoint`;
        return failed({ code: 'introspection_not_offered', description, retryAt: error.retryAt }, where.url, true, 200);
      }
      return failed({ code: error.code, description: error.description, retryAt: error.retryAt }, where?.url ?? issuer, false, where?.status);
    }
    known = found.endpoint;
    lastFailure = undefined;
    deps.emit({ type: 'introspection_endpoint_discovered', issuer, url: found.url, endpoint: known });
    return known;
  }

  return {
    endpoint() {
      if (known !== undefined) return known;
      if (inFlight) return inFlight;
      if (lastFailure && clock() < lastFailure.retryAt!) return Promise.resolve(lastFailure);
      inFlight = discover().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
  };
}
