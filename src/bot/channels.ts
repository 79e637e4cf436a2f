import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { ChannelSender } from '../conversation/effect-runner.js';
import type { ConversationEngine } from '../conversation/engine.js';
import type { StaffMirror } from '../conversation/mirror.js';
import type { PublicId } from '../flows/public-id.js';
import type { Channel } from '../flows/state.js';
import type { AlertSink, StaffAlerts } from '../oversight/alerts.js';
import type { RedisKeys } from '../redis-keys.js';
import type { SharedLimiters } from '../redis/shared-limiters.js';
import type { GuestChannel, Invitations } from './guest-channel.js';
import { createStaffGroup, createStaffOutbound, type StaffGroup, type StaffGroupDeps, type StaffOutbound, type StaffOutboundDeps } from './staff/staff-group.js';
import type { StaffTuning } from './staff/tuning.js';
import { claimOnceIn, createTelegramOutbound, TelegramChannel, type TelegramOutbound } from './telegram/telegram-channel.js';
import type { TelegramTuning } from './telegram/tuning.js';
import { createWhatsAppOutbound, WhatsAppChannel, type WhatsAppChannelOptions, type WhatsAppOutbound } from './whatsapp/whatsapp-channel.js';

/** Test-sized timings of the adapters (production uses the settings' and the defaults). */
export interface AdapterTuning {
  telegram?: Partial<TelegramTuning>;
  whatsapp?: WhatsAppChannelOptions;
  staff?: Partial<StaffTuning>;
}

export interface AdaptersOutboundDeps {
  config: Config;
  redis: Redis;
  keys: RedisKeys;
  publicId: PublicId;
  limiters: SharedLimiters;
  logger: Logger;
  store: StaffOutboundDeps['store'];
  bookings: StaffOutboundDeps['bookings'];
}

/**
 * The outbound halves of the configured adapters (a channel without credentials is not started):
 * what the engine is built with (`senders`, `mirrors`, `alertSinks`), and what their inbound
 * halves are built from once the engine exists (`createAdapters`).
 */
export interface AdaptersOutbound {
  readonly telegram: TelegramOutbound | undefined;
  readonly whatsapp: WhatsAppOutbound | undefined;
  readonly staff: StaffOutbound | undefined;
  readonly senders: Readonly<Partial<Record<Channel, ChannelSender>>>;
  readonly mirrors: readonly StaffMirror[];
  readonly alertSinks: readonly AlertSink[];
  /** A channel's proactive invitations, when one offers them (WhatsApp with INVITE_CONTENT_SID). */
  readonly invitations: Invitations | undefined;
}

export function createAdaptersOutbound(deps: AdaptersOutboundDeps, tuning: AdapterTuning = {}): AdaptersOutbound {
  const { config } = deps;
  const telegram = config.telegram ? createTelegramOutbound({ telegram: config.telegram, limiters: deps.limiters, logger: deps.logger }, tuning.telegram) : undefined;
  const whatsapp = config.twilio
    ? createWhatsAppOutbound({ ...deps, twilio: config.twilio, publicBaseUrl: config.publicBaseUrl }, tuning.whatsapp)
    : undefined;
  const staff = createStaffOutbound(deps, tuning.staff);
  return {
    telegram,
    whatsapp,
    staff,
    senders: { ...(telegram ? { telegram: telegram.sender } : {}), ...(whatsapp ? { whatsapp: whatsapp.sender } : {}) },
    mirrors: staff ? [staff.mirror] : [],
    alertSinks: staff ? [staff.alertSink] : [],
    invitations: whatsapp?.invitations,
  };
}

/** What the adapters' inbound halves use: the engine and what staff commands act on. */
export interface AdaptersInboundDeps extends StaffGroupDeps {
  config: Pick<Config, 'publicBaseUrl' | 'staffChatId'>;
  redis: Redis;
  keys: RedisKeys;
  engine: Pick<ConversationEngine, 'receive'>;
  alerts: Pick<StaffAlerts, 'raise'>;
  countSpool: (result: 'spooled' | 'replayed' | 'dropped') => void;
}

export interface Adapters {
  /** The configured guest channels (the ones below), for what treats them alike. */
  channels: GuestChannel[];
  telegram: TelegramChannel | undefined;
  whatsapp: WhatsAppChannel | undefined;
  staff: StaffGroup | undefined;
}

/** The configured guest channels and the staff group, complete (their inbound halves on the built engine). */
export function createAdapters(outbound: AdaptersOutbound, deps: AdaptersInboundDeps): Adapters {
  const { config, engine } = deps;
  const staff = outbound.staff ? createStaffGroup(outbound.staff, deps) : undefined;
  const telegram = outbound.telegram
    ? new TelegramChannel(outbound.telegram, {
        publicBaseUrl: config.publicBaseUrl,
        staffChatId: config.staffChatId,
        staffUpdates: staff?.updates,
        engine,
        claimOnce: claimOnceIn(deps.redis, deps.keys),
      })
    : undefined;
  const whatsapp = outbound.whatsapp ? new WhatsAppChannel(outbound.whatsapp, { engine, alerts: deps.alerts, countSpool: deps.countSpool }) : undefined;
  const channels: GuestChannel[] = [...(telegram ? [telegram] : []), ...(whatsapp ? [whatsapp] : [])];
  return { channels, telegram, whatsapp, staff };
}
