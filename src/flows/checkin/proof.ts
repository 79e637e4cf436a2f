/**
 * Proving the booking: once name, phone and email are in, they are compared with what the booking
 * holds. A chat that proves it claims the booking and its PIN job starts; one that does not is
 * held for staff, who hear what was given against what is booked. A held chat that corrects a
 * detail or shares its own contact is checked again (each check is a try, counted by the engine).
 */
import type { BookingView } from '../context.js';
import { type BookedIdentity, checkIdentity, describeMismatch, PROOF_WORDS } from '../identity.js';
import { isHeld, type Step } from '../state.js';
import { block, claimedByOther } from './guards.js';
import { deliverAfterRelease, startPin } from './pin-rules.js';
import { next, prompt } from './prompts.js';
import type { Turn } from './turn.js';

/** Name, phone and email are in: prove the booking, then start the PIN so it is ready by the time the guest confirms. */
export function detailsAccepted(t: Turn): void {
  const ref = t.ref();
  if (!ref) return;
  t.emit({ type: 'audit', ref, action: 'details_accepted', detail: t.ctx.publicId(t.state.key) });
  prove(t);
}

/**
 * A held chat's corrected detail is checked again (a try): when it is corrected from the summary,
 * or when the guest went back and gave all three again. Going back alone spends no try.
 */
export function afterDetail(t: Turn, nextStep: Step): void {
  const again = t.state.identity === 'mismatch' && !t.state.approved && (t.state.editing || nextStep === 'car');
  const wasHeld = isHeld(t.state);
  if (again) prove(t);
  if (t.state.step === 'blocked') return;
  next(t, nextStep);
  if (again && wasHeld && !isHeld(t.state) && t.state.confirmedAt !== undefined) deliverAfterRelease(t, true);
}

/** A held chat shared its own contact (the platform vouches for the number): check again. */
export function recheckWithContact(t: Turn): void {
  prove(t);
  if (t.state.step === 'blocked') return;
  if (isHeld(t.state)) return t.say(t.m.pinHeld());
  if (t.state.confirmedAt !== undefined) return deliverAfterRelease(t, true);
  prompt(t);
}

function bookedIdentity(b: BookingView): BookedIdentity {
  return b.identity ?? { policy: 'name+contact' };
}

/**
 * Compares what the chat gave with the booking. A chat that fails is held for staff, who hear
 * once per chat what was given against what is booked; the booking's tries are counted by the
 * engine with the save, and once they run out no proof is accepted from any chat for the day.
 */
export function prove(t: Turn): void {
  const ref = t.ref();
  const b = t.booking();
  if (!ref) return;
  if (!b) {
    t.set({ identity: 'mismatch', proof: undefined });
    return hold(t, ref, `Booking ${ref} could not be loaded (deleted, or its room is not in properties.json).`, false);
  }
  const booked = bookedIdentity(b);
  const g = t.state.guest;
  const given = { name: g.name, phone: g.phone, email: g.email, platformPhone: t.state.knownPhone };
  const limit = t.limits().identityTries;
  const tries = t.ctx.identityTries ?? 0;
  if (t.ctx.barred || t.ctx.identityLocked || tries >= limit) {
    t.set({ identity: 'mismatch', proof: undefined });
    const why = t.ctx.barred ? 'staff took this booking away from this chat' : `${limit} failed identity tries on this booking in the last 24 hours`;
    // Raised once a day whoever meets the lock first (chats failing at the same moment may each have seen tries to spare).
    return hold(t, ref, `Not checked: ${why}. ${describeMismatch(given, b.guestName, booked)}`, !t.ctx.barred);
  }
  const check = checkIdentity(given, b.guestName, booked);
  t.identityCheck = { ref, passed: check.passed };
  if (!check.passed) {
    t.set({ identity: 'mismatch', proof: undefined });
    t.emit({ type: 'audit', ref, action: 'identity_failed', detail: t.ctx.publicId(t.state.key) });
    const what = !check.nameMatches ? 'the name does not match' : 'no phone number or email matches';
    return hold(t, ref, `Identity not proven (${what}). ${describeMismatch(given, b.guestName, booked)}`, tries + 1 >= limit);
  }
  t.set({ identity: 'matched', proof: check.proof, approvalRequired: booked.policy === 'staff' });
  t.emit({ type: 'audit', ref, action: 'identity_verified', detail: `${t.ctx.publicId(t.state.key)}: ${PROOF_WORDS[check.proof]}` });
  if (b.status === 'cancelled') return block(t, 'booking_cancelled');
  if (claimedByOther(t)) return block(t, 'claimed_elsewhere');
  t.claim = ref;
  startPin(t, ref);
  if (check.proof === 'name_only' || check.proof === 'name_policy') {
    t.emit({ type: 'note', text: `Verified by ${PROOF_WORDS[check.proof]}. If in doubt, call the guest; /reassign takes the booking back from this chat.` });
  }
  if (booked.policy === 'staff' && !t.state.approved) {
    t.emit({
      type: 'alertStaff',
      kind: 'approval_needed',
      ref,
      detail: `Booking ${ref}: verified by ${PROOF_WORDS[check.proof]}. Every door code here is approved by hand (IDENTITY_POLICY=staff): /approve sends it.`,
    });
  }
}

/** No PIN job, no door code: a person decides. Staff hear once per chat, and again when the booking's tries run out. */
function hold(t: Turn, ref: string, detail: string, lockedNow: boolean): void {
  if (!t.state.holdAlerted) {
    t.set({ holdAlerted: true });
    t.emit({
      type: 'alertStaff',
      kind: 'identity_mismatch',
      ref,
      detail: `${detail} No door code is made until staff /approve this chat.`,
      // RESTART clears holdAlerted: a chat going round again is not news to staff for a day.
      once: { key: `identity-held:${ref}:${t.ctx.publicId(t.state.key)}`, ttlSeconds: 24 * 3600 },
    });
  }
  if (lockedNow) {
    t.emit({
      type: 'alertStaff',
      kind: 'identity_locked',
      ref,
      detail: `Booking ${ref}: ${t.limits().identityTries} failed identity tries within 24 hours. No chat can prove it until then; /approve the right guest's chat, or /unlock in it to let them try again.`,
      once: { key: `identity-locked:${ref}`, ttlSeconds: 24 * 3600 },
    });
  }
}
