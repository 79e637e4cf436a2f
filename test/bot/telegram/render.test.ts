import { describe, expect, it } from 'vitest';
import { renderMessage, secretSpan } from '../../../src/bot/telegram/render.js';
import { splitText } from '../../../src/bot/telegram-api/split-text.js';
import { en } from '../../../src/flows/messages/en.js';

describe('splitting long texts', () => {
  it('keeps a text within the limit whole', () => {
    expect(splitText('hello\nworld', 20)).toEqual([{ text: 'hello\nworld', start: 0 }]);
  });

  it('cuts at line breaks, never over the limit, and loses no words', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `line ${i}: ${'x'.repeat(20 + (i % 17))}`);
    const text = lines.join('\n');
    const chunks = splitText(text, 4096);
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) {
      expect(c.text.length).toBeLessThanOrEqual(4096);
      expect(text.slice(c.start, c.start + c.text.length)).toBe(c.text);
    }
    expect(chunks.map((c) => c.text).join('\n')).toBe(text);
    // Every chunk ends at a line end.
    for (const c of chunks.slice(0, -1)) expect(text[c.start + c.text.length]).toBe('\n');
  });

  it('falls back to spaces, then to a hard cut that never splits an emoji', () => {
    const words = Array.from({ length: 50 }, () => 'word').join(' ');
    for (const c of splitText(words, 32)) expect(c.text.length).toBeLessThanOrEqual(32);
    expect(splitText(words, 32).map((c) => c.text).join(' ')).toBe(words);

    const emoji = '😀'.repeat(10); // 20 UTF-16 units, no breaks anywhere
    const chunks = splitText(emoji, 7);
    for (const c of chunks) {
      expect(c.text.length).toBeLessThanOrEqual(7);
      expect(c.text).not.toMatch(/[\ud800-\udbff]$/); // no lone high surrogate at a cut
    }
    expect(chunks.map((c) => c.text).join('')).toBe(emoji);
  });

  it('drops the blank lines of a paragraph break at a cut', () => {
    const text = `${'a'.repeat(10)}\n\n\n${'b'.repeat(10)}`;
    expect(splitText(text, 12)).toEqual([
      { text: 'a'.repeat(10), start: 0 },
      { text: 'b'.repeat(10), start: 13 },
    ]);
  });
});

describe('rendering a flow message', () => {
  it('sends text verbatim with no parse mode, whatever markup it holds', () => {
    const text = 'Name: <b>Jo</b> *Smith* _x_ [a](b) & 1 < 2 \\ `code`';
    const [m] = renderMessage({ type: 'send', text });
    expect(m).toEqual({ text, reply_markup: { remove_keyboard: true } });
    expect(m).not.toHaveProperty('parse_mode');
  });

  it('buttons become an inline keyboard whose callback_data is the button id', () => {
    const [m] = renderMessage({
      type: 'send',
      text: 'Which?',
      buttons: [
        { id: 'edit_name', label: 'Name' },
        { id: 'edit_phone', label: 'Phone' },
        { id: 'edit_email', label: 'Email' },
        { id: 'use_known_phone', label: 'Use +44 7400 123456' },
        { id: 'edit_car', label: 'Car' },
      ],
    });
    expect(m!.reply_markup).toEqual({
      inline_keyboard: [
        [
          { text: 'Name', callback_data: 'edit_name' },
          { text: 'Phone', callback_data: 'edit_phone' },
        ],
        [{ text: 'Email', callback_data: 'edit_email' }],
        [{ text: 'Use +44 7400 123456', callback_data: 'use_known_phone' }],
        [{ text: 'Car', callback_data: 'edit_car' }],
      ],
    });
  });

  it('askContact shows a one-time "share my phone number" keyboard', () => {
    const [m] = renderMessage({ type: 'send', text: en.askPhone(undefined), askContact: true });
    expect(m!.reply_markup).toMatchObject({
      keyboard: [[{ text: 'Share my phone number', request_contact: true }]],
      one_time_keyboard: true,
      resize_keyboard: true,
    });
    expect((m!.reply_markup as { input_field_placeholder: string }).input_field_placeholder.length).toBeLessThanOrEqual(64);
  });

  it('the PIN is bold by entity, at the right UTF-16 offset even after emoji and markup', () => {
    const details = { propertyName: 'Harbour <b>House</b> 🌊', roomName: 'Room *1*', checkInLabel: 'Mon 1 Dec 15:00', checkOutLabel: 'Wed 3 Dec 11:00' };
    const text = `🔑 ${en.pin({ code: '482913', ...details })}`;
    const redacted = `🔑 ${en.pin({ code: en.pinRedacted, ...details })}`;
    const [m] = renderMessage({ type: 'send', text, secret: { redacted } });
    expect(m!.entities).toHaveLength(1);
    const e = m!.entities![0]!;
    expect(e.type).toBe('bold');
    expect(m!.text.slice(e.offset, e.offset + e.length)).toBe('482913');
  });

  it('a long message is split; markup rides on the last part only; the PIN entity follows its part', () => {
    const filler = Array.from({ length: 300 }, (_, i) => `Line ${i} of the house rules.`).join('\n');
    const text = `${filler}\nYour door code is 482913\nEnjoy!`;
    const redacted = `${filler}\nYour door code is [door code hidden]\nEnjoy!`;
    const parts = renderMessage({ type: 'send', text, secret: { redacted }, buttons: [{ id: 'resend_pin', label: 'Show my code' }] });
    expect(parts.length).toBe(3);
    expect(parts.slice(0, -1).every((p) => p.reply_markup === undefined && p.entities === undefined)).toBe(true);
    const last = parts.at(-1)!;
    expect(last.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Show my code', callback_data: 'resend_pin' }]] });
    const e = last.entities![0]!;
    expect(last.text.slice(e.offset, e.offset + e.length)).toBe('482913');
  });

  it('secretSpan finds the differing part', () => {
    expect(secretSpan('code 1234 ok', 'code [hidden] ok')).toEqual({ offset: 5, length: 4 });
    expect(secretSpan('same', 'same')).toBeUndefined();
  });
});
