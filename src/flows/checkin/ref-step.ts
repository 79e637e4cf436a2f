/**
 * The first question: the booking reference. Whether a typed ref exists is the one thing a
 * stranger can learn here, so unknown refs are counted outside the conversation (per chat and
 * across all chats) and looking up pauses once they run out; a found ref gets the same answer
 * whatever the state of its booking.
 */
import { parseRef } from '../parse/ref.js';
import type { Turn } from './turn.js';

/**
 * A ref has a digit in it ("AB9999" is a typo'd ref; "hello" is a greeting). Not whether the booking
 * exists: the answer would then tell a guesser which words are refs, with no miss counted.
 */
export function looksLikeRef(t: Turn, text: string): boolean {
  const parsed = parseRef(text, t.words.refLabels);
  return parsed.ok && /\d/.test(parsed.value);
}

export function onRef(t: Turn, text: string): void {
  const parsed = parseRef(text, t.words.refLabels);
  if (!parsed.ok) {
    if (parsed.reason === 'empty') return t.say(t.m.refEmpty());
    return t.say(parsed.reason === 'too_long' ? t.m.refTooLong() : t.m.refFormat());
  }
  const paused = t.ctx.refLookup?.paused;
  if (paused) return lookupsPaused(t, paused);
  const typed = parsed.value;
  const found = t.ctx.booking;
  // The booking's own ref, or another ref of it (a channel's reference) the loader found it by.
  const booking = found && (found.ref === typed || t.ctx.refAlias === typed) ? found : undefined;
  if (!booking) return missRef(t, typed);
  // From here on the booking goes by its own ref, whichever of its refs the guest typed.
  const ref = booking.ref;
  // Active, cancelled or claimed by another chat: the same answer until the chat proves the booking.
  t.set({ ref, step: 'name' });
  t.emit({ type: 'audit', ref, action: 'ref_accepted', detail: t.ctx.publicId(t.state.key) });
  t.say(t.m.refAccepted());
}

/** Counted outside the conversation (RESTART or a new chat does not reset it); staff hear once, when the limit is reached. */
function missRef(t: Turn, ref: string): void {
  t.refMiss = true;
  const limit = t.limits().refMissesPerHour;
  const misses = (t.ctx.refLookup?.chatMisses ?? 0) + 1;
  t.say(t.m.refNotFound(ref));
  if (misses < limit) return;
  t.emit({
    type: 'alertStaff',
    kind: 'ref_attempts',
    ref: undefined,
    detail: `${misses} booking references not recognised from this chat within an hour; last tried "${ref}". It can look up no more until the hour passes or staff /unlock it.`,
  });
  t.say(t.m.refGivingUp());
}

function lookupsPaused(t: Turn, why: 'chat' | 'global'): void {
  t.say(t.m.lookupsPaused());
  if (why === 'global') {
    // Many chats meet this at once: one alert per minute, whoever comes first.
    t.emit({
      type: 'alertStaff',
      kind: 'lookups_paused',
      ref: undefined,
      detail: `More than ${t.limits().refFailuresPerMinute} booking references were not found within a minute, across all chats: references are not looked up for anyone until the minute passes or staff /unlock a chat.`,
      once: { key: 'lookups-paused-global', ttlSeconds: 60 },
    });
  }
}
