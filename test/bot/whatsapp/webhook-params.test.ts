import { describe, expect, it } from 'vitest';
import { parseChoice } from '../../../src/bot/whatsapp/button-replies.js';
import { parseForm } from '../../../src/bot/whatsapp/form-body.js';
import { inboundMessageSchema, statusCallbackSchema, toInbound } from '../../../src/bot/whatsapp/webhook-params.js';
import { incomingMessage, messageSid, statusCallback } from '../../fakes/twilio-webhooks.js';

const ACCOUNT = `AC${'1'.repeat(32)}`;
const TO = 'whatsapp:+14155238886';

function parse(body: string, extra: Record<string, string> = {}) {
  return toInbound(inboundMessageSchema.parse(incomingMessage({ accountSid: ACCOUNT, to: TO, from: '+447400123456', body, extra })));
}

describe('incoming WhatsApp message parameters', () => {
  it('reads the sender, the delivery id, the text and the WhatsApp number offered as phone', () => {
    const sid = messageSid();
    const inbound = toInbound(inboundMessageSchema.parse(incomingMessage({ accountSid: ACCOUNT, to: TO, from: '+447400123456', body: 'AB1234', sid })));
    expect(inbound).toEqual({
      chatId: '+447400123456',
      deliveryId: sid,
      event: { type: 'text', text: 'AB1234' },
      meta: { knownPhone: '+447400123456', displayName: 'Alex' },
    });
  });

  it('turns a tapped quick reply into its button, and an unknown payload into its title', () => {
    expect(parse('Confirm', { ButtonPayload: 'confirm', ButtonText: 'Confirm', MessageType: 'button' }).event).toEqual({ type: 'button', id: 'confirm' });
    expect(parse('', { ButtonPayload: 'something-else', ButtonText: 'Yes please' }).event).toEqual({ type: 'text', text: 'Yes please' });
  });

  it('asks media, locations and unknown types to be typed (a media event), but reads a caption as text', () => {
    expect(parse('', { NumMedia: '1', MediaContentType0: 'image/jpeg', MediaUrl0: 'https://api.twilio.com/x', MessageType: 'image' }).event).toEqual({ type: 'media', kind: 'photo' });
    expect(parse('', { NumMedia: '1', MediaContentType0: 'audio/ogg', MessageType: 'audio' }).event).toEqual({ type: 'media', kind: 'voice' });
    expect(parse('', { NumMedia: '1', MediaContentType0: 'application/pdf' }).event).toEqual({ type: 'media', kind: 'document' });
    expect(parse('', { NumMedia: '1', MediaContentType0: 'text/vcard' }).event).toEqual({ type: 'media', kind: 'contact' });
    expect(parse('', { MessageType: 'location', Latitude: '51.5', Longitude: '-0.1', Address: 'London' }).event).toEqual({ type: 'media', kind: 'location' });
    expect(parse('', { MessageType: 'unsupported' }).event).toEqual({ type: 'media', kind: 'other' });
    expect(parse('AB1234', { NumMedia: '1', MediaContentType0: 'image/jpeg' }).event).toEqual({ type: 'text', text: 'AB1234' });
  });

  it('does not offer a WaId that is not a number, nor assume From is a phone number', () => {
    const bsuid = parse('hi', { From: 'whatsapp:US.13491208655302741918', WaId: '' });
    expect(bsuid.chatId).toBe('US.13491208655302741918');
    expect(bsuid.meta.knownPhone).toBeUndefined();
  });

  it('refuses what is not a WhatsApp message', () => {
    const good = incomingMessage({ accountSid: ACCOUNT, to: TO, from: '+447400123456', body: 'hi' });
    expect(inboundMessageSchema.safeParse(good).success).toBe(true);
    for (const bad of [
      { ...good, From: '+447400123456' }, // SMS
      { ...good, From: 'whatsapp:' },
      { ...good, MessageSid: 'nope' },
      { ...good, AccountSid: undefined },
      { ...good, Body: ['a', 'b'] }, // a repeated field
      { ...good, NumMedia: 'lots' },
    ]) {
      expect(inboundMessageSchema.safeParse(bad).success).toBe(false);
    }
  });

  it('reads status callbacks, status in lower case', () => {
    const sid = messageSid();
    const parsed = statusCallbackSchema.parse(statusCallback({ accountSid: ACCOUNT, sid, status: 'Undelivered', to: '+447400123456', from: TO, errorCode: '63016', errorMessage: '' }));
    expect(parsed).toMatchObject({ MessageSid: sid, MessageStatus: 'undelivered', ErrorCode: '63016' });
  });
});

describe('form bodies and typed choices', () => {
  it('keeps every field, repeated ones as arrays, and never touches the prototype', () => {
    const form = parseForm('A=1&B=two+words&B=x%26y&__proto__=evil&Empty=');
    expect(form).toEqual({ A: '1', B: ['two words', 'x&y'], ['__proto__']: 'evil', Empty: '' });
    expect(Object.getPrototypeOf(form)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).evil).toBeUndefined();
  });

  it('reads "1", "2.", " 3) " and keycap emoji as choices, nothing else', () => {
    expect(parseChoice('1')).toBe(1);
    expect(parseChoice(' 2. ')).toBe(2);
    expect(parseChoice('3)')).toBe(3);
    expect(parseChoice('2️⃣')).toBe(2);
    expect(parseChoice('12 Main St')).toBeUndefined();
    expect(parseChoice('+447400123456')).toBeUndefined();
    expect(parseChoice('one')).toBeUndefined();
  });
});
