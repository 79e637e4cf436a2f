/**
 * What a checked-in guest asks (the `done` step): "the code doesn't work", the property's answers
 * (Wi-Fi, parking, check-out, address, house rules), and anything else, which goes to staff as a
 * question. Never a dead end: what the bot cannot answer, a person does, in this chat.
 *
 * "The code doesn't work": the keypad steps at once (or, before the code's start time, when it
 * will start working); then the booking's code is checked on its locks by the PIN job (effect
 * `checkCode`), put back where it is missing, and the result comes back as `codeChecked`: the
 * guest hears what was found and gets the code again (the PIN rules apply: pin-rules.ts). Said
 * again after that, staff get an urgent alert naming the booking, room and what the locks held.
 * After the stay (the guest left, or the code's end passed) it is not a guest at the door: they
 * hear when the code stopped and that a person can help (HUMAN), and staff get a question.
 *
 * What a message is about is read in parse/topic.ts. A property answer ends with a way to a
 * person; a request or a problem about the topic ("a late check-out?", "the Wi-Fi is slow") is
 * answered and passed to staff too.
 */
import type { GuestInfoView } from '../context.js';
import type { ButtonId, LockFinding, SystemEvent } from '../events.js';
import type { InfoTopic } from '../messages/en.js';
import { cleanText } from '../parse/text.js';
import { topicOf } from '../parse/topic.js';
import { held, resendPin, sendPin } from './pin-rules.js';
import { codeEndedText, departed, stayOver } from './stay-end.js';
import type { Turn } from './turn.js';

/** A report after this long with no check result back is "still failing": the check may never come. */
const CHECK_PATIENCE_MS = 60_000;
/** A report this long after the last one starts afresh (another day, another door). */
const EPISODE_MS = 6 * 3600_000;
/** What an alert quotes of the guest's question. */
const QUOTE_CHARS = 400;

type Topic = 'codeTrouble' | InfoTopic | 'checkOut' | 'thanks';

/**
 * A checked-in guest's message or button the done step did not take as a command. Returns false
 * when there is nothing to answer (an empty message, an unknown button): the caller re-prompts.
 */
export function afterCheckin(t: Turn, text: string, button?: ButtonId): boolean {
  if (button === 'code_trouble') {
    codeTrouble(t);
    return true;
  }
  // Nothing to read (empty, emoji only): the checked-in message again, with what can be asked.
  if (!/[\p{L}\p{N}]/u.test(text)) return false;
  const asked = topicOf(t.words.afterCheckin, text);
  const topic = asked?.topic;
  switch (topic) {
    case 'codeTrouble':
      codeTrouble(t);
      return true;
    case 'thanks':
      t.say(t.m.youreWelcome());
      return true;
    case undefined:
      askStaff(t, text);
      return true;
    default:
      answerInfo(t, topic, text, asked?.request ?? false);
      return true;
  }
}

/** Property answers only for a chat that may be told about the booking: it proved it and holds it (a held chat has no stay yet). */
function answerInfo(t: Turn, topic: Exclude<Topic, 'codeTrouble' | 'thanks'>, text: string, request: boolean): void {
  if (held(t) || !t.booking() || t.ctx.bookingOwner !== t.state.key) {
    askStaff(t, text);
    return;
  }
  const b = t.booking()!;
  const info: GuestInfoView = t.ctx.guestInfo?.[t.state.lang] ?? {};
  const answer =
    topic === 'checkOut'
      ? t.m.checkOutInfo(t.stayLabels(b).checkOutLabel)
      : topic === 'wifi'
      ? info.wifi && t.m.wifiInfo(info.wifi.network, info.wifi.password)
      : topic === 'parking'
        ? info.parking && t.m.parkingInfo(info.parking)
        : topic === 'address'
          ? (info.address || info.mapUrl) && t.m.addressInfo(info.address, info.mapUrl)
          : info.houseRules && t.m.houseRulesInfo(info.houseRules);
  if (answer && request) {
    // "Could we have a late check-out?": the stored answer may help, but a person decides.
    t.say(`${answer}\n\n${t.m.infoForwarded()}`);
    return raiseQuestion(t, text, `The guest got the ${TOPIC_NAMES[topic]} from properties.json, but asks for more`);
  }
  if (answer) return t.say(`${answer}\n\n${t.m.infoHuman()}`);
  // The host did not say (check-out always has an answer, from the booking): a person answers, here.
  if (topic === 'checkOut') return;
  t.say(t.m.infoMissing(topic));
  raiseQuestion(t, text, `The property has no ${TOPIC_NAMES[topic]} in properties.json to answer with`);
}

