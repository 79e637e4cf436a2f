/**
 * What a language's catalog holds besides its sentences (en.ts): the labels of the buttons the
 * flow offers. Typed here, so a second language must supply every label the first one has.
 */
import type { ButtonId } from '../events.js';

/**
 * Button labels, by button id. A channel without buttons shows them as "Reply 1 for …" or the
 * typed words the text already names. `human` is accepted from a channel but offered by no step.
 */
export type ButtonLabels = Record<Exclude<ButtonId, 'human' | 'use_known_phone'>, string> & {
  /** Offers the number the platform knows for this chat, formatted for display. */
  use_known_phone: (phone: string) => string;
};

/** The buttons whose label is a plain word (the others take a value). */
export type FixedButton = Exclude<keyof ButtonLabels, 'use_known_phone'>;
