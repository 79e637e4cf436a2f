/**
 * What a checked-in guest's message is about (checkin/after-checkin.ts), read with the catalogs'
 * words (`afterCheckin` in messages/*-words.ts): the guest's language's, then English's.
 *
 * The order matters. A message naming the Wi-Fi is about the Wi-Fi ("the wifi password doesn't
 * work"), unless it also says the way in does not work. Then the door: trouble that can only be
 * the door ("I can't get in"), or "X doesn't work" where X is the door, its code (many guests call
 * it the password) or nothing at all ("not working"); "the TV doesn't work" is not the door.
 * "Password" alone, with nothing broken, is the Wi-Fi's. Then the other property topics.
 */
import type { AfterCheckinWords } from '../messages/catalog.js';
import { cleanText, foldWord } from './text.js';

export type AskedTopic = 'codeTrouble' | 'wifi' | 'parking' | 'checkOut' | 'address' | 'houseRules' | 'thanks';

export interface Asked {
  topic: AskedTopic;
  /** More than a question about the topic (a request, a problem): staff are asked as well as the answer given. */
  request: boolean;
}

const INFO_ORDER = ['checkOut', 'parking', 'address', 'houseRules', 'thanks'] as const;

export function topicOf(words: readonly AfterCheckinWords[], text: string): Asked | undefined {
  const s = foldWord(cleanText(text))
    .replace(/[‘’ʼ`´]/g, "'")
    .replace(/[\p{P}\p{S}\s]+$/u, '');
  // For whole-message patterns: punctuation inside ("hi, it doesn't work") is a space.
  const plain = s.replace(/[^\p{L}\p{N}'\s-]/gu, ' ').replace(/\s+/g, ' ').trim();
  if (plain === '') return undefined;
  const has = (kind: keyof AfterCheckinWords, what = s) => words.some((w) => w[kind].test(what));
  const broken = has('notWorking');
  const request = broken || has('request');
  if (has('wifi') && !(broken && has('entry'))) return { topic: 'wifi', request };
  if (has('codeTrouble') || (broken && (has('entry') || has('code') || has('bare', plain)))) return { topic: 'codeTrouble', request: false };
  if (has('password') && !broken) return { topic: 'wifi', request };
  for (const topic of INFO_ORDER) if (has(topic)) return { topic, request: topic !== 'thanks' && request };
  return undefined;
}
