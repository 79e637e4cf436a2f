import { describe, expect, it } from 'vitest';
import { detectLanguage, languageOfPhone } from '../../../src/flows/parse/language.js';

describe('detectLanguage: a guest\'s first messages', () => {
  it.each([
    ['Hola, tengo una reserva', 'es'],
    ['Buenas tardes, ¿cómo llego al apartamento?', 'es'],
    ["Bonjour, j'ai une réservation", 'fr'],
    ["c'est quoi le code de la porte", 'fr'],
    ['Guten Tag, ich habe eine Buchung', 'de'],
    ['Wie komme ich zum Zimmer?', 'de'],
    ['Ciao, ho una prenotazione', 'it'],
    ['Olá, tenho uma reserva', 'pt'],
    ['Boa tarde, como chego?', 'pt'],
    ['Hallo, ik heb een boeking', 'nl'],
    ['Hoe laat kan ik inchecken?', 'nl'],
    ['Dzień dobry, mam rezerwację', 'pl'],
    ['Hello, I have a booking for tonight', 'en'],
    ['where is the door', 'en'],
  ] as const)('"%s" is %s', (text, lang) => {
    expect(detectLanguage(text)?.lang).toBe(lang);
  });

  it.each([
    ['hi', 'one word'],
    ['Hola', 'one word'],
    ['ok thanks', 'two words'],
    ['Dziękuję bardzo', 'two words'],
    ['Hi, tengo una booking', 'half English, half Spanish'],
    ['Maria de la Cruz', 'a name'],
    ['jane@example.com', 'an email address'],
    ['AB1234', 'a booking reference'],
    ['+48 512 345 678', 'a phone number'],
    ['👍👍👍', 'emoji'],
  ])('"%s" decides nothing (%s)', (text) => {
    expect(detectLanguage(text)).toBeUndefined();
  });
});

describe('languageOfPhone: the country of a number', () => {
  it.each([
    ['+34612345678', 'es'],
    ['+5215512345678', 'es'],
    ['+33612345678', 'fr'],
    ['+4915123456789', 'de'],
    ['+43664123456', 'de'],
    ['+41791234567', 'de'],
    ['+393123456789', 'it'],
    ['+351912345678', 'pt'],
    ['+5511912345678', 'pt'],
    ['+31612345678', 'nl'],
    ['+48512345678', 'pl'],
    ['+447400123456', 'en'],
  ] as const)('%s → %s', (phone, lang) => {
    expect(languageOfPhone(phone)).toBe(lang);
  });

  it.each(['+32470123456', '+352621123456', '+81312345678', undefined])('%s (split, or none of the bot\'s languages) → nothing', (phone) => {
    expect(languageOfPhone(phone)).toBeUndefined();
  });
});
