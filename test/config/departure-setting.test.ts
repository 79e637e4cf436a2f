import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config-error.js';
import { loadConfig } from '../../src/config.js';

describe('DEPARTURE_MESSAGES', () => {
  it('is on unless set (empty counts as unset)', () => {
    expect(loadConfig({}).departure.messages).toBe(true);
    expect(loadConfig({ DEPARTURE_MESSAGES: '' }).departure.messages).toBe(true);
  });

  it.each([
    ['false', false],
    ['0', false],
    ['off', false],
    ['No', false],
    ['true', true],
    ['1', true],
    [' ON ', true],
  ])('"%s" is %s', (value, expected) => {
    expect(loadConfig({ DEPARTURE_MESSAGES: value }).departure.messages).toBe(expected);
  });

  it('anything else stops the start with one line naming it', () => {
    let problems: string[] = [];
    try {
      loadConfig({ DEPARTURE_MESSAGES: 'sometimes' });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems = err.problems;
    }
    expect(problems).toEqual([expect.stringMatching(/^DEPARTURE_MESSAGES: must be true or false/)]);
  });
});
