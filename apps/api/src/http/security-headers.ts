import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyHelmet from '@fastify/helmet';

/** HSTS for 180 days, this host only: the service does not speak for its sibling hosts. */
const HSTS_MAX_AGE_SECONDS = 180 * 24 * 3600;

/**
 * Security headers on every answer, errors and 404s included (docs/http-api.md, Operations), with
 * @fastify/helmet in an onRequest hook registered before any other: `X-Content-Type-Options:
 * nosniff`, `Referrer-Policy: no-referrer`, `X-Frame-Options: DENY`, HSTS (ignored by browsers
 * over plain http, honoured behind an https proxy) and helmet's cross-origin defaults. No
 * Content-Security-Policy here: the console sets its own strict one (console-assets.ts), and
 * /docs (Swagger UI) and /admin/queues (Bull Board) run inline scripts and styles a global one
 * would refuse; JSON and CSV answers run nothing.
 */
export async function sendSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: false },
  });
}
