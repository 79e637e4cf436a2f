import { describe, expect, it } from 'vitest';
import { parseProperties } from '../../src/properties/properties.js';
import { resolveGuestInfo } from '../../src/properties/guest-info.js';

const file = (info: unknown, roomInfo?: unknown) => ({
  properties: [
    {
      id: 'p',
      name: 'P',
      timezone: 'Europe/Madrid',
      frontDoorLockId: 1,
      contactPhone: '+34911234567',
      defaultLanguage: 'es',
      address: 'Calle Mayor 1',
      info,
      rooms: [{ id: 'r1', name: 'R1', lockId: 2, ...(roomInfo ? { info: roomInfo } : {}) }, { id: 'r2', name: 'R2', lockId: 3 }],
    },
  ],
});

describe('guest info in properties.json', () => {
  const catalog = parseProperties(
    file(
      { wifi: { network: 'Casa', password: 'pw1' }, parking: { es: 'Plaza 4', en: 'Bay 4' }, houseRules: 'No smoking', mapUrl: 'https://osm.org/x' },
      { wifi: { network: 'Room1', password: 'pw2' } },
    ),
    'test',
  );
  const p = catalog.property('p')!;

  it("gives the guest's language, falls back to the property's default, and a room's own Wi-Fi wins", () => {
    const en = resolveGuestInfo(p, p.rooms[0], 'en');
    expect(en).toEqual({ wifi: { network: 'Room1', password: 'pw2' }, parking: 'Bay 4', houseRules: 'No smoking', address: 'Calle Mayor 1', mapUrl: 'https://osm.org/x', checkOutTime: '11:00' });
    expect(resolveGuestInfo(p, p.rooms[1], 'de').parking).toBe('Plaza 4');
    expect(resolveGuestInfo(p, p.rooms[1], 'de').wifi?.network).toBe('Casa');
  });

  it('refuses an empty translation map and a map link that is no URL, naming the field', () => {
    expect(() => parseProperties(file({ parking: {} }), 'f.json')).toThrow(/parking/);
    expect(() => parseProperties(file({ mapUrl: 'not a url' }), 'f.json')).toThrow(/mapUrl/);
    expect(() => parseProperties(file({ parking: { xx: 'hi' } }), 'f.json')).toThrow(/parking/);
  });
});