const TOPIC_NAMES: Record<InfoTopic | 'checkOut', string> = {
  wifi: 'Wi-Fi details',
  parking: 'parking information',
  address: 'address or map link',
  houseRules: 'house rules',
  checkOut: 'check-out time',
};

function askStaff(t: Turn, text: string): void {
  t.say(t.m.questionForwarded());
  raiseQuestion(t, text);
}

function raiseQuestion(t: Turn, text: string, why?: string): void {
  const ref = t.ref();
  const quoted = [...cleanText(text)].slice(0, QUOTE_CHARS).join('');
  t.emit({
    type: 'alertStaff',
    kind: 'guest_question',
    ref,
    detail: `${why ? `${why}. ` : ''}The guest asks: "${quoted}". Write here to answer them (that pauses the bot; /release hands back).`,
  });
  if (ref) t.emit({ type: 'audit', ref, action: 'guest_question', detail: t.ctx.publicId(t.state.key) });
}

/** "The code doesn't work": first the steps and a check of the locks; said again, a person. */
function codeTrouble(t: Turn): void {
  const ref = t.ref();
  const b = t.booking();
  const pin = t.ctx.pin;
  // The PIN rules first: a held chat, or one whose code is not made, hears what resendPin says (never a code).
  if (!ref || !b || held(t)) return resendPin(t);
  // A PIN record deleted after check-out is the stay's end, not a code still being made.
  const over = stayOver(t);
  if (!over && (pin?.status !== 'ready' || !pin.code)) return resendPin(t);
  if (t.ctx.bookingOwner !== t.state.key) return t.say(t.m.blocked(t.contactPhone()));
  if (over) return codeAfterStay(t, 'says the door code does not work');
  if (pin?.status !== 'ready' || !pin.code) return resendPin(t);
  const now = t.ctx.now;
  if (pin.validFrom !== undefined && now < pin.validFrom) {
    t.say(t.m.codeHowTo());
    t.say(t.m.codeNotYetValid(pin.validFromLabels?.[t.state.lang] ?? new Date(pin.validFrom).toISOString()));
    t.emit({ type: 'audit', ref, action: 'code_trouble:before_start', detail: t.ctx.publicId(t.state.key) });
    return;
  }
  const open = t.state.codeTrouble;
  const current = open && now - open.reportedAt < EPISODE_MS ? open : undefined;
  if (current && (current.checked || now - current.reportedAt >= CHECK_PATIENCE_MS)) return escalate(t, 'the guest says it still does not work');
  if (current) {
    // Checking already: the result is on its way.
    t.say(t.m.codeChecking());
    return;
  }
  t.set({ codeTrouble: { reportedAt: now, checked: false, escalated: false } });
  t.say(t.m.codeHowTo());
  t.say(t.m.codeChecking());
  t.emit({ type: 'checkCode', ref });
  t.emit({ type: 'audit', ref, action: 'code_trouble:reported', detail: t.ctx.publicId(t.state.key) });
}

/**
 * After the stay: not a guest at the door. They hear when the code stopped and that a person can
 * help; staff get a question (not an urgent alert), and no lock is checked.
 */
function codeAfterStay(t: Turn, what: string): void {
  t.say(codeEndedText(t));
  const ref = t.ref();
  const why = departed(t) ? 'after checking out' : 'after the door code ended';
  t.emit({
    type: 'alertStaff',
    kind: 'guest_question',
    ref,
    detail: `The guest ${what} ${why}; they were told it has ended and offered a person (HUMAN). Write here if they need to get in (a forgotten item?).`,
  });
  if (ref) t.emit({ type: 'audit', ref, action: 'code_trouble:after_stay', detail: t.ctx.publicId(t.state.key) });
}

