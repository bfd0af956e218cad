import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HttpDeps } from './deps.js';

/** Always answered: the machine itself. */
const LOOPBACK = ['localhost', '127.0.0.1', '::1'];
/** Listening on every address names no host a client would send. */
const WILDCARDS = new Set(['0.0.0.0', '::', '']);
/** A load balancer probes by address, and the answer tells nothing: open to any Host. */
const ANY_HOST = new Set(['/healthcheck']);

/** The host name of a Host header, lower-case, without its port ("[::1]:8080" → "::1"). */
export function hostName(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const host = header.trim().toLowerCase();
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']') === -1 ? undefined : host.indexOf(']'));
  return host.split(':')[0];
}

/** The names answered: localhost, the loopback addresses, the listen address and http.allowedHosts. */
export function allowedHosts(listenHost: string | undefined, configured: readonly string[]): Set<string> {
  const names = [...LOOPBACK, ...configured];
  const listen = hostName(listenHost?.includes(':') && !listenHost.startsWith('[') ? `[${listenHost}]` : listenHost);
  if (listen !== undefined && !WILDCARDS.has(listen)) names.push(listen);
  return new Set(names.map((name) => name.toLowerCase()));
}

/**
 * DNS rebinding: a page on attacker.example whose name is made to resolve to 127.0.0.1 reaches this server from
 * the victim's browser as same-origin. Its requests still say `Host: attacker.example`: any Host not allowed is
 * answered 421 before any route, body or token check. Checked first, on every request.
 */
export function registerHostCheck(app: FastifyInstance, deps: Pick<HttpDeps, 'config' | 'listenHost'>): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (ANY_HOST.has(request.routeOptions.url ?? '')) return;
    const name = hostName(request.headers.host);
    if (name && allowedHosts(deps.listenHost, deps.config().global.http.allowedHosts).has(name)) return;
    return reply.code(421).send({
      error: `the host "${(name ?? '').slice(0, 100)}" is not served here: add it to http.allowedHosts to allow it`,
    });
  });
}
