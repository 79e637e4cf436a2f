import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export interface Metrics {
  /** Own registry, so tests and several apps in one process never collide on metric names. */
  registry: Registry;
  inboundMessages: Counter<'channel'>;
  /** reason: duplicate (a redelivery) | flood (over INBOUND_MESSAGES_PER_MINUTE) */
  inboundDropped: Counter<'channel' | 'reason'>;
  outboundMessages: Counter<'channel' | 'result'>;
  /** result: ready | failed | retry */
  pinJobs: Counter<'result'>;
  pinJobSeconds: Histogram;
  staffAlerts: Counter<'kind'>;
  httpRequests: Counter<'route' | 'method' | 'status'>;
  /** result: spooled (Redis could not take a WhatsApp webhook) | replayed (it reached Redis later) | dropped (could never be replayed) */
  whatsappSpool: Counter<'result'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    inboundMessages: new Counter({
      name: 'checkin_inbound_messages_total',
      help: 'Guest messages received, by channel',
      labelNames: ['channel'],
      registers,
    }),
    inboundDropped: new Counter({
      name: 'checkin_inbound_dropped_total',
      help: 'Inbound messages not queued, by channel and reason (duplicate, flood)',
      labelNames: ['channel', 'reason'],
      registers,
    }),
    outboundMessages: new Counter({
      name: 'checkin_outbound_messages_total',
      help: 'Messages sent to guests or staff, by channel and result',
      labelNames: ['channel', 'result'],
      registers,
    }),
    pinJobs: new Counter({
      name: 'checkin_pin_jobs_total',
      help: 'PIN job outcomes (ready, failed, retry)',
      labelNames: ['result'],
      registers,
    }),
    pinJobSeconds: new Histogram({
      name: 'checkin_pin_job_seconds',
      help: 'Time from PIN job start to the PIN being on every lock',
      // Locks answer in seconds through their gateway; the guest-facing timeout is 90 s by default.
      buckets: [0.5, 1, 2, 3, 5, 8, 13, 20, 30, 45, 60, 90, 120, 300],
      registers,
    }),
    staffAlerts: new Counter({
      name: 'checkin_staff_alerts_total',
      help: 'Alerts raised to staff, by kind',
      labelNames: ['kind'],
      registers,
    }),
    httpRequests: new Counter({
      name: 'checkin_http_requests_total',
      help: 'HTTP requests answered, by route pattern, method and status',
      labelNames: ['route', 'method', 'status'],
      registers,
    }),
    whatsappSpool: new Counter({
      name: 'checkin_whatsapp_spool_total',
      help: 'WhatsApp webhooks kept in the local spool while Redis could not take them, and what became of them (spooled, replayed, dropped)',
      labelNames: ['result'],
      registers,
    }),
  };
}
