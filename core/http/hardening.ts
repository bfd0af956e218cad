import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { READ_METHODS } from './access.js';
import type { HttpDeps } from './deps.js';

/**
 * Security headers on every answer, and a rate limit on every state-changing request (per client address).
 * The CSP lets a page load scripts, styles, images and fetches from this server only: no inline script, no other
 * origin (the dashboard and /status serve their assets as files). No CORS: other origins cannot call the API.
 */
export async function registerHardening(app: FastifyInstance, deps: Pick<HttpDeps, 'config'>): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // The API is read by scripts and other tools; the pages are served from this origin only.
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  const { rateLimit: limit } = deps.config().global.http;
  await app.register(rateLimit, {
    global: true,
    max: limit.max,
    timeWindow: limit.window,
    // Reads are not limited (a dashboard polls); every other method is.
    allowList: (request) => READ_METHODS.has(request.method),
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      message: `too many requests: at most ${context.max} changes per ${context.after}; try again later`,
    }),
  });
}
