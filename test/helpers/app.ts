import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildWebApp, type WebAppOptions } from '../../src/compose/web-app.js';
import type { TestRuntime } from './runtime.js';
import { TEST_ADMIN_TOKEN } from './secrets.js';

/** The web process's app on a test runtime, wired as main.ts wires it (silent, TEST_ADMIN_TOKEN unless told otherwise); use app.inject(). */
export function testApp(t: TestRuntime, opts: WebAppOptions = {}): FastifyInstance {
  return buildWebApp(t.runtime, { logger: pino({ level: 'silent' }), adminToken: TEST_ADMIN_TOKEN, ...opts });
}
