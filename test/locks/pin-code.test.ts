import { describe, expect, it } from 'vitest';
import { generatePin, isWeakPin } from '../../src/locks/pin-code.js';

describe('isWeakPin', () => {
  it.each(['111111', '123456', '234567', '987654', '890123', '121212', '112211', '123123', '0000', '4545'])('%s is weak', (code) => {
    expect(isWeakPin(code)).toBe(true);
  });
  it.each(['482913', '730528', '5928', '16094382'])('%s is fine', (code) => {
    expect(isWeakPin(code)).toBe(false);
  });
  it('rejects digits from the guest phone or booking ref', () => {
    expect(isWeakPin('400123', ['+447400123456'])).toBe(true);
    expect(isWeakPin('583456', ['+447400123456'])).toBe(true); // ends with the phone's last four
    expect(isWeakPin('482913', ['+447400123456', 'AB1234'])).toBe(false);
  });
});

describe('generatePin', () => {
  it('makes codes of the configured length that are not weak', () => {
    for (const length of [4, 6, 9]) {
      for (let i = 0; i < 200; i++) {
        const code = generatePin({ length, taken: new Set(), avoid: [] });
        expect(code).toMatch(new RegExp(`^\\d{${length}}$`));
        expect(isWeakPin(code)).toBe(false);
      }
    }
  });

  it('never returns a code already active on the lock', () => {
    const digits = [4, 8, 2, 9, 1, 3, 7, 3, 0, 5, 2, 8];
    let i = 0;
    const scripted = () => digits[i++ % digits.length]!;
    // The first candidate would be 482913: mark it taken, the next one comes back.
    const code = generatePin({ length: 6, taken: new Set(['482913']), avoid: [] }, scripted);
    expect(code).toBe('730528');
  });

  it('gives up with a clear error when no free code can be found', () => {
    expect(() => generatePin({ length: 4, taken: new Set(), avoid: [] }, () => 1)).toThrow(/could not find a free PIN/);
  });
});
