import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { closeServer, listen, readBody, send } from './http.js';

export type FormParams = Record<string, string | string[]>;

/** One request to the Messages endpoint, whatever the answer was. */
export interface RecordedRequest {
  /** As requested, so a base URL with a path prefix (a proxy) can be checked. */
  path: string;
  accountSid: string;
  params: FormParams;
  status: number;
  /** Set when the message was accepted (201). */
  sid?: string;
  /** When it arrived (epoch ms), to time deliveries without polling. */
  at: number;
}

/** A message Twilio accepted, with its form fields as the SDK sent them. */
export interface AcceptedMessage {
  sid: string;
  to: string;
  from: string;
  body: string | undefined;
  contentSid: string | undefined;
  contentVariables: string | undefined;
  statusCallback: string | undefined;
}

export interface ScriptedFailure {
  status: number;
  code?: number;
  message?: string;
  /** Only requests whose form fields match (default: the next request, whatever it is). */
  when?: (params: FormParams) => boolean;
}

const PRESET_MESSAGES: Record<number, { code: number; message: string }> = {
  400: { code: 21211, message: "The 'To' number is not a valid phone number." },
  429: { code: 20429, message: 'Too Many Requests' },
  500: { code: 20500, message: 'Internal Server Error' },
  503: { code: 20503, message: 'Service Unavailable' },
};

/**
 * A stand-in for api.twilio.com's Messages endpoint, driven by the real twilio client:
 * POST /2010-04-01/Accounts/{sid}/Messages.json with HTTP basic auth checked, form bodies
 * recorded, Twilio's own validation of the fields that matter (1,600-character Body, whatsapp:
 * addresses, Body or ContentSid), scripted failures, and Twilio-shaped JSON answers.
 */
export class FakeTwilio {
  readonly requests: RecordedRequest[] = [];
  private readonly failures: ScriptedFailure[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly accountSid: string,
    private readonly authToken: string,
  ) {}

  static async start(opts: { accountSid: string; authToken: string }): Promise<FakeTwilio> {
    let fake: FakeTwilio | undefined;
    const { server, url } = await listen((req, res) => fake!.handle(req, res));
    fake = new FakeTwilio(server, url, opts.accountSid, opts.authToken);
    return fake;
  }

  /** The next matching requests get these answers, in order, instead of being accepted. */
  failNext(...failures: ScriptedFailure[]): void {
    this.failures.push(...failures);
  }

  /** Accepted messages, optionally only those to one WhatsApp number (+E164). */
  messages(chatId?: string): AcceptedMessage[] {
    return this.requests
      .filter((r) => r.sid !== undefined && (chatId === undefined || r.params.To === `whatsapp:${chatId}`))
      .map((r) => ({
        sid: r.sid!,
        to: one(r.params.To) ?? '',
        from: one(r.params.From) ?? '',
        body: one(r.params.Body),
        contentSid: one(r.params.ContentSid),
        contentVariables: one(r.params.ContentVariables),
        statusCallback: one(r.params.StatusCallback),
      }));
  }

  async close(): Promise<void> {
    await closeServer(this.server);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const route = /\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/i.exec(path);
    if (req.method !== 'POST' || !route) return send(res, 404, { code: 20404, message: `The requested resource ${path} was not found`, status: 404 });
    const accountSid = route[1]!;
    const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    const params = parseForm(raw);
    if (req.headers.authorization !== expected || accountSid !== this.accountSid) {
      this.requests.push({ at: Date.now(), path, accountSid, params, status: 401 });
      return send(res, 401, { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
    }

    const index = this.failures.findIndex((f) => !f.when || f.when(params));
    if (index >= 0) {
      const failure = this.failures.splice(index, 1)[0]!;
      const preset = PRESET_MESSAGES[failure.status];
      this.requests.push({ at: Date.now(), path, accountSid, params, status: failure.status });
      return send(res, failure.status, {
        code: failure.code ?? preset?.code ?? 20001,
        message: failure.message ?? preset?.message ?? 'Error',
        more_info: `https://www.twilio.com/docs/errors/${failure.code ?? preset?.code ?? 20001}`,
        status: failure.status,
      });
    }

    const problem = validate(params);
    if (problem) {
      this.requests.push({ at: Date.now(), path, accountSid, params, status: 400 });
      return send(res, 400, { ...problem, more_info: `https://www.twilio.com/docs/errors/${problem.code}`, status: 400 });
    }

    const sid = `SM${randomBytes(16).toString('hex')}`;
    this.requests.push({ at: Date.now(), path, accountSid, params, status: 201, sid });
    const now = new Date().toUTCString().replace('GMT', '+0000');
    return send(res, 201, {
      account_sid: accountSid,
      api_version: '2010-04-01',
      body: one(params.Body) ?? '',
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: one(params.From),
      messaging_service_sid: null,
      num_media: '0',
      num_segments: '1',
      price: null,
      price_unit: 'USD',
      sid,
      status: 'queued',
      subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
      to: one(params.To),
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    });
  }
}

function validate(params: FormParams): { code: number; message: string } | undefined {
  const to = one(params.To);
  const from = one(params.From);
  const body = one(params.Body);
  if (!to) return { code: 21604, message: "A 'To' phone number is required." };
  if (!from?.startsWith('whatsapp:') || !to.startsWith('whatsapp:')) return { code: 63007, message: 'Twilio could not find a Channel with the specified From address' };
  if (body === undefined && !one(params.ContentSid)) return { code: 21619, message: 'A text message body or media urls must be specified.' };
  if (body !== undefined && body.length > 1600) return { code: 21617, message: 'The concatenated message body exceeds the 1600 character limit.' };
  return undefined;
}

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function parseForm(raw: string): FormParams {
  const out = new Map<string, string | string[]>();
  for (const [k, v] of new URLSearchParams(raw)) {
    const seen = out.get(k);
    out.set(k, seen === undefined ? v : Array.isArray(seen) ? [...seen, v] : [seen, v]);
  }
  return Object.fromEntries(out);
}
