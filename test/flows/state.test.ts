import { describe, expect, it } from 'vitest';
import { CURRENT_SCHEMA, migrateState, newConversation } from '../../src/flows/state.js';

const NOW = Date.UTC(2026, 11, 6);
/** A conversation as v1 stored it: identity decided by the name alone, and a ref-miss count. */
const v1 = (step: string, identity: string) => ({ ...newConversation('whatsapp', '+447400123456', NOW), schema: 1, step, identity, refMisses: 2 });

describe('stored conversations from before identity proof (schema 1)', () => {
  it.each(['name', 'phone', 'email'])('at %s: the identity v1 decided is dropped, so the details are checked when they are in', (step) => {
    const s = migrateState(v1(step, 'matched'));
    expect(s).toMatchObject({ schema: CURRENT_SCHEMA, step, identity: 'unknown' });
    expect(s).not.toHaveProperty('refMisses');
  });

  it.each([
    ['done', 'matched'],
    ['confirm', 'mismatch'],
  ])('at %s: keeps what v1 decided (%s)', (step, identity) => {
    expect(migrateState(v1(step, identity))).toMatchObject({ schema: CURRENT_SCHEMA, step, identity });
  });

  it('a current conversation passes unchanged', () => {
    const s = newConversation('telegram', '42', NOW);
    expect(migrateState(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });
});

describe('stored conversations from before languages (schema 2)', () => {
  /** v2 kept Telegram's language_code as `lang` and spoke English whatever it said. */
  const v2 = (channel: 'telegram' | 'whatsapp', lang: string) => {
    const { langSource: _s, langStreak: _k, ...rest } = newConversation(channel, '42', NOW);
    return { ...rest, schema: 2, lang };
  };

  it('a language the bot now speaks is kept as the app\'s (Telegram)', () => {
    expect(migrateState(v2('telegram', 'de'))).toMatchObject({ schema: CURRENT_SCHEMA, lang: 'de', langSource: 'platform' });
  });

  it.each([
    ['telegram', 'ru'],
    ['telegram', 'en'],
    ['whatsapp', 'en'],
  ] as const)('%s "%s": English, with nothing known, for the next message to decide', (channel, lang) => {
    expect(migrateState(v2(channel, lang))).toMatchObject({ schema: CURRENT_SCHEMA, lang: 'en', langSource: 'default' });
  });

  it('v1 goes through v2 to the current schema', () => {
    expect(migrateState({ ...v2('telegram', 'fr'), schema: 1, step: 'done', identity: 'matched' })).toMatchObject({ schema: CURRENT_SCHEMA, lang: 'fr', identity: 'matched' });
  });
});
