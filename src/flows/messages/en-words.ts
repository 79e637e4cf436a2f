/**
 * What an English-speaking guest may type that the flow understands besides plain answers: the
 * commands, the names of the details, "no car", the label before a booking reference. The
 * sentences are in en.ts; the shape (`Words`) is in catalog.ts.
 */
import type { IntentField, IntentKind } from '../parse/intent.js';
import type { EditableField } from '../state.js';
import type { AfterCheckinWords, Words } from './catalog.js';

/**
 * Whole-message phrases only. Answers to the flow's questions ("Helpman", "help@example.com",
 * "NO12 ABC", "no car") must never read as commands, so nothing here is a substring search.
 * "/start" is deliberately absent: the channel adapter owns it.
 */
const PHRASES: Record<IntentKind, readonly string[]> = {
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
  // A language's name alone, or "lang es", is understood in every language (parse/intent.ts).
  language: ['language', 'languages', 'lang', 'change language', 'change the language', 'other language', 'another language'],
};

/** Multi-word synonyms are looked up whole, so "number plate" is the car and "number" alone the phone. */
const FIELDS = new Map<string, IntentField>([
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

/** After "which detail?", a bare "email" picks the field (folded: see catalog.ts). */
const FIELD_WORDS: Record<string, EditableField> = {
  name: 'name',
  phone: 'phone',
  number: 'phone',
  mobile: 'phone',
  email: 'email',
  'e-mail': 'email',
  car: 'car',
  plate: 'car',
  reg: 'car',
  registration: 'car',
};

/** Whole-message answers meaning "I have no car"; compared after lower-casing and dropping end punctuation. */
const NO_CAR = new Set([
  'none',
  'no',
  'no car',
  'no cars',
  'n/a',
  'na',
  'not applicable',
  '-',
  'nope',
  'no thanks',
  'no thank you',
  "i don't have a car",
  'i dont have a car',
  'i do not have a car',
  "don't have a car",
  'dont have a car',
  'no vehicle',
  'not driving',
  "i'm not driving",
  'im not driving',
  "i don't drive",
  'i dont drive',
  'walking',
  '🚫',
]);

/**
 * Only a single label word is stripped, and only when a separator follows it: "REF123" is itself
 * a plausible ref, so a bare "ref" glued to the code must stay. "Check-in, booking AB1234" is what
 * an invitation link types in for the guest (src/bookings/invite.ts).
 */
const LABEL = /^(?:check[\s-]?in\s*[,:-]?\s*)?(?:ref|reference|booking)(?:\s*:\s*|\s+)/i;

/** What a checked-in guest asks about, anywhere in the message (folded: see catalog.ts). */
const AFTER_CHECKIN: AfterCheckinWords = {
  codeTrouble: /\b(?:code|pin|passcode|password|door|lock|keypad)\b.*\b(?:wrong|invalid|rejected|red light|flashes red)\b|\blocked out\b|\b(?:can'?t|cannot|unable to|couldn'?t) get in\b/,
  notWorking:
    /(?:\bnot|n'?t|\bnever|\bno longer)\s+(?:\w+\s+)?(?:work|open|unlock|accept)|\b(?:can'?t|cannot|unable to|couldn'?t) (?:open|enter|unlock)\b|\bbroken\b/,
  entry: /\b(?:doors?|front door|locks?|keypads?|entrance|gate|get in|let in|key ?safe|lock ?box)\b/,
  code: /\b(?:codes?|pin|passcode|password)\b/,
  bare: /^(?:(?:hi|hello|hey|sorry|help|but|and|it|this|that|still|it's|its|it is|is|again|now)\s+)*(?:not working|doesn'?t work|does not work|don'?t work|isn'?t working|is not working|won'?t work|didn'?t work|not work|stopped working|no longer works)(?:\s+(?:again|still|anymore|any more|at all|either|now|help))*$/,
  wifi: /\b(?:wi-?fi|wlan|internet|wireless|network|router)\b/,
  password: /\bpassword\b/,
  request:
    /\b(?:late|later|early|earlier|extend|extension|longer|another night|extra night|luggage|bags?|suitcases?|broken|slow|down|reset|restart|reboot|towed|clamped|ticket|fined|can we|could we|may we|would it be possible|is it possible)\b/,
  parking: /\b(?:park|parking|car park|garage)\b/,
  checkOut: /\bcheck[- ]?out\b|\bdeparture\b|\bvacate\b/,
  address: /\b(?:address|location|directions|map|postcode|how (?:do i|do we|to) get (?:there|to))\b|\bwhere (?:is|are) (?:the |your )?(?:property|apartment|flat|building|house|hotel|place|entrance|you)\b/,
  houseRules: /\b(?:house rules|rules|smok(?:e|ing)|pets?|quiet hours|noise|part(?:y|ies))\b/,
  thanks: /^(?:(?:many |big )?thanks?(?: you)?|ty|thx|cheers|great|perfect|lovely|brilliant|awesome|cool|got it|ok(?:ay)?)(?:[\s,!.]+(?:(?:many |big )?thanks?(?: you)?|so much|very much|a lot|cheers|great|perfect|lovely))*$/,
};
/**
 * A guest saying they have left, as a whole message (checkin/departure.ts asks them to confirm):
 * "I've left", "we just checked out, thanks", "we're gone". "I left my charger in the room" is not
 * one, and neither is a bare "I'm out" (out and about). Folded (see catalog.ts); not global.
 */
const WHO = String.raw`(?:i|we|i've|ive|we've|weve|i have|we have|i'm|im|i am|we're|we are)`;
const THANKS = String.raw`(?: (?:thanks|thank you|thx|cheers|bye)(?: (?:so much|for everything|for having us))?)?`;
const LEFT = [
  new RegExp(
    String.raw`^(?:(?:hi|hello|hey|ok|okay|all done|fyi|just to let you know|just letting you know) )*${WHO}(?: (?:just|now|already|all))* (?:(?:left|checked out|checked-out|gone|departed|moved out)(?: (?:now|already|today))?(?: (?:of )?(?:the|your) (?:room|apartment|flat|property|house|place|building))?|out(?: (?:now|already))? of (?:the|your) (?:room|apartment|flat|property|house|place|building))${THANKS}$`,
  ),
  new RegExp(String.raw`^(?:just )?(?:checked out|checked-out|check-out done|checkout done|check out done)${THANKS}$`),
  new RegExp(String.raw`^(?:just )?left the (?:room|apartment|flat|property|house|place)${THANKS}$`),
];

export const enWords: Words = {
  afterCheckin: AFTER_CHECKIN,
  intent: { phrases: PHRASES, fields: FIELDS, edit: EDIT_PATTERNS, human: HUMAN_PATTERN, resend: RESEND_PATTERNS, polite: POLITE },
  fieldWords: FIELD_WORDS,
  noCar: NO_CAR,
  left: LEFT,
  refLabel: LABEL,
};
