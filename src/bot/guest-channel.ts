import type { FastifyInstance } from 'fastify';
import type { ChannelSender } from '../conversation/effect-runner.js';
import type { Channel } from '../flows/state.js';

/** A messaging platform guests use. Every process sends; web processes also receive. */
export interface GuestChannel {
  readonly name: Channel;
  readonly sender: ChannelSender;
  /** Webhook routes, mounted by web processes on the shared HTTP server. */
  routes?(app: FastifyInstance): void;
  /** Web processes, after the server listens: register the webhook or start polling. */
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/** Proactive invitations through a channel: sent to guests who have not written yet, unless they opted out. */
export interface Invitations {
  send(phone: string, ref: string): Promise<void>;
  optedOut(phone: string): Promise<boolean>;
}

/** Telegram updates the Telegram channel hands to another adapter (the staff group's). */
export interface TelegramUpdateHandler {
  /** Resolves once the update is safely taken (a rejection makes Telegram deliver it again); `afterAck` runs after the answer. */
  handle(update: unknown): Promise<{ afterAck(): void }>;
}
