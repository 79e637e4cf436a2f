import { randomInt } from 'node:crypto';

export interface PinRules {
  length: number;
  /** Codes already active on the lock (a shared front door must not get the same code twice). */
  taken: ReadonlySet<string>;
  /** Digits the guest could be guessed from: phone number, booking ref. */
  avoid: readonly string[];
}

/** True for codes an intruder would try first: runs, repeats, dates-like pairs, personal digits. */
export function isWeakPin(code: string, avoid: readonly string[] = []): boolean {
  if (/^(\d)\1+$/.test(code)) return true;
  const digits = [...code].map(Number);
  const steps = digits.slice(1).map((d, i) => (d - digits[i]! + 10) % 10);
  if (steps.every((s) => s === 1) || steps.every((s) => s === 9)) return true; // 123456, 987654, 890123
  if (new Set(code).size <= 2) return true; // 121212, 112211
  if (/^(\d\d)\1+$/.test(code) || /^(\d\d\d)\1$/.test(code)) return true; // 1212.., 123123
  for (const source of avoid) {
    const d = source.replace(/\D/g, '');
    if (d.length >= 4 && (d.includes(code) || code.includes(d.slice(-4)))) return true;
  }
  return false;
}

export function generatePin(rules: PinRules, random: (max: number) => number = randomInt): string {
  for (let i = 0; i < 1000; i++) {
    const code = Array.from({ length: rules.length }, () => String(random(10))).join('');
    if (!isWeakPin(code, rules.avoid) && !rules.taken.has(code)) return code;
  }
  throw new Error('could not find a free PIN: the lock is nearly full of codes');
}
