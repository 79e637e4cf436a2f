import { describe, expect, it } from 'vitest';
import type { ButtonId } from '../../../src/flows/events.js';
import { en } from '../../../src/flows/messages/en.js';
import { CATALOGS, LANGUAGE_NAMES, LANGUAGES } from '../../../src/flows/messages/index.js';
import { isConfirmPrompt, renderMessage } from '../../../src/bot/whatsapp/render.js';
import { splitBody, WHATSAPP_BODY_LIMIT } from '../../../src/bot/whatsapp/split.js';

const pinDetails = { propertyName: 'Harbour House', roomName: 'Room 1', checkInLabel: 'Tue 1 Dec 15:00', checkOutLabel: 'Thu 3 Dec 11:00' };

describe('splitBody', () => {
  it('leaves a body of up to 1,600 characters alone', () => {
    expect(splitBody('hello')).toEqual(['hello']);
    const exact = 'x'.repeat(WHATSAPP_BODY_LIMIT);
    expect(splitBody(exact)).toEqual([exact]);
  });

  it('splits on line boundaries, every part within the limit, nothing lost', () => {
    const lines = Array.from({ length: 60 }, (_, i) => `Line ${i}: ${'word '.repeat(8).trim()}`);
    const text = lines.join('\n');
    expect(text.length).toBeGreaterThan(WHATSAPP_BODY_LIMIT);
    const parts = splitBody(text);
    expect(parts.length).toBe(2);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(WHATSAPP_BODY_LIMIT);
    // Whole lines only: each part starts a line and ends one.
    expect(parts.join('\n')).toBe(text);
    for (const part of parts) expect(lines).toContain(part.split('\n')[0]);
  });

  it('falls back to spaces for a long paragraph, then to a hard cut that keeps emoji whole', () => {
    const paragraph = Array.from({ length: 400 }, (_, i) => `w${i}`).join(' ');
    const parts = splitBody(paragraph);
    expect(parts.every((p) => p.length <= WHATSAPP_BODY_LIMIT)).toBe(true);
    expect(parts.join(' ')).toBe(paragraph);

    const emoji = 'a' + '😀'.repeat(1000); // 2,001 UTF-16 units, cut lands inside a pair
    const cut = splitBody(emoji);
    expect(cut.every((p) => p.length <= WHATSAPP_BODY_LIMIT)).toBe(true);
    expect(cut.join('')).toBe(emoji);
    expect(cut.every((p) => !/[\uD800-\uDBFF]$/.test(p))).toBe(true);
  });

  it('uses the given limit', () => {
    expect(splitBody('one\ntwo\nthree', 8)).toEqual(['one\ntwo', 'three']);
  });
});

describe('renderMessage', () => {
  it('bolds the PIN itself in the PIN message, and nothing else', () => {
    const text = en.pin({ code: '482913', ...pinDetails });
    const redacted = en.pin({ code: en.pinRedacted, ...pinDetails });
    const out = renderMessage({ type: 'send', text, secret: { redacted } });
    expect(out.text.split('\n')[0]).toBe('Your door code is *482913*');
    expect(out.text.split('\n').slice(1)).toEqual(text.split('\n').slice(1));
    expect(out.numbered).toBeUndefined();
  });

  it('adds no numbered list when the text already says what to type (every prompt of the flow)', () => {
    const summary = en.summary({ ref: 'AB1', stay: { propertyName: 'H', roomName: 'R', checkInLabel: 'a', checkOutLabel: 'b' }, name: 'A', phone: '+44', email: 'e', car: null });
    const cases = [
      { text: summary, buttons: [{ id: 'confirm', label: 'Confirm' }, { id: 'edit', label: 'Edit' }] },
      { text: en.askCar(true), buttons: [{ id: 'no_car', label: 'No car' }] },
      { text: en.askPhone('+44 7400 123456'), buttons: [{ id: 'use_known_phone', label: 'Use +44 7400 123456' }] },
      { text: en.askWhichField(), buttons: [{ id: 'edit_name', label: 'Name' }, { id: 'edit_phone', label: 'Phone' }, { id: 'edit_email', label: 'Email' }, { id: 'edit_car', label: 'Car' }] },
      { text: en.done('Room 1'), buttons: [{ id: 'resend_pin', label: 'Show my code' }] },
    ] as const;
    for (const c of cases) {
      const out = renderMessage({ type: 'send', text: c.text, buttons: [...c.buttons] });
      expect(out).toEqual({ text: c.text, numbered: undefined });
    }
  });

  it('gives button-only prompts a numbered typed alternative', () => {
    const out = renderMessage({
      type: 'send',
      text: 'Anything else?',
      buttons: [
        { id: 'resend_pin', label: 'Show my code' },
        { id: 'human', label: 'Talk to a person' },
      ],
    });
    expect(out.text).toBe('Anything else?\n\nReply 1 for Show my code, 2 for Talk to a person.');
    expect(out.numbered).toEqual(['resend_pin', 'human']);
  });

  it('does not take a lowercase word for a typed command', () => {
    const out = renderMessage({ type: 'send', text: "What's your name?", buttons: [{ id: 'edit_name', label: 'Name' }] });
    expect(out.numbered).toEqual(['edit_name']);
  });

  it('recognises the confirm/edit prompt for the quick-reply template', () => {
    const buttons = [
      { id: 'confirm', label: 'Confirm' },
      { id: 'edit', label: 'Edit' },
    ] as const;
    expect(isConfirmPrompt({ type: 'send', text: 'x', buttons: [...buttons] })).toBe(true);
    expect(isConfirmPrompt({ type: 'send', text: 'x', buttons: [buttons[0]] })).toBe(false);
    expect(isConfirmPrompt({ type: 'send', text: 'x' })).toBe(false);
  });
});

