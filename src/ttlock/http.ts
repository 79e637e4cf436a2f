import axios, { type AxiosInstance } from 'axios';
import type { Logger } from 'pino';
import { describeErrcode, errcodeText, TTLockApiError } from './errors.js';
import { redactBody } from './redact.js';
import { envelopeSchema } from './schemas.js';

export type Params = Record<string, string | number | undefined>;

export interface TTLockRequest {
  method: 'GET' | 'POST';
  path: string;
  params: Params;
}

/**
 * The gateway round trip of an add or delete takes seconds and a short timeout turns a
 * success into an ambiguous failure, hence the 30 s floor (config enforces it; tests go lower).
 */
export function createHttp(baseUrl: string, timeoutMs: number): AxiosInstance {
  return axios.create({
    baseURL: baseUrl.replace(/\/+$/, ''),
    timeout: timeoutMs,
    // Every status is examined below: TTLock's errors mostly come as HTTP 200 anyway.
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
    maxRedirects: 0,
    headers: { accept: 'application/json' },
  });
}

function encode(params: Params): URLSearchParams {
  const usp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) usp.append(k, String(v));
  return usp;
}

function parseJson(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

/**
 * Sends one request and returns the JSON body of a success. Reads go as GET query strings,
 * writes as form-encoded POSTs, as the v3 docs say. Throws TTLockApiError saying whether a
 * retry could help; a timeout, a dropped connection or a 5xx is also `ambiguous` (a write may
 * have reached the lock even though we never heard back) and `notNow` (a network or TTLock
 * outage: worth waiting for, like an offline gateway).
 */
export async function sendRequest(http: AxiosInstance, req: TTLockRequest, logger: Logger): Promise<Record<string, unknown>> {
  const started = Date.now();
  const endpoint = req.path;
  const body = encode(req.params);
  let status: number;
  let data: unknown;
  try {
    const res =
      req.method === 'GET'
        ? await http.get<string>(`${req.path}?${body.toString()}`)
        : await http.post<string>(req.path, body.toString(), { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    status = res.status;
    data = parseJson(res.data);
  } catch (err) {
    const code = (err as { code?: string }).code;
    const timedOut = code === 'ETIMEDOUT' || code === 'ECONNABORTED';
    const what = timedOut ? `no answer within ${Math.round((http.defaults.timeout ?? 0) / 1000)} s` : `connection failed (${code ?? (err as Error).message})`;
    logger.warn({ endpoint, ms: Date.now() - started, network: code }, 'TTLock request failed');
    throw new TTLockApiError(`TTLock ${endpoint}: ${what}`, true, endpoint, undefined, true, { cause: err, notNow: true });
  }

  const envelope = envelopeSchema.safeParse(data ?? {});
  const errcode = envelope.success ? envelope.data.errcode : undefined;
  logger.debug({ endpoint, status, errcode, ms: Date.now() - started }, 'TTLock request');

  if (errcode !== undefined && errcode !== 0) {
    const info = describeErrcode(errcode);
    if (!info.known) logger.warn({ endpoint, status, errcode, body: redactBody(data) }, 'unknown TTLock errcode');
    const text = errcodeText(errcode, envelope.success ? envelope.data.errmsg : undefined);
    throw new TTLockApiError(text, info.retryable, endpoint, errcode, false, { notNow: info.notNow });
  }
  if (status >= 500 || status === 429) {
    // A proxy or TTLock itself down, or TTLock asking us to slow down: both pass by themselves.
    throw new TTLockApiError(`TTLock ${endpoint}: HTTP ${status}`, true, endpoint, undefined, true, { notNow: true });
  }
  if (status >= 400 || status < 200) {
    logger.warn({ endpoint, status, body: redactBody(data) }, 'TTLock refused the request');
    throw new TTLockApiError(`TTLock ${endpoint}: HTTP ${status}`, false, endpoint, undefined);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    // A proxy's HTML page or an empty body: we cannot tell whether the call did anything.
    logger.warn({ endpoint, status }, 'TTLock answered with something other than a JSON object');
    throw new TTLockApiError(`TTLock ${endpoint}: unreadable response`, true, endpoint, undefined, true, { notNow: true });
  }
  return data as Record<string, unknown>;
}
