/**
 * A conversation key can hold a phone number (WhatsApp chats are keyed by the guest's number).
 * Logs, audit entries and alert texts carry this short, stable, non-reversible label instead,
 * so the same chat can be followed without the number ever being written down.
 */
export function publicConvId(convKey: string): string {
  const i = convKey.indexOf(':');
  const channel = i > 0 ? convKey.slice(0, i) : 'chat';
  return `${channel}#${fnv1a(convKey, 0x811c9dc5)}${fnv1a(convKey, 0x01000193)}`;
}

/** 32-bit FNV-1a, as 7 base-36 characters; two seeds side by side make collisions negligible. */
function fnv1a(text: string, seed: number): string {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).padStart(7, '0');
}
