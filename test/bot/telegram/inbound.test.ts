import { describe, expect, it } from 'vitest';
import { readUpdate } from '../../../src/bot/telegram/inbound.js';
import { en } from '../../../src/flows/messages/en.js';
import { UpdateFactory } from '../../fakes/telegram-updates.js';

const STAFF = '-1009999';
const read = (u: unknown) => readUpdate(u, { staffChatId: STAFF });
const f = new UpdateFactory(1);
const guest = f.guest(4242, { firstName: 'Zoë', lastName: "O'Neil", languageCode: 'en-GB' });

describe('reading Telegram updates', () => {
  it('a text message is a text event from the private chat, with language and name as meta', () => {
    expect(read(guest.text('AB1234'))).toEqual({
      kind: 'guest',
      chatId: '4242',
      event: { type: 'text', text: 'AB1234' },
      meta: { lang: 'en-GB', displayName: "Zoë O'Neil" },
    });
  });

  it.each([
    ['/start', { type: 'start' }],
    ['/start AB1234', { type: 'start', ref: 'AB1234' }],
    ['/start@checkin_bot AB-1234', { type: 'start', ref: 'AB-1234' }],
    ['/start   ', { type: 'start' }],
  ])('%s → %j', (text, event) => {
    expect(read(guest.text(text))).toMatchObject({ kind: 'guest', event });
  });

  it('menu commands become the words the flow understands; other slashes stay text', () => {
    expect(read(guest.text('/help'))).toMatchObject({ event: { type: 'text', text: 'help' } });
    expect(read(guest.text('/PIN@checkin_bot'))).toMatchObject({ event: { type: 'text', text: 'pin' } });
    expect(read(guest.text('/human'))).toMatchObject({ event: { type: 'text', text: 'human' } });
    expect(read(guest.text('/dance'))).toMatchObject({ event: { type: 'text', text: '/dance' } });
  });

  it("the sender's own contact is a contact event, with the '+' Telegram leaves out", () => {
    expect(read(guest.shareContact('447400123456'))).toMatchObject({ kind: 'guest', event: { type: 'contact', phone: '+447400123456' } });
    expect(read(guest.shareContact('+447400123456'))).toMatchObject({ event: { type: 'contact', phone: '+447400123456' } });
  });

  it("someone else's contact (or one without a user id) is not proof of the guest's number", () => {
    expect(read(guest.sendOtherContact('447700900123', 777))).toMatchObject({ event: { type: 'media', kind: 'contact' } });
    expect(read(guest.sendOtherContact('447700900123'))).toMatchObject({ event: { type: 'media', kind: 'contact' } });
  });

  it('photos, stickers, voice, locations, documents and edits are media events (nothing is dropped)', () => {
    expect(read(guest.photo())).toMatchObject({ event: { type: 'media', kind: 'photo' } });
    expect(read(guest.sticker())).toMatchObject({ event: { type: 'media', kind: 'sticker' } });
    expect(read(guest.voice())).toMatchObject({ event: { type: 'media', kind: 'voice' } });
    expect(read(guest.location())).toMatchObject({ event: { type: 'media', kind: 'location' } });
    expect(read(guest.document())).toMatchObject({ event: { type: 'media', kind: 'document' } });
    expect(read(guest.edited('AB1235'))).toMatchObject({ kind: 'guest', chatId: '4242', event: { type: 'media', kind: 'other' } });
  });

  it('a known button press is a button event that carries its callback id', () => {
    const decision = read(guest.press('confirm'));
    expect(decision).toMatchObject({ kind: 'guest', chatId: '4242', event: { type: 'button', id: 'confirm' }, meta: { lang: 'en-GB' } });
    expect(decision.kind === 'guest' && decision.callbackQueryId).toMatch(/^cb-/);
  });

  it('an unknown or malformed button only gets a polite answer', () => {
    const decision = read(guest.press('confirm_booking_v0'));
    expect(decision).toMatchObject({ kind: 'answerCallback', text: en.telegram.staleButton });
  });

  it('groups are ignored; the bot being added to one leaves a note; the staff chat goes to the staff adapter', () => {
    const group = f.group(-100123, guest);
    expect(read(group.text('/start'))).toEqual({ kind: 'ignore', reason: 'supergroup chat' });
    expect(read(group.botAdded())).toEqual({ kind: 'groupJoined', chatId: '-100123', lang: 'en-GB' });
    expect(read(group.botAddedAgain())).toEqual({ kind: 'groupJoined', chatId: '-100123', lang: 'en-GB' });
    const staff = f.group(Number(STAFF), guest);
    expect(read(staff.text('/takeover'))).toEqual({ kind: 'staff' });
    expect(read(group.text('/takeover'))).toEqual({ kind: 'ignore', reason: 'supergroup chat' });
    expect(read(staff.botAdded())).toEqual({ kind: 'ignore', reason: 'membership change' });
  });

  it('service messages, bots, unknown update types and junk are ignored without error', () => {
    expect(read(f.update({ message: { message_id: 1, date: 1, chat: guest.chat, from: guest.user, pinned_message: {} } }))).toMatchObject({ kind: 'ignore' });
    expect(read(f.update({ message: { message_id: 1, date: 1, chat: guest.chat, from: { id: 9, is_bot: true }, text: 'hi' } }))).toMatchObject({ kind: 'ignore' });
    expect(read(f.update({ channel_post: { message_id: 1 } }))).toEqual({ kind: 'ignore', reason: 'update type not handled' });
    expect(read(f.update({ message: { text: 'no chat' } }))).toEqual({ kind: 'ignore', reason: 'unreadable update' });
    expect(read('nonsense')).toEqual({ kind: 'ignore', reason: 'unreadable update' });
  });
});