describe('renderMessage in the guest\'s language', () => {
  const es = CATALOGS.es;
  const button = (id: ButtonId, label: string) => ({ id, label });

  it('a Spanish summary names SÍ and EDITAR: no numbered list', () => {
    const text = es.summary({ ref: 'AB1234', name: 'Ana García', phone: '+34 612 34 56 78', email: 'ana@example.com', car: null });
    const r = renderMessage({ type: 'send', text, buttons: [button('confirm', es.buttons.confirm), button('edit', es.buttons.edit)], lang: 'es' });
    expect(r).toEqual({ text, numbered: undefined });
  });

  it('a Spanish car question names SIN COCHE; a Polish one BEZ SAMOCHODU; a German which-detail question names NAME, TELEFON, E-MAIL and AUTO', () => {
    expect(renderMessage({ type: 'send', text: es.askCar(true), buttons: [button('no_car', es.buttons.no_car)], lang: 'es' }).numbered).toBeUndefined();
    const pl = CATALOGS.pl;
    expect(renderMessage({ type: 'send', text: pl.askCar(true), buttons: [button('no_car', pl.buttons.no_car)], lang: 'pl' }).numbered).toBeUndefined();
    const de = CATALOGS.de;
    const fields = (['edit_name', 'edit_phone', 'edit_email', 'edit_car'] as const).map((id) => button(id, de.buttons[id]));
    expect(renderMessage({ type: 'send', text: de.askWhichField(), buttons: fields, lang: 'de' }).numbered).toBeUndefined();
  });

  it('the language chooser is a numbered list, its hint in the guest\'s language', () => {
    const buttons = LANGUAGES.map((l) => button(`lang_${l}`, LANGUAGE_NAMES[l]));
    const r = renderMessage({ type: 'send', text: es.chooseLanguage(), buttons, lang: 'es' });
    expect(r.text).toBe(`${es.chooseLanguage()}\n\nResponde 1 para English, 2 para Español, 3 para Français, 4 para Deutsch, 5 para Italiano, 6 para Português, 7 para Nederlands, 8 para Polski.`);
    expect(r.numbered).toEqual(LANGUAGES.map((l) => `lang_${l}`));
  });

  it('an English word in a Spanish message does not count as naming the Spanish button (a list is added)', () => {
    const r = renderMessage({ type: 'send', text: 'Reply YES to confirm.', buttons: [button('confirm', es.buttons.confirm)], lang: 'es' });
    expect(r.text).toBe('Reply YES to confirm.\n\nResponde 1 para Confirmar.');
  });

  it('no language: English, as before', () => {
    const r = renderMessage({ type: 'send', text: 'Which one?', buttons: [button('edit_car', en.buttons.edit_car)] });
    expect(r.text).toBe('Which one?\n\nReply 1 for Car.');
  });
});
