import { describe, it, expect } from 'vitest';
import { parseIntent, type Intent } from '../../../src/flows/parse/intent.js';
import { BOLD, EMOJI, EMPTY, HUGE, INVISIBLE, SCRIPT, SQL, WHITESPACE } from './hostile-inputs.js';

function cases(intent: Intent, texts: string[]): [string, Intent][] {
  return texts.map((t) => [t, intent]);
}

describe('parseIntent', () => {
  it.each([
    ...cases({ kind: 'help' }, ['help', 'HELP', '/help', '/help@CheckinBot', 'Help!', 'help?', 'help please', 'please help', 'help, please', 'help 🙏', '?', 'menu', 'What do I do?', 'what do i do now']),
    ...cases({ kind: 'restart' }, ['restart', '/restart', 'Start over', 'start again', 'reset', 'RESET!!!']),
    ...cases({ kind: 'human' }, [
      'human',
      'agent',
      'talk to a human',
      'speak to someone',
      'Can I speak to a person?',
      'I want to talk with staff',
      'person',
      'staff',
      'reception',
      'call me',
      'operator',
      '/human',
    ]),
    ...cases({ kind: 'back' }, ['back', 'go back', 'Go back please', 'previous', '/back']),
    ...cases({ kind: 'yes' }, [
      'yes',
      'Yes!',
      'YES 👍',
      'y',
      'Y',
      'yep',
      'yeah',
      'ok',
      'OK.',
      'okay',
      'confirm',
      'correct',
      "that's right",
      'That’s right!',
      '👍',
      '👍🏽',
      '✅',
      '✅\ufe0f',
      'si',
      'Sí',
      'oui',
      'yes please',
      ' y\u200be\u0000s ',
    ]),
    ...cases({ kind: 'no' }, ['no', 'No.', 'n', 'N', 'nope', 'wrong', 'Wrong!', '👎']),
    ...cases({ kind: 'resend' }, [
      'resend',
      'send pin again',
      'pin',
      'PIN?',
      'code',
      "what's my pin",
      'What’s my PIN?',
      'what is the code',
      'my code',
      'lost my code',
      'I forgot my pin',
      'send the code again',
      'resend code',
      're-send the pin',
    ]),
    ...cases({ kind: 'edit' }, ['edit', 'change', 'fix', 'modify', '/edit', 'Change!']),
    ...cases({ kind: 'edit', field: 'email' }, ['change email', 'edit my email', 'Change my e-mail', 'update mail', 'email is wrong', 'My email address is wrong', 'wrong email']),
    ...cases({ kind: 'edit', field: 'phone' }, ['edit my phone', 'change number', 'change my mobile number', 'fix telephone', 'wrong phone number', 'the mobile is incorrect']),
    ...cases({ kind: 'edit', field: 'name' }, ['wrong name', 'change name', 'edit my name please', 'name is wrong', 'I want to change my name']),
    ...cases({ kind: 'edit', field: 'car' }, ['update car', 'change the registration', 'change number plate', 'edit reg', 'wrong plate', 'vehicle is wrong', 'my car registration is wrong']),
  ])('%j → %o', (text, intent) => {
    expect(parseIntent(text)).toEqual(intent);
  });

  it.each([
    ['empty', EMPTY],
    ['whitespace', WHITESPACE],
    ['invisible only', INVISIBLE],
    ['5,000 chars', HUGE],
    ['5,000 chars of help', 'help '.repeat(1000)],
    ['emoji', EMOJI],
    ['script tag', SCRIPT],
    ['bold markup', BOLD],
    ['SQL', SQL],
    ['punctuation only', '!!!'],
    ['slash only', '/'],
    ['please only', 'please'],
    ['/start belongs to the adapter', '/start'],
    ['start', 'start'],
    ['name containing help', 'Helpman'],
    ['name starting with yes', 'Yesenia Noh'],
    ['single name Noh', 'Noh'],
    ['email', 'help@example.com'],
    ['plate starting NO', 'NO12 ABC'],
    ['no car is a plate answer', 'no car'],
    ['No car.', 'No car.'],
    ['ref', 'HELP12'],
    ['ref with label', 'ref AB1234'],
    ['phone', '+44 20 7946 0958'],
    ['sentence containing help', 'I need help with parking'],
    ['sentence containing yes', 'yes but my email changed'],
    ['edit an unknown field', 'change my room'],
    ['edit with trailing text', 'change email to a@b.com'],
    ['n/a', 'n/a'],
    ['dash', '-'],
    ['markup around command', '<b>help</b>'],
  ])('%s → undefined', (_label, text) => {
    expect(parseIntent(text)).toBeUndefined();
  });

  it('returns a fresh object each time', () => {
    const first = parseIntent('help');
    expect(first).toEqual({ kind: 'help' });
    expect(parseIntent('help')).not.toBe(first);
  });
});
