import QRCode from 'qrcode';

/**
 * Links that start a booking's check-in with the ref already given, for the host to paste into
 * their booking confirmation, and a QR code of each for a printed welcome card.
 *
 * - Telegram: `https://t.me/<bot>?start=<ref>`. The start parameter may hold up to 64 characters
 *   of A-Z a-z 0-9 _ - (Bot API, "Deep linking"); a ref is 3-32 letters and digits, so it goes
 *   in as it is. Telegram shows a START button that sends `/start <ref>`.
 * - WhatsApp: `https://wa.me/<number>?text=<sentence>` (WhatsApp's click-to-chat): the guest's
 *   WhatsApp opens a chat with the sender number and the sentence typed in; the guest presses send.
 *   The sentence ("Check-in, booking AB1234") is one the flow reads as the ref.
 */
export interface Invitation {
  ref: string;
  telegram?: { link: string; qrSvg: string };
  whatsapp?: { link: string; qrSvg: string };
}

export interface InviteSettings {
  /** The bot's @username (without @), when Telegram is configured. */
  telegramBot?: () => Promise<string | undefined>;
  /** The WhatsApp sender (`whatsapp:+14155238886`), when Twilio is configured. */
  whatsappFrom?: string;
}

/** What the WhatsApp link types in for the guest. English: the flow understands it in every language it speaks. */
export function whatsappInviteText(ref: string): string {
  return `Check-in, booking ${ref}`;
}

export function telegramLink(bot: string, ref: string): string {
  return `https://t.me/${encodeURIComponent(bot)}?start=${encodeURIComponent(ref)}`;
}

export function whatsappLink(from: string, ref: string): string {
  const digits = from.replace(/^whatsapp:/, '').replace(/\D/g, '');
  return `https://wa.me/${digits}?text=${encodeURIComponent(whatsappInviteText(ref))}`;
}

export function qrSvg(text: string): Promise<string> {
  // Medium error correction: a printed card survives a smudge; margin 2 modules is enough on white paper.
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** Both links (for the channels configured) with a QR code each. */
export async function invitation(ref: string, settings: InviteSettings): Promise<Invitation> {
  const result: Invitation = { ref };
  // Telegram unreachable (getMe): the WhatsApp link does not need it, so it is given alone.
  const bot = await settings.telegramBot?.().catch(() => undefined);
  if (bot) {
    const link = telegramLink(bot, ref);
    result.telegram = { link, qrSvg: await qrSvg(link) };
  }
  if (settings.whatsappFrom) {
    const link = whatsappLink(settings.whatsappFrom, ref);
    result.whatsapp = { link, qrSvg: await qrSvg(link) };
  }
  return result;
}

/** What a host pastes into the booking confirmation (the README shows the same template). */
export function inviteMessage(inv: Invitation): string {
  const lines = [`Check in before you arrive and get your door code in a chat (booking ${inv.ref}):`];
  if (inv.whatsapp) lines.push(`WhatsApp: ${inv.whatsapp.link}`);
  if (inv.telegram) lines.push(`Telegram: ${inv.telegram.link}`);
  return lines.join('\n');
}
