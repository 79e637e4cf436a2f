import { describe, expect, it } from 'vitest';
import { hiddenId, publicIdWith } from '../src/public-id.js';

const publicId = publicIdWith('a-deployment-secret');

describe('public chat ids', () => {
  it('are stable, keep the channel, and never contain the number', () => {
    const id = publicId('whatsapp:+447400123456');
    expect(id).toBe(publicId('whatsapp:+447400123456'));
    expect(id).toMatch(/^whatsapp#[0-9a-z]{14}$/);
    expect(id).not.toContain('7400123456');
  });

  it('tell different chats apart', () => {
    const ids = new Set(Array.from({ length: 2000 }, (_, i) => publicId(`whatsapp:+4474001${String(i).padStart(5, '0')}`)));
    expect(ids.size).toBe(2000);
  });

  it('cannot be recomputed without the deployment secret (hashing every number gives other labels)', () => {
    const key = 'whatsapp:+447400123456';
    expect(publicIdWith('another-secret')(key)).not.toBe(publicId(key));
  });

  it('without a secret, name only the channel', () => {
    expect(hiddenId('whatsapp:+447400123456')).toBe('whatsapp#hidden');
    expect(hiddenId('no-channel')).toBe('chat#hidden');
  });
});
