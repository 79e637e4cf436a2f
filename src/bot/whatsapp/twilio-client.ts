import twilio from 'twilio';

type RequestOptions = Parameters<InstanceType<typeof twilio.RequestClient>['request']>[0];

/**
 * twilio-node has no option for the API host (edge/region only pick another *.twilio.com), so
 * TWILIO_API_BASE_URL is applied here: every https://*.twilio.com origin is swapped for it,
 * keeping the path. Also the one place the SDK's HTTP behaviour is set.
 */
export class TwilioHttpClient extends twilio.RequestClient {
  private readonly base: URL | undefined;

  constructor(apiBaseUrl: string | undefined, timeoutMs: number) {
    // autoRetry stays off: it retries only 429, invisibly to our limiter, and would multiply with our own retries.
    super({ timeout: timeoutMs, autoRetry: false });
    this.base = apiBaseUrl ? new URL(apiBaseUrl) : undefined;
  }

  override request<TData>(opts: RequestOptions & { data?: TData }) {
    return super.request<TData>({ ...opts, uri: this.rewrite(opts.uri) });
  }

  private rewrite(uri: string): string {
    if (!this.base) return uri;
    const url = new URL(uri);
    if (url.hostname !== 'twilio.com' && !url.hostname.endsWith('.twilio.com')) return uri;
    const basePath = this.base.pathname.replace(/\/+$/, '');
    return `${this.base.origin}${basePath}${url.pathname}${url.search}`;
  }
}

/** A Twilio client whose requests go through TwilioHttpClient. */
export function createTwilioClient(opts: { accountSid: string; authToken: string; apiBaseUrl: string | undefined; timeoutMs?: number }) {
  return twilio(opts.accountSid, opts.authToken, {
    httpClient: new TwilioHttpClient(opts.apiBaseUrl, opts.timeoutMs ?? 15_000),
    autoRetry: false,
    // TWILIO_REGION / TWILIO_EDGE in the environment would otherwise silently change the host.
    env: {},
  });
}
