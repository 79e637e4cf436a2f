import { enWords } from '../messages/en-words.js';
import type { Parsed } from './result.js';
import { cleanInput, foldWord } from './text.js';

/** How an answer is compared with the "no car" answers of the message catalogs (messages/en-words.ts): folded, so "sin vehículo" is "sin vehiculo". */
function noCarKey(text: string): string {
  return (
    foldWord(text)
      .replace(/[‘’ʼ`]/g, "'")
      // Emoji variation selectors are invisible and optional; "🚫️" is still "🚫".
      .replace(/\uFE0F/g, '')
      // "-" is itself an answer, so only sentence-ending punctuation is dropped.
      .replace(/[.!]+$/, '')
      .trim()
  );
}

/** Current UK format (since 2001): two letters, two digits, three letters, shown with one space. */
const UK_CURRENT = /^([A-Z]{2}[0-9]{2})([A-Z]{3})$/;

/**
 * ASCII only: parking and ANPR systems record Latin characters, and checking before upper-casing
 * stops "ß" turning into "SS".
 */
const PLATE_CHARS = /^[A-Za-z0-9 \-]+$/;

const foldedSets = new WeakMap<ReadonlySet<string>, ReadonlySet<string>>();

function folded(words: ReadonlySet<string>): ReadonlySet<string> {
  let set = foldedSets.get(words);
  if (!set) {
    set = new Set([...words].map(noCarKey));
    foldedSets.set(words, set);
  }
  return set;
}

/** `noCar`: the "no car" answers of the guest's language and of English (messages/understood.ts). */
export function parsePlate(
  text: string,
  noCar: ReadonlySet<string> | readonly ReadonlySet<string>[] = enWords.noCar,
): Parsed<string | null, 'empty' | 'too_long' | 'invalid'> {
  const input = cleanInput(text);
  if (!input.ok) return input;
  const key = noCarKey(input.value);
  const sets: readonly ReadonlySet<string>[] = noCar instanceof Set ? [noCar] : (noCar as readonly ReadonlySet<string>[]);
  if (sets.some((set) => folded(set).has(key))) return { ok: true, value: null };
  if (!PLATE_CHARS.test(input.value)) return { ok: false, reason: 'invalid' };

  const upper = input.value.toUpperCase();
  const compact = upper.replace(/[ \-]/g, '');
  if (compact.length < 2 || compact.length > 12) return { ok: false, reason: 'invalid' };

  const uk = UK_CURRENT.exec(compact);
  if (uk) return { ok: true, value: `${uk[1]} ${uk[2]}` };
  // Keep the guest's grouping (other countries' plates have no single layout), tidied: a run of
  // separators containing a hyphen becomes one hyphen, otherwise one space.
  const value = upper
    .replace(/[ \-]+/g, (run) => (run.includes('-') ? '-' : ' '))
    .replace(/^[ \-]+|[ \-]+$/g, '');
  return { ok: true, value };
}
