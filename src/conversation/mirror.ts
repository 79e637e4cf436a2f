import type { Effect } from '../flows/effects.js';
import type { FlowEvent } from '../flows/events.js';
import type { Channel } from '../flows/state.js';

/** A line of the conversation copied to staff, labelled by who said it. Never PIN digits. */
export interface MirrorEffect {
  type: 'mirror';
  from: 'guest' | 'bot' | 'staff';
  text: string;
}

/** What the engine queues: the flow's effects plus its own staff mirrors. */
export type EngineEffect = Effect | MirrorEffect;

export interface MirrorLine {
  convKey: string;
  channel: Channel;
  chatId: string;
  ref: string | undefined;
  from: MirrorEffect['from'];
  text: string;
}

/** Where staff follow conversations (the Telegram staff group). */
export interface StaffMirror {
  mirror(line: MirrorLine): Promise<void>;
}

/** How a guest's event reads to staff. */
export function describeGuestEvent(event: FlowEvent): string | undefined {
  switch (event.type) {
    case 'text':
      return event.text;
    case 'start':
      return event.ref ? `/start ${event.ref}` : '/start';
    case 'button':
      return `[pressed: ${event.id}]`;
    case 'contact':
      return `[shared contact: ${event.phone}]`;
    case 'media':
      return `[sent a ${event.kind}]`;
    default:
      return undefined; // system events are not something the guest said
  }
}

/** The guest's message first, then each reply followed by its copy for staff (redacted if secret). */
export function withMirrors(event: FlowEvent, effects: readonly Effect[]): EngineEffect[] {
  const out: EngineEffect[] = [];
  const said = describeGuestEvent(event);
  if (said !== undefined) out.push({ type: 'mirror', from: 'guest', text: said });
  for (const effect of effects) {
    out.push(effect);
    if (effect.type === 'send') {
      out.push({ type: 'mirror', from: effect.from ?? 'bot', text: effect.secret ? effect.secret.redacted : effect.text });
    }
  }
  return out;
}
