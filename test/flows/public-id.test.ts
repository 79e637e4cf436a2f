import { describe, expect, it } from 'vitest';
import { publicConvId } from '../../src/flows/public-id.js';

describe('publicConvId', () => {
  it('is stable, keeps the channel, and never contains the number', () => {
    const id = publicConvId('whatsapp:+447400123456');
    expect(id).toBe(publicConvId('whatsapp:+447400123456'));
    expect(id).toMatch(/^whatsapp#[0-9a-z]{14}$/);
    expect(id).not.toContain('7400123456');
  });

  it('tells different chats apart', () => {
    const ids = new Set(Array.from({ length: 2000 }, (_, i) => publicConvId(`whatsapp:+4474001${String(i).padStart(5, '0')}`)));
    expect(ids.size).toBe(2000);
  });
});
