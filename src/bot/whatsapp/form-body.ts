import type { FastifyInstance } from 'fastify';

export type FormParams = Record<string, string | string[]>;

/** Twilio webhooks are small, but a 4096-character emoji Body is ~50 KB once percent-encoded. */
export const FORM_BODY_LIMIT = 256 * 1024;

/**
 * Form fields as Twilio signed them: every field, repeated names as arrays. Built through
 * Object.fromEntries so a field named "__proto__" stays a plain field.
 */
export function parseForm(body: string): FormParams {
  const fields = new Map<string, string | string[]>();
  for (const [name, value] of new URLSearchParams(body)) {
    const seen = fields.get(name);
    fields.set(name, seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value]);
  }
  return Object.fromEntries(fields);
}

/** Accepts only form bodies in `scope` (an encapsulated plugin, so the rest of the app keeps its JSON parser). */
export function acceptFormBodies(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_req, body, done) => {
    done(null, parseForm(body as string));
  });
}
