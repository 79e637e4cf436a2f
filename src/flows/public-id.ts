/**
 * The label logs, audit entries, alert texts and job ids use for a conversation instead of its key
 * (which can hold a phone number). The flow only receives one; `src/public-id.ts` makes them.
 */
export type PublicId = (convKey: string) => string;
