import jsqr from 'jsqr';
import { describe, expect, it } from 'vitest';
import { invitation, inviteMessage, qrSvg, telegramLink, whatsappInviteText, whatsappLink } from '../../src/bookings/invite.js';
import { parseRef } from '../../src/flows/parse/ref.js';

// CommonJS typed as an ES module: under NodeNext its default import is the module object.
const jsQR = ((jsqr as unknown as { default?: typeof jsqr.default }).default ?? jsqr) as typeof jsqr.default;

/**
 * Reads a QR code back from the SVG `qrcode` draws (one path of horizontal runs, "M x y h n …",
 * each module a unit square): rasterised at 8 px a module, then decoded by jsQR, as a phone would.
 */
function decodeSvg(svg: string): string | undefined {
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)![1]);
  const d = /<path stroke="#000000" d="([^"]+)"/.exec(svg)![1]!;
  const dark = new Set<string>();
  let x = 0;
  let y = 0;
  for (const [, op, a, b] of d.matchAll(/([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?/g)) {
    if (op === 'M') [x, y] = [Number(a), Number(b)];
    else if (op === 'm') [x, y] = [x + Number(a), y + Number(b)];
    else {
      for (let i = 0; i < Number(a); i++) dark.add(`${x + i},${Math.floor(y)}`);
      x += Number(a);
    }
  }
  const scale = 8;
  const px = size * scale;
  const rgba = new Uint8ClampedArray(px * px * 4);
  for (let py = 0; py < px; py++) {
    for (let pxx = 0; pxx < px; pxx++) {
      const v = dark.has(`${Math.floor(pxx / scale)},${Math.floor(py / scale)}`) ? 0 : 255;
      rgba.set([v, v, v, 255], (py * px + pxx) * 4);
    }
  }
  return jsQR(rgba, px, px)?.data;
}

describe('invitation links', () => {
  it('Telegram: a t.me deep link whose start parameter is the ref', () => {
    expect(telegramLink('checkin_test_bot', 'AB1234')).toBe('https://t.me/checkin_test_bot?start=AB1234');
  });

  it('WhatsApp: click-to-chat with the sender number and a sentence the flow reads as the ref', () => {
    const link = whatsappLink('whatsapp:+14155238886', 'AB1234');
    expect(link).toBe('https://wa.me/14155238886?text=Check-in%2C%20booking%20AB1234');
    const typed = decodeURIComponent(new URL(link).searchParams.get('text')!);
    expect(typed).toBe(whatsappInviteText('AB1234'));
    expect(parseRef(typed)).toEqual({ ok: true, value: 'AB1234' });
  });

  it('each QR code decodes to its link', async () => {
    const inv = await invitation('HMABCD1234', { telegramBot: async () => 'checkin_test_bot', whatsappFrom: 'whatsapp:+447400111222' });
    expect(inv.telegram!.qrSvg).toMatch(/^<svg /);
    expect(decodeSvg(inv.telegram!.qrSvg)).toBe('https://t.me/checkin_test_bot?start=HMABCD1234');
    expect(decodeSvg(inv.whatsapp!.qrSvg)).toBe('https://wa.me/447400111222?text=Check-in%2C%20booking%20HMABCD1234');
    // The decoder is not fooled by anything: another text gives another code.
    expect(decodeSvg(await qrSvg('https://example.com/other'))).toBe('https://example.com/other');
  });

  it('only the channels configured; the message to paste names each link', async () => {
    const onlyWhatsApp = await invitation('AB1234', { whatsappFrom: 'whatsapp:+14155238886' });
    expect(onlyWhatsApp.telegram).toBeUndefined();
    expect(inviteMessage(onlyWhatsApp)).toBe(
      'Check in before you arrive and get your door code in a chat (booking AB1234):\nWhatsApp: https://wa.me/14155238886?text=Check-in%2C%20booking%20AB1234',
    );
    expect(await invitation('AB1234', { telegramBot: async () => undefined })).toEqual({ ref: 'AB1234' });
  });

  it('Telegram out of reach (getMe fails): the WhatsApp link is still given', async () => {
    const inv = await invitation('AB1234', { telegramBot: () => Promise.reject(new Error('getMe timed out')), whatsappFrom: 'whatsapp:+14155238886' });
    expect(inv.telegram).toBeUndefined();
    expect(inv.whatsapp?.link).toBe(whatsappLink('whatsapp:+14155238886', 'AB1234'));
  });
});