/** Urgent: a guest at the door whose code still fails. Staff hear it once per episode; the guest hears it every time. */
function escalate(t: Turn, why: string): void {
  const ref = t.ref() ?? '';
  const b = t.booking();
  const contact = t.contactPhone() ?? '';
  const trouble = t.state.codeTrouble ?? { reportedAt: t.ctx.now, checked: false, escalated: false };
  if (!trouble.escalated) {
    const where = b ? `room ${b.roomName} at ${b.propertyName}` : 'room unknown';
    t.emit({
      type: 'alertStaff',
      kind: 'code_not_working',
      ref,
      detail: `URGENT: guest at the door, code not working (${why}). Booking ${ref}, ${where}. Locks as found: ${trouble.found ?? 'not checked (no result from the locks)'}. Property contact: ${contact || 'none set'}.`,
    });
    t.emit({ type: 'audit', ref, action: 'code_trouble:escalated', detail: trouble.found ?? 'not checked' });
  }
  t.set({ codeTrouble: { ...trouble, escalated: true } });
  t.say(t.m.codeEscalated(contact));
}

/** The locks were checked (src/jobs/pin.worker.ts): tell the guest what was found and give the code again. */
export function onCodeChecked(t: Turn, event: Extract<SystemEvent, { type: 'codeChecked' }>): void {
  const found = describeFindings(t, event);
  t.emit({ type: 'audit', ref: event.ref, action: `code_checked:${event.outcome}`, detail: found });
  if (event.ref !== t.state.ref || t.state.step !== 'done' || t.state.blockedReason) return;
  // Only the chat holding the booking asked (codeTrouble checks it); one that lost it since hears nothing of its locks.
  if (held(t) || t.ctx.bookingOwner !== t.state.key) return;
  const trouble = t.state.codeTrouble ?? { reportedAt: t.ctx.now, escalated: false };
  // Busy: nothing was checked; the PIN job's own result (pinReady) sends the code (codeAwaited).
  t.set({ codeTrouble: { ...trouble, checked: event.outcome !== 'busy', found } });
  if (t.state.takenOver) return; // staff are talking to the guest; they see the check on the audit trail
  if (event.outcome === 'busy') return t.say(t.m.codeCheckBusy());
  if (event.outcome === 'error' || event.locks.some((l) => l.found === 'failed')) {
    t.say(t.m.codeCheckFailed(t.contactPhone() ?? ''));
    return escalate(t, 'the bot could not check or fix the code on the locks');
  }
  const readded = event.locks.filter((l) => l.found === 'readded');
  t.say(readded.length ? t.m.codeReadded(lockList(t, readded)) : t.m.codeCheckedOk());
  const pin = t.ctx.pin;
  // sendPin keeps the rules (owner, not cancelled); a held chat never got this far (codeTrouble checks it).
  if (!held(t) && pin?.status === 'ready' && pin.code) sendPin(t, pin.code);
  else resendPin(t);
}

/**
 * A "the code doesn't work" whose check has not answered yet (or found the PIN job busy): the
 * guest was promised the code, so the PIN job's next result sends it even when nothing changed.
 */
export function codeAwaited(t: Turn): boolean {
  const open = t.state.codeTrouble;
  return open !== undefined && !open.checked && t.ctx.now - open.reportedAt < EPISODE_MS;
}

/** The code went to a guest waiting for it: the episode counts as checked, so saying it again reaches a person. */
export function codeDelivered(t: Turn): void {
  const open = t.state.codeTrouble;
  if (open && !open.checked) t.set({ codeTrouble: { ...open, checked: true } });
}

function lockList(t: Turn, locks: readonly LockFinding[]): string {
  const roomName = t.booking()?.roomName ?? '';
  const names = locks.map((l) => (l.role === 'front' ? t.m.frontDoor : roomName));
  return new Intl.ListFormat(t.m.locale, { type: 'conjunction' }).format(names);
}

/** For staff and the audit trail (no digits): "front door (lock 1001): present; Room 3 (lock 2001): put back". */
function describeFindings(t: Turn, event: Extract<SystemEvent, { type: 'codeChecked' }>): string {
  if (event.outcome === 'busy') return 'not checked: the PIN job was working on the booking';
  if (event.outcome === 'error') return `could not check: ${event.reason ?? 'unknown error'}`;
  const roomName = t.booking()?.roomName ?? 'room';
  return event.locks
    .map((l) => {
      const what = l.found === 'present' ? 'code present' : l.found === 'readded' ? 'code was missing, put back' : `could not check or fix (${l.reason ?? 'unknown'})`;
      return `${l.role === 'front' ? 'front door' : roomName} (lock ${l.lockId}): ${what}`;
    })
    .join('; ');
}
