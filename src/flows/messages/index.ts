import { en, type Messages } from './en.js';

const bundles: Record<string, Messages> = { en };

/** Picks the guest's language ("en-GB" → en), falling back to English. */
export function messagesFor(lang: string | undefined): Messages {
  const base = (lang ?? 'en').toLowerCase().split(/[-_]/)[0] ?? 'en';
  return bundles[base] ?? en;
}

export type { Messages };
