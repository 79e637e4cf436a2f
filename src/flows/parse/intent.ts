import { cleanInput } from './text.js';

export type Intent =
  | { kind: 'help' }
  | { kind: 'restart' }
  | { kind: 'human' }
  | { kind: 'back' }
  | { kind: 'yes' }
  | { kind: 'no' }
  | { kind: 'resend' }
  | { kind: 'edit'; field?: 'name' | 'phone' | 'email' | 'car' };

type Kind = Intent['kind'];
type Field = NonNullable<Extract<Intent, { kind: 'edit' }>['field']>;

/**
 * Whole-message phrases only. Answers to the flow's questions ("Helpman", "help@example.com",
 * "NO12 ABC", "no car") must never read as commands, so nothing here is a substring search.
 * "/start" is deliberately absent: the channel adapter owns it.
 */
const PHRASES: Record<Kind, readonly string[]> = {
  help: ['help', 'help me', '?', 'menu', 'what do i do', 'what do i do now', 'what now', 'how does this work', 'i need help'],
  restart: ['restart', 'start over', 'start again', 'reset', 'begin again'],
  human: [
    'human',
    'agent',
    'person',
    'real person',
    'staff',
    'reception',
    'call me',
    'operator',
    'manager',
  ],
  back: ['back', 'go back', 'previous', 'undo'],
  yes: [
    'yes',
    'y',
    'yep',
    'yup',
    'yeah',
    'ya',
    'ok',
    'okay',
    'sure',
    'confirm',
    'confirmed',
    'correct',
    "that's right",
    'that is right',
    "that's correct",
    'that is correct',
    'all good',
    'looks good',
    'si',
    'sí',
    'oui',
    'ja',
    '👍',
    '✅',
    '✔',
  ],
  no: ['no', 'n', 'nope', 'nah', 'wrong', 'incorrect', "that's wrong", 'that is wrong', 'not right', 'not correct', '👎', '❌'],
  resend: ['resend', 'pin', 'code', 'door code', 'pin code', 'my pin', 'my code'],
  edit: ['edit', 'change', 'fix', 'modify', 'update'],
};

const EXACT = new Map<string, Kind>(
  Object.entries(PHRASES).flatMap(([kind, phrases]) => phrases.map((p) => [p, kind as Kind] as const)),
);

/** Multi-word synonyms are looked up whole, so "number plate" is the car and "number" alone the phone. */
const FIELDS = new Map<string, Field>([
  ['name', 'name'],
  ['full name', 'name'],
  ['surname', 'name'],
  ['phone', 'phone'],
  ['phone number', 'phone'],
  ['number', 'phone'],
  ['mobile', 'phone'],
  ['mobile number', 'phone'],
  ['telephone', 'phone'],
  ['telephone number', 'phone'],
  ['cell', 'phone'],
  ['email', 'email'],
  ['e-mail', 'email'],
  ['mail', 'email'],
  ['email address', 'email'],
  ['e-mail address', 'email'],
  ['car', 'car'],
  ['plate', 'car'],
  ['number plate', 'car'],
  ['licence plate', 'car'],
  ['license plate', 'car'],
  ['reg', 'car'],
  ['car reg', 'car'],
  ['registration', 'car'],
  ['car registration', 'car'],
  ['vehicle', 'car'],
  ['vehicle registration', 'car'],
]);

const WANT = String.raw`(?:(?:i want to|i need to|i'd like to|can i|let me) )?`;
const DET = String.raw`(?:(?:my|the) )?`;
const EDIT_PATTERNS = [
  new RegExp(String.raw`^${WANT}(?:edit|change|fix|modify|update) ${DET}(.+)$`),
  new RegExp(String.raw`^(?:wrong|incorrect) ${DET}(.+)$`),
  new RegExp(String.raw`^${DET}(.+?) (?:is|was) (?:wrong|incorrect|not right)$`),
];

const HUMAN_PATTERN =
  /^(?:(?:can i|i want to|i need to|i'd like to|let me) )?(?:talk|speak|chat) (?:to|with) (?:a |an |the |some )?(?:human|someone|somebody|person|real person|staff|member of staff|reception|agent|operator|manager)$/;
const RESEND_PATTERNS = [
  /^(?:re-?send|send)(?: me)? (?:my |the |a )?(?:new )?(?:pin|code|door code|pin code)(?: again)?$/,
  /^(?:what's|whats|what is|where's|wheres|where is) (?:my|the) (?:pin|code|door code|pin code)$/,
  /^(?:i )?(?:lost|forgot|forgotten|can't find|cant find) (?:my|the) (?:pin|code|door code|pin code)$/,
];

const POLITE = /^(?:please|pls|plz) | (?:please|pls|plz)$/g;
/** Punctuation, symbols (emoji are symbols) and the skin-tone modifiers/ZWJ glue that ride along with them. */
const EDGE_NOISE = /^[\p{P}\p{S}\p{Emoji_Modifier}\uFE0F\s]+|[\p{P}\p{S}\p{Emoji_Modifier}\uFE0F\s]+$/gu;

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[‘’ʼ`]/g, "'")
    .replace(/[\uFE0F\p{Emoji_Modifier}]/gu, '');
}

function stripNoise(text: string): string {
  let s = text
    // Telegram sends "/help@SomeBot" in groups; the bot name is addressing, not content.
    .replace(/^\/([a-z_]+)@\w+$/, '$1')
    .replace(/^\//, '');
  s = s.replace(EDGE_NOISE, '');
  s = s.replace(POLITE, '');
  return s.replace(EDGE_NOISE, '');
}

function toIntent(kind: Kind): Intent {
  return { kind };
}

export function parseIntent(text: string): Intent | undefined {
  const input = cleanInput(text);
  if (!input.ok) return undefined;
  const whole = normalise(input.value);
  // Emoji and "?" are phrases in their own right, so they are tried before noise stripping erases them.
  const direct = EXACT.get(whole);
  if (direct) return toIntent(direct);

  const s = stripNoise(whole);
  if (s === '') return undefined;
  const kind = EXACT.get(s);
  if (kind) return toIntent(kind);
  if (HUMAN_PATTERN.test(s)) return { kind: 'human' };
  if (RESEND_PATTERNS.some((p) => p.test(s))) return { kind: 'resend' };
  for (const pattern of EDIT_PATTERNS) {
    const field = FIELDS.get(pattern.exec(s)?.[1] ?? '');
    if (field) return { kind: 'edit', field };
  }
  return undefined;
}
