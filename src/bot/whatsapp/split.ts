/** Twilio refuses a WhatsApp body longer than this (error 21617). */
export const WHATSAPP_BODY_LIMIT = 1600;

/**
 * Cuts a long text into bodies Twilio accepts: at the last line break that fits, else the last
 * space, else (one enormous word) at the limit without splitting a surrogate pair.
 * Lengths are UTF-16 units, which never undercount what Twilio counts.
 */
export function splitBody(text: string, limit = WHATSAPP_BODY_LIMIT): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    // One past the limit, so a break exactly at the limit still counts.
    const window = rest.slice(0, limit + 1);
    let cut = window.lastIndexOf('\n');
    if (cut <= 0) cut = window.lastIndexOf(' ');
    let next: number;
    if (cut > 0) {
      next = cut + 1;
    } else {
      cut = limit;
      const before = rest.charCodeAt(cut - 1);
      if (before >= 0xd800 && before <= 0xdbff) cut--;
      next = cut;
    }
    const part = rest.slice(0, cut).trimEnd();
    if (part !== '') parts.push(part);
    rest = rest.slice(next).replace(/^\n+/, '');
  }
  if (rest.trim() !== '' || parts.length === 0) parts.push(rest);
  return parts;
}
