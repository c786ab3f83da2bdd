import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const CONSOLE_PATH = '/console';

/**
 * What the console's pages may load and talk to: this origin only (no CDN, no inline script),
 * so an injected string cannot run script or send data elsewhere.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/**
 * The console's static files, served by the service at /console (no token: the page signs in
 * itself) with @fastify/static: apps/api/console (plain ES modules, no build step) and Chart.js's
 * UMD build from node_modules at /console/vendor/. Found from this file's folder upwards, so the
 * same code serves them under ts-node, jest and the built dist/.
 */
@Injectable()
export class ConsoleAssets implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const root = consoleRoot();
    const chartJs = dirname(require.resolve('chart.js'));
    void fastify.register(async (scope) => {
      // nosniff, no-referrer and the others come from the service's own (security-headers.ts).
      scope.addHook('onSend', async (_request, reply, payload) => {
        reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
        return payload;
      });
      await scope.register(fastifyStatic, {
        root,
        prefix: `${CONSOLE_PATH}/`,
        decorateReply: false,
        index: ['index.html'],
        redirect: false,
        cacheControl: true,
        maxAge: 0,
      });
      await scope.register(fastifyStatic, {
        root: chartJs,
        prefix: `${CONSOLE_PATH}/vendor/`,
        decorateReply: false,
        allowedPath: (path) => path === '/chart.umd.min.js',
        maxAge: '1d',
      });
      scope.get(CONSOLE_PATH, (_request, reply) => reply.redirect(`${CONSOLE_PATH}/`, 302));
    });
  }
}

/** apps/api/console, looked for from this file's folder upwards. */
export function consoleRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'api', 'console');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir)
      throw new Error(`The console's files (apps/api/console) were not found above ${__dirname}`);
  }
}
