/**
 * Beds24's credit limit (booking-sources.md §2.4): one pool per account over a rolling 5 minutes,
 * shared by every token. The wire sends `x-five-min-limit-remaining` / `-resets-in` /
 * `x-request-cost`, the spec names `X-FiveMinCreditLimit-Remaining` / `-ResetsIn` / `X-RequestCost`:
 * both are read, whatever their case.
 */
export interface Credits {
  remaining?: number;
  resetsInSeconds?: number;
  cost?: number;
}

const NAMES = {
  remaining: ['x-five-min-limit-remaining', 'x-fivemincreditlimit-remaining'],
  resetsInSeconds: ['x-five-min-limit-resets-in', 'x-fivemincreditlimit-resetsin'],
  cost: ['x-request-cost', 'x-requestcost'],
} as const;

export function creditsFrom(headers: Readonly<Record<string, unknown>>): Credits {
  const lower = new Map<string, unknown>();
  for (const [name, value] of Object.entries(headers)) lower.set(name.toLowerCase(), value);
  const credits: Credits = {};
  for (const [field, names] of Object.entries(NAMES) as Array<[keyof Credits, readonly string[]]>) {
    for (const name of names) {
      const raw = lower.get(name);
      const value = Number(Array.isArray(raw) ? raw[0] : raw);
      if (raw !== undefined && raw !== null && raw !== '' && Number.isFinite(value)) {
        credits[field] = value;
        break;
      }
    }
  }
  return credits;
}

/** Credits kept back for other users of the account (the channel manager itself, a person's tools). */
export const CREDIT_RESERVE = 10;

/** Whether another request now would eat into the reserve: then the sync waits for the window to reset. */
export function creditsLow(c: Credits): boolean {
  return c.remaining !== undefined && c.remaining - (c.cost ?? 1) < CREDIT_RESERVE;
}
