import { describe, expect, it } from 'vitest';
import { CATALOGS, LANGUAGES, type Language } from '../../../src/flows/messages/index.js';
import { understoodIn } from '../../../src/flows/messages/understood.js';
import { departureText, saysLeft } from '../../../src/flows/parse/departure.js';
import { BOLD, EMOJI, EMPTY, HUGE, INVISIBLE, SCRIPT, SQL, WHITESPACE } from './hostile-inputs.js';

const HOSTILE_INPUTS = [EMPTY, WHITESPACE, INVISIBLE, HUGE, EMOJI, SCRIPT, BOLD, SQL];

/** What guests write when they have gone, in each language (with the accents, capitals and punctuation they type). */
const LEFT: Record<Language, readonly string[]> = {
  en: ["I've left", 'We have left', 'we just checked out, thanks!', "We're gone 👋", 'Checked out', 'Hi, we have left the apartment. Thank you for everything!', 'I’ve checked out', 'just left the flat'],
  es: ['Ya nos fuimos', 'Me fui', 'Hemos salido del apartamento', 'Ya hicimos el check-out, ¡gracias!', 'Dejamos el apartamento', 'Hola, ya nos hemos ido. Muchas gracias por todo'],
  fr: ['Je suis parti', 'Nous sommes partis, merci !', "J'ai quitté le logement", 'On a rendu les clés', "C'est bon, nous avons fait le check-out", 'Check-out fait'],
  de: ['Ich bin abgereist', 'Wir sind weg', 'Wir haben ausgecheckt, danke schön!', 'Wir haben die Wohnung verlassen', 'Wir sind jetzt abgereist'],
  it: ['Sono partito', "Siamo usciti dall'appartamento", 'Siamo già partiti, grazie mille', 'Ce ne siamo andati', "Abbiamo lasciato l'appartamento", 'Ho fatto il check-out'],
  pt: ['Já saímos do apartamento', 'Já fomos embora, obrigada!', 'Fizemos o check-out', 'Já fomos embora', 'Deixámos o apartamento'],
  nl: ['Ik ben vertrokken', 'We zijn weg', 'Wij hebben uitgecheckt, bedankt!', 'We hebben het appartement verlaten'],
  pl: ['Wyjechałem', 'Wyszliśmy z apartamentu', 'Już wyjechaliśmy, dziękujemy!', 'Wymeldowałam się', 'Opuściliśmy apartament', 'Już nas nie ma'],
};

/** Near misses: about leaving something, or about check-out, but not "we have gone". */
const NOT_LEFT: Record<Language, readonly string[]> = {
  // A bare "out" (and the verbs for going out) is out and about, not gone for good.
  en: ['I left my charger in the room', 'What time is check out?', 'We are out of towels', "I'm out", 'im out', "we're out", "I'm out now", 'out', 'left', 'Can we check out late?', 'When do we have to leave?', 'I left the key inside'],
  es: ['Me dejé el cargador en la habitación', '¿A qué hora es el check-out?', 'Nos vamos mañana', 'Hemos salido', 'Ya salimos', 'Salí'],
  fr: ["J'ai oublié mon chargeur", 'À quelle heure est le check-out ?', 'Nous partons demain'],
  de: ['Ich habe mein Ladegerät vergessen', 'Wann ist der Check-out?', 'Wir reisen morgen ab', 'Wir sind raus'],
  it: ['Ho dimenticato il caricatore', "A che ora è il check-out?", 'Partiamo domani', 'Siamo usciti', 'Sono uscita'],
  pt: ['Deixei o carregador no quarto', 'A que horas é o check-out?', 'Saímos amanhã?', 'Já saímos', 'Já saí'],
  nl: ['Ik ben mijn oplader vergeten', 'Hoe laat is het uitchecken?', 'We vertrekken morgen'],
  pl: ['Zostawiłem ładowarkę w pokoju', 'O której jest wymeldowanie?', 'Wyjeżdżamy jutro', 'Wyszliśmy', 'Już wyszłam'],
};

describe('"I\'ve left", as each language says it', () => {
  it.each(LANGUAGES)('%s: departures are understood in the language (and with or without accents)', (lang) => {
    const patterns = understoodIn(lang).left;
    for (const said of LEFT[lang]) {
      expect(saysLeft(said, patterns), said).toBe(true);
      expect(saysLeft(said.normalize('NFD').replace(/\p{M}/gu, ''), patterns), `${said} without accents`).toBe(true);
    }
  });

  it.each(LANGUAGES)('%s: near misses are not departures', (lang) => {
    const patterns = understoodIn(lang).left;
    for (const said of NOT_LEFT[lang]) expect(saysLeft(said, patterns), said).toBe(false);
  });

  it('English is understood whatever the guest\'s language; another language only in its own', () => {
    expect(saysLeft("I've left", understoodIn('pl').left)).toBe(true);
    expect(saysLeft('Wir sind abgereist', understoodIn('es').left)).toBe(false);
  });

  it('hostile and odd inputs are not departures and do not throw', () => {
    for (const lang of LANGUAGES) for (const input of HOSTILE_INPUTS) expect(saysLeft(input, understoodIn(lang).left)).toBe(false);
    expect(departureText('x'.repeat(10_000))).toBeUndefined();
  });

  it('no pattern is global (a /g pattern would carry its position on to the next message)', () => {
    for (const lang of LANGUAGES) for (const p of CATALOGS[lang].words.left) expect(p.global, `${lang}: ${p}`).toBe(false);
  });
});

describe('the departure sentences of every catalog', () => {
  const S = (name: string) => `⟦${name}⟧`;
  it.each(LANGUAGES)('%s: each keeps its placeholder, and the question names the typed yes and no', (lang) => {
    const d = CATALOGS[lang].departure;
    expect(d.kept(S('checkOut'))).toContain(S('checkOut'));
    expect(d.done(S('time'))).toContain(S('time'));
    expect(d.failed(S('phone'))).toContain(S('phone'));
    expect(d.tooEarly(S('checkIn'))).toContain(S('checkIn'));
    expect(d.alreadyEnding(S('checkOut'))).toContain(S('checkOut'));
    for (const sentence of [d.confirm(), d.started(), d.noted()]) expect(sentence.length).toBeGreaterThan(10);
    const { typed } = CATALOGS[lang].whatsapp;
    for (const word of [...typed.left_yes, ...typed.left_no]) expect(d.confirm()).toContain(word);
    expect(d.confirm()).toContain('15');
  });
});
