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
