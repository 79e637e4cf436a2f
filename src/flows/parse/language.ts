/**
 * Which of the bot's languages a message is written in, when that is clear: a small stop-word
 * scorer, honest about what it is. Chat messages are short and full of names, refs and numbers,
 * so it answers only when a message has at least a few words and one language's common words
 * clearly outnumber every other's; everything else (a name, "ok", "hi", a mix) is "don't know".
 * No package does this better at this size for eight languages with short texts: a trigram model
 * (franc, eld, tinyld) is unreliable under ~20 characters anyway, which is most of a check-in.
 */
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Language } from '../messages/languages.js';
import { foldWord } from './text.js';

/** Frequent words of everyday messages (function words, greetings, stay words), written folded (no accents). */
const COMMON: Readonly<Record<Language, string>> = {
  en: `the a an and or but is are was am be been have has had do does did don't not no yes i i'm im you your my me we our us it it's
    this that there here to of in on at for with from by about can could would will want need please thanks thank hi hello hey
    good morning evening booking reservation room door code check arrive arriving arrived late early tonight today what where
    when how who why just also still`,
  es: `el la los las un una unos unas de del y o pero es son esta estan estoy estamos soy somos ser no si yo tu mi mis su te me
    nos nuestro que en con por para sin al lo le hay tengo tiene tenemos quiero queremos puedo podemos necesito hola gracias
    buenos buenas dias tardes noches reserva habitacion llave codigo puerta llegar llegamos llego hoy manana donde como cuando
    que muy tambien porque todo vale`,
  fr: `le la les un une des de du et ou mais est sont suis sommes etes ai avons avez a ne pas non oui je j tu il elle nous vous
    mon ma mes votre vos notre nos que qui dans sur pour avec sans au aux ce cette c ca bonjour bonsoir salut merci
    reservation chambre porte code cle arriver arrivee arrivons ce soir aujourd'hui demain ou comment quand tres aussi parce
    voudrais peux pouvez besoin s'il plait`,
  de: `der die das den dem des ein eine einen einem und oder aber ist sind bin bist war habe haben hat nicht kein keine ja
    nein ich du er sie wir ihr mein meine meinen unser unsere zu von mit fur auf aus bei nach um hallo guten tag morgen abend
    danke bitte buchung reservierung zimmer tur code schlussel ankommen ankunft heute wann wo wie was warum kann konnen mochte
    sehr auch noch schon hier es`,
  it: `il lo la i gli le un una uno di del della dei delle e o ma non si no io tu lui lei noi voi mi ti ci mio mia miei
    nostro che in con per su da al alla ho hai ha abbiamo avete sono siamo ciao buongiorno buonasera salve grazie prego
    prenotazione camera stanza chiave codice porta arrivo arriviamo arrivare oggi domani dove come quando cosa molto anche
    perche vorrei posso potete questo`,
  pt: `o a os as um uma uns umas de do da dos das e ou mas e sao estou esta estamos sou somos nao sim eu voce voces meu minha
    meus nosso nossa que em no na nos nas com por para sem ao tenho tem temos quero queremos posso podemos preciso ola
    obrigado obrigada bom boa dia tarde noite reserva quarto chave codigo porta chegar chegamos chego hoje amanha onde como
    quando muito tambem porque gostaria`,
  nl: `de het een en of maar is zijn ben bent was heb hebben heeft niet geen ja nee ik jij je u hij zij we wij mijn onze ons
    te van in op aan voor met uit bij naar om hallo hoi goedemorgen goedemiddag goedenavond dag dank bedankt alstublieft graag
    boeking reservering kamer deur code sleutel aankomen aankomst vandaag morgen wanneer waar hoe wat waarom kan kunnen wil
    zou ook nog al hier er`,
  pl: `i w z na do nie tak to jest sa jestem jestesmy byl mam mamy masz ma ja ty on ona my wy moj moja moje nasz nasza ze sie
    od po przez dla bez czy jak co gdzie kiedy dlaczego dzien dobry czesc witam dziekuje dzieki prosze rezerwacja rezerwacje
    rezerwacji pokoj pokoju klucz kod drzwi przyjazd przyjade przyjedziemy dzisiaj jutro bardzo tez ale juz tutaj chcialbym
    chcialabym moge mozna potrzebuje`,
};

