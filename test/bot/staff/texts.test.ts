import { describe, expect, it } from 'vitest';
import { enStaffTexts, hasStaffTexts, staffTextsFor } from '../../../src/bot/staff/texts.js';
import { renderPost } from '../../../src/bot/staff/render-post.js';
import { LANGUAGES } from '../../../src/flows/messages/index.js';

describe('STAFF_LANGUAGE lookup', () => {
  it('English is written; every other language stands in with English until its staff texts exist', () => {
    expect(hasStaffTexts('en')).toBe(true);
    for (const lang of LANGUAGES) expect(staffTextsFor(lang)).toBe(hasStaffTexts(lang) ? staffTextsFor(lang) : enStaffTexts);
    expect(staffTextsFor(undefined)).toBe(enStaffTexts);
  });

  it('alert titles and hints come from the texts given', () => {
    const texts = { ...enStaffTexts, alertTitles: { ...enStaffTexts.alertTitles, pin_late: 'PIN EN RETARD' }, alertHints: {} };
    const { post } = renderPost([{ kind: 'alert', alert: 'pin_late', ref: 'AB1234', detail: 'details', at: 0 }], { texts });
    expect(post.text).toBe('🚨 PIN EN RETARD · booking AB1234\ndetails');
  });
});
