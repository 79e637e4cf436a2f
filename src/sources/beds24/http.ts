import axios, { type AxiosInstance } from 'axios';
import { SourceError } from '../source.js';
import { creditsFrom, type Credits } from './credits.js';

/** Query parameters; an array is sent as the parameter repeated (`status=new&status=cancelled`), as Beds24 reads lists. */
export type Query = Record<string, string | number | ReadonlyArray<string | number> | undefined>;

export interface Beds24Response {
  status: number;
  /** Parsed JSON, or undefined when the body is not JSON. */
  body: unknown;
  credits: Credits;
}

export function createBeds24Http(baseUrl: string, timeoutMs: number): AxiosInstance {
  return axios.create({
    baseURL: baseUrl.replace(/\/+$/, ''),
    timeout: timeoutMs,
    // Every status is examined by the caller: a 401 means "refresh", a 429 "wait", a 400 may be a refused token.
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
    maxRedirects: 0,
    headers: { accept: 'application/json' },
  });
}

export function queryString(query: Query): string {
  const usp = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) usp.append(name, String(v));
  }
  const s = usp.toString();
  return s ? `?${s}` : '';
}

/**
 * One GET. Network faults and timeouts become SourceError without the request in them: its headers
 * carry the tokens. HTTP statuses are the caller's to judge.
 */
export async function beds24Get(http: AxiosInstance, path: string, query: Query, headers: Record<string, string>, timeoutMs: number): Promise<Beds24Response> {
  try {
    const res = await http.get<string>(`${path}${queryString(query)}`, { headers });
    let body: unknown;
    try {
      body = typeof res.data === 'string' && res.data !== '' ? JSON.parse(res.data) : res.data;
    } catch {
      body = undefined;
    }
    return { status: res.status, body, credits: creditsFrom(res.headers as Record<string, unknown>) };
  } catch (err) {
    throw new SourceError(describeNetworkError(err, timeoutMs));
  }
}

function describeNetworkError(err: unknown, timeoutMs: number): string {
  const code = axios.isAxiosError(err) ? err.code : undefined;
  if (code === 'ETIMEDOUT' || code === 'ECONNABORTED') return `Beds24 gave no answer within ${Math.round(timeoutMs / 100) / 10} s`;
  return code ? `Beds24 could not be reached (${code})` : 'Beds24 could not be reached';
}