/** Letters only one or two of the languages use: a hint, counted once per message. */
const LETTER_HINTS: ReadonlyArray<readonly [RegExp, readonly Language[]]> = [
  [/[ñ¿¡]/, ['es']],
  [/[ãõ]/, ['pt']],
  [/ç/, ['fr', 'pt']],
  [/[ßäöü]/, ['de']],
  [/[ąęłśźżćń]/, ['pl']],
  [/[ìò]/, ['it']],
  [/[èùàâêîôû]/, ['fr', 'it']],
];

/** Each word is worth 1 shared by the languages that have it: "reserva" says Spanish or Portuguese, not both fully. */
const WEIGHTS: ReadonlyMap<string, ReadonlyArray<readonly [Language, number]>> = (() => {
  const owners = new Map<string, Language[]>();
  for (const [lang, words] of Object.entries(COMMON) as Array<[Language, string]>) {
    for (const word of new Set(words.split(/\s+/).filter(Boolean))) owners.set(word, [...(owners.get(word) ?? []), lang]);
  }
  return new Map([...owners].map(([word, langs]) => [word, langs.map((l) => [l, 1 / langs.length] as const)]));
})();

/** Fewer words than this and nothing is decided: "ok", "hi there", a name. */
const MIN_WORDS = 3;

export interface Detection {
  lang: Language;
  /** The winner's score and the runner-up's, for tests and tuning. */
  score: number;
  runnerUp: number;
}

/** The language of `text` when it is clear, else undefined. */
export function detectLanguage(text: string): Detection | undefined {
  const lower = text.toLowerCase();
  const words = foldWord(lower).match(/[\p{L}']+/gu)?.map((w) => w.replace(/^'+|'+$/g, '')).filter(Boolean) ?? [];
  if (words.length < MIN_WORDS) return undefined;
  const scores = new Map<Language, number>();
  const add = (lang: Language, n: number) => scores.set(lang, (scores.get(lang) ?? 0) + n);
  for (const word of words) {
    // "j'ai", "l'auto", "c'est": the parts count as words of their own.
    for (const part of word.includes("'") ? [word, ...word.split("'")] : [word]) for (const [lang, w] of WEIGHTS.get(part) ?? []) add(lang, w);
  }
  for (const [pattern, langs] of LETTER_HINTS) if (pattern.test(lower)) for (const lang of langs) add(lang, 1 / langs.length);
  const ranked = [...scores].sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  if (!first) return undefined;
  const runnerUp = second?.[1] ?? 0;
  // Two clear words at least, and twice anyone else's: a mixed message stays undecided.
  if (first[1] < 2 || first[1] < 2 * runnerUp) return undefined;
  return { lang: first[0], score: first[1], runnerUp };
}

/**
 * The language a phone number's country speaks, where one of the bot's languages is clearly it.
 * Countries split between them (Belgium: Dutch and French; Luxembourg) say nothing; Switzerland
 * is mostly German-speaking, Canada mostly English.
 */
const COUNTRY_LANGUAGES: Readonly<Record<Language, readonly CountryCode[]>> = {
  en: ['GB', 'IE', 'US', 'CA', 'AU', 'NZ', 'IM', 'JE', 'GG', 'ZA', 'MT'],
  es: ['ES', 'MX', 'AR', 'CO', 'CL', 'PE', 'VE', 'EC', 'GT', 'CU', 'BO', 'DO', 'HN', 'PY', 'SV', 'NI', 'CR', 'PA', 'UY', 'PR', 'GQ'],
  fr: ['FR', 'MC', 'GP', 'MQ', 'GF', 'RE', 'YT', 'PM', 'NC', 'PF', 'SN', 'CI'],
  de: ['DE', 'AT', 'CH', 'LI'],
  it: ['IT', 'SM', 'VA'],
  pt: ['PT', 'BR', 'AO', 'MZ', 'CV', 'GW', 'ST', 'TL'],
  nl: ['NL', 'SR', 'AW', 'CW', 'SX'],
  pl: ['PL'],
};

const BY_COUNTRY: ReadonlyMap<CountryCode, Language> = new Map(
  (Object.entries(COUNTRY_LANGUAGES) as Array<[Language, readonly CountryCode[]]>).flatMap(([lang, countries]) => countries.map((c) => [c, lang] as const)),
);

/** "+48 512 345 678" → pl; a number of a country the table does not name → undefined. */
export function languageOfPhone(e164: string | undefined): Language | undefined {
  const country = e164 ? parsePhoneNumberFromString(e164)?.country : undefined;
  return country ? BY_COUNTRY.get(country) : undefined;
}
