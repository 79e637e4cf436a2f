import { Telegram } from 'telegraf';
import type { Opts, Telegram as Api } from 'telegraf/types';
import { classifyCallError } from './api-error.js';

export type ApiMethod = keyof Api;
export type ApiResult<M extends ApiMethod> = ReturnType<Api[M]>;

export interface BotApiOptions {
  token: string;
  /** TELEGRAM_API_ROOT: Telegram itself, a local Bot API server or a test fake. */
  apiRoot: string;
  /** Default per-call timeout. */
  timeoutMs: number;
}

export interface CallOptions {
  timeoutMs?: number;
  /** Aborts the call (shutdown of a long poll). */
  signal?: AbortSignal;
}

/**
 * The Bot API through telegraf's client, with a timeout on every call and every failure turned
 * into a TelegramCallError that says whether the request could have had an effect.
 */
export class BotApi {
  private readonly telegram: Telegram;

  constructor(private readonly options: BotApiOptions) {
    // webhookReply off: every call is a real request whose answer (and error) we see.
    this.telegram = new Telegram(options.token, { apiRoot: options.apiRoot, webhookReply: false });
  }

  async call<M extends ApiMethod>(method: M, payload: Opts<M>, opts: CallOptions = {}): Promise<ApiResult<M>> {
    const controller = new AbortController();
    let why: 'timeout' | 'stopped' | undefined;
    const timer = setTimeout(() => {
      why = 'timeout';
      controller.abort();
    }, opts.timeoutMs ?? this.options.timeoutMs);
    const onStop = () => {
      why ??= 'stopped';
      controller.abort();
    };
    opts.signal?.addEventListener('abort', onStop, { once: true });
    try {
      if (opts.signal?.aborted) onStop();
      // telegraf types its signal as the abort-controller shim; Node's own AbortSignal is what node-fetch checks for.
      return await this.telegram.callApi(method, payload, { signal: controller.signal as never });
    } catch (err) {
      throw classifyCallError(method, err, why);
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onStop);
    }
  }
}
