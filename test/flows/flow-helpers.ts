import { step } from '../../src/flows/checkin.js';
import type { BookingView, PinView, StepContext, StepResult } from '../../src/flows/context.js';
import type { AlertKind, Effect, SendEffect } from '../../src/flows/effects.js';
import type { FlowEvent } from '../../src/flows/events.js';
import { publicIdWith } from '../../src/public-id.js';
import { newConversation, type ConversationState, type Step } from '../../src/flows/state.js';

export const NOW = Date.UTC(2026, 10, 27, 14, 0, 0);
export const CHAT_ID = '4242';
export const KEY = `telegram:${CHAT_ID}`;
export const OTHER_KEY = 'whatsapp:+447700900999';
/** How audit entries and alert texts name this conversation (never the raw key, which can be a phone number). */
export const PUBLIC_ID = publicIdWith('flow-tests');
export const KEY_ID = PUBLIC_ID(KEY);
export const REF = 'AB1234';
export const PIN_CODE = '482915';
export const PIN_TIMEOUT_MS = 90_000;

/** The answers of the happy path, as a guest would type them. */
export const ANSWERS = {
  ref: 'ab-12 34',
  name: 'jane smith',
  phone: '+44 7400 123456',
  phoneE164: '+447400123456',
  phoneDisplay: '+44 7400 123456',
  email: 'Jane@Example.COM',
  emailStored: 'Jane@example.com',
  car: 'ab12cde',
  carStored: 'AB12 CDE',
} as const;

export function bookingView(overrides: Partial<BookingView> = {}): BookingView {
  return {
    ref: REF,
    guestName: 'Jane Smith',
    status: 'active',
    propertyName: 'Harbour House',
    roomName: 'Room 3',
    checkInLabel: 'Fri 27 Nov 2026, 15:00',
    checkOutLabel: 'Mon 30 Nov 2026, 11:00',
    contactPhone: '+44 20 7946 0958',
    arrivalInstructions: 'The key safe is left of the blue door.',
    // The guest of ANSWERS gives this phone and email: the happy path proves the booking by phone.
    identity: { policy: 'name+contact', phone: ANSWERS.phoneE164, email: 'jane@example.com' },
    ...overrides,
  };
}

export const readyPin: PinView = { status: 'ready', code: PIN_CODE };
export const pendingPin: PinView = { status: 'pending' };
export const failedPin: PinView = { status: 'failed', reason: 'gateway offline' };

export type CtxOverrides = Partial<StepContext>;

/**
 * A context as the engine would load it for this conversation's booking; `booking: undefined`
 * removes it. The booking is held by this chat (as after it proved it) unless `bookingOwner` says otherwise.
 */
export function ctx(overrides: CtxOverrides = {}): StepContext {
  return { now: NOW, booking: bookingView(), bookingOwner: KEY, pinTimeoutMs: PIN_TIMEOUT_MS, publicId: PUBLIC_ID, ...overrides };
}

export function fresh(patch: Partial<ConversationState> = {}): ConversationState {
  return { ...newConversation('telegram', CHAT_ID, NOW - 60_000), ...patch };
}

export const text = (t: string): FlowEvent => ({ type: 'text', text: t });

export interface RunResult {
  state: ConversationState;
  /** Every effect of every step, in order. */
  effects: Effect[];
  /** Every claim made along the way. */
  claims: string[];
  /** One result per event. */
  results: StepResult[];
}

/**
 * Threads the state through one step per event. Strings are typed text. `overrides` apply to every
 * step; a function gets the state before each step (e.g. to hand out the PIN only after confirm).
 */
export function run(
  state: ConversationState,
  events: ReadonlyArray<FlowEvent | string>,
  overrides: CtxOverrides | ((s: ConversationState, i: number) => CtxOverrides) = {},
): RunResult {
  let s = state;
  const effects: Effect[] = [];
  const claims: string[] = [];
  const results: StepResult[] = [];
  events.forEach((e, i) => {
    const event = typeof e === 'string' ? text(e) : e;
    const r = step(s, event, ctx(typeof overrides === 'function' ? overrides(s, i) : overrides));
    results.push(r);
    effects.push(...r.effects);
    if (r.claim !== undefined) claims.push(r.claim);
    s = r.state;
  });
  return { state: s, effects, claims, results };
}

export function sends(effects: readonly Effect[]): SendEffect[] {
  return effects.filter((e): e is SendEffect => e.type === 'send');
}

export function texts(effects: readonly Effect[]): string[] {
  return sends(effects).map((e) => e.text);
}

export type AlertEffect = Extract<Effect, { type: 'alertStaff' }>;

export function alerts(effects: readonly Effect[], kind?: AlertKind): AlertEffect[] {
  return effects.filter((e): e is AlertEffect => e.type === 'alertStaff' && (kind === undefined || e.kind === kind));
}

export function ofType<T extends Effect['type']>(effects: readonly Effect[], type: T): Extract<Effect, { type: T }>[] {
  return effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);
}

export function audits(effects: readonly Effect[]): string[] {
  return ofType(effects, 'audit').map((e) => e.action);
}

/** Events that bring a fresh conversation to `target` along the happy path (the guest is greeted first). */
export function eventsTo(target: Exclude<Step, 'blocked'>, answers: Partial<Record<'name' | 'phone' | 'email' | 'car', string>> = {}): FlowEvent[] {
  const order: Array<[Step, FlowEvent]> = [
    ['name', text(ANSWERS.ref)],
    ['phone', text(answers.name ?? ANSWERS.name)],
    ['email', text(answers.phone ?? ANSWERS.phone)],
    ['car', text(answers.email ?? ANSWERS.email)],
    ['confirm', text(answers.car ?? ANSWERS.car)],
    ['done', text('yes')],
  ];
  const events: FlowEvent[] = [{ type: 'start' }];
  for (const [reached, event] of order) {
    if (target === 'ref') break;
    events.push(event);
    if (reached === target) break;
  }
  return events;
}

/**
 * A conversation brought to `target` by the real flow (so its fields are what the flow stores),
 * with `patch` applied afterwards.
 */
export function reach(
  target: Exclude<Step, 'blocked'>,
  options: { patch?: Partial<ConversationState>; ctx?: CtxOverrides; answers?: Parameters<typeof eventsTo>[1] } = {},
): ConversationState {
  const r = run(fresh(), eventsTo(target, options.answers), options.ctx ?? { pin: pendingPin });
  if (r.state.step !== target) throw new Error(`reach(${target}) stopped at ${r.state.step}`);
  return { ...r.state, ...options.patch };
}

/** Freezes a value and everything reachable from it, so any mutation by `step` throws. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return value;
}
