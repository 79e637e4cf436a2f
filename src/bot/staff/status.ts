import type { Booking } from '../../bookings/booking.js';
import { PROOF_WORDS } from '../../flows/identity.js';
import type { ConversationState } from '../../flows/state.js';
import { conversationSummary, type ConversationStatus } from '../../conversation/status.js';
import type { PinRecord } from '../../locks/pin-store.js';
import type { PropertyCatalog } from '../../properties/properties.js';
import { enStaffTexts, type StaffTexts } from './texts.js';

export interface StatusFacts {
  state: ConversationState;
  booking: Booking | undefined;
  pin: PinRecord | undefined;
  /** The conversation that claimed the booking, if any. */
  owner: string | null;
  catalog: PropertyCatalog;
  /** `/status pin`: the digits too. */
  showPin: boolean;
}

const STATUS_WORDS: Record<ConversationStatus, string> = {
  in_progress: 'checking in with the bot',
  held: 'door code held for a person to check the guest (/approve)',
  blocked: 'stopped',
  taken_over: 'taken over by staff: the bot is paused (/release hands back)',
  done: 'checked in',
};

/** `/status`: where a conversation stands, for staff. The digits only when asked for. */
export function statusText(f: StatusFacts, texts: StaffTexts = enStaffTexts): string {
  const s = f.state;
  const summary = conversationSummary(s);
  const lines: string[] = [];
  lines.push(`Status: ${STATUS_WORDS[summary.status]}`);
  lines.push(`Guest: ${texts.channelLabels[s.channel]} ${s.chatId}${s.guest.name ? `, says they are ${s.guest.name}` : ''}`);
  lines.push(texts.guestLanguage(texts.languageNames[s.lang], s.lang));
  lines.push(`Step: ${s.step}${s.editing ? ' (correcting a detail)' : ''}`);
  lines.push(bookingLine(f));
  if (s.ref) lines.push(`Identity: ${identityWords(s)}`);
  if (s.ref) lines.push(`Door code: ${pinWords(f)}`);
  if (s.ref && f.owner && f.owner !== s.key) lines.push(`This booking was checked in from another chat (${f.owner}).`);
  const departure = departureWords(s);
  if (departure) lines.push(`Departure: ${departure}`);
  if (s.blockedReason) lines.push(`Stopped because: ${BLOCKED_WORDS[s.blockedReason]}`);
  if (s.humanRequested) lines.push('The guest asked for a person.');
  if (s.unreachable) lines.push('The guest cannot be reached by the bot (blocked it, or messages fail).');
  return lines.join('\n');
}

function bookingLine(f: StatusFacts): string {
  const ref = f.state.ref;
  if (!ref) return 'Booking: not given yet';
  const b = f.booking;
  if (!b) return `Booking ${ref}: not found any more`;
  const place = f.catalog.room(b.propertyId, b.roomId);
  const where = place ? `${place.property.name}, ${place.room.name}` : `${b.propertyId}/${b.roomId}`;
  return `Booking ${ref}: ${b.guestName}, ${where}, ${b.checkIn} → ${b.checkOut}${b.status === 'cancelled' ? ' (CANCELLED)' : ''}`;
}

const BLOCKED_WORDS: Record<NonNullable<ConversationState['blockedReason']>, string> = {
  claimed_elsewhere: 'the booking belongs to another chat (/reassign here gives it to this chat)',
  booking_cancelled: 'the booking is cancelled',
  reassigned: 'staff took the booking away from this chat',
};

function identityWords(s: ConversationState): string {
  if (s.approved) return 'approved by staff';
  switch (s.identity) {
    case 'matched':
      return `verified by ${s.proof ? PROOF_WORDS[s.proof] : 'the booked name'}${s.approvalRequired ? '; every door code here waits for /approve' : ''}`;
    case 'mismatch':
      return 'not proven: what the guest gave does not match the booking';
    case 'unknown':
      return 'not checked yet';
  }
}

function pinWords(f: StatusFacts): string {
  const s = f.state;
  const record = f.pin;
  let words: string;
  if (!s.pin.requested && !record) words = 'not requested yet';
  else if (!record) words = s.pin.status === 'failed' ? 'failed' : 'being created';
  else if (record.status === 'pending') words = 'being created';
  else if (record.status === 'failed') words = `failed${record.reason ? `: ${record.reason}` : ''}`;
  else words = s.pin.sent ? 'ready, sent to the guest' : 'ready, not sent yet';
  if (s.pin.undelivered) words += ' (a message with it was NOT delivered)';
  if (f.showPin) words += record?.code ? `. Digits: ${record.code}` : '. No digits yet.';
  else if (record?.code) words += ' (/status pin shows the digits)';
  return words;
}

/** "I've left" and /checkout (flows/checkin/departure.ts), once there is something to say. */
function departureWords(s: ConversationState): string | undefined {
  const d = s.departure;
  switch (d.status) {
    case 'none':
      return undefined;
    case 'asked':
      return 'the guest said they have left; asked to confirm';
    case 'requested':
      return 'checked out; the door code is being shortened';
    case 'done':
      return `checked out; the door code ends ${d.endsAtLabel ?? 'soon'}`;
    case 'failed':
      return 'checked out, but the door code could not be shortened (staff were alerted)';
  }
}
