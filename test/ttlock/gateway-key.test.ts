import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config-error.js';
import { parseProperties } from '../../src/properties/properties.js';
import { gatewayKeyOf } from '../../src/ttlock/gateway-key.js';
import { demoPropertiesJson } from '../helpers/properties.js';

const property = (id: string, front: number, room: number, gatewayGroup?: string) => ({
  id,
  name: id,
  timezone: 'Europe/London',
  frontDoorLockId: front,
  contactPhone: '+442079460958',
  rooms: [{ id: 'r1', name: 'R1', lockId: room }],
  ...(gatewayGroup !== undefined ? { gatewayGroup } : {}),
});

describe('gateway queue keys with gatewayGroup', () => {
  it('properties naming one gatewayGroup share a key; the others keep one per property', () => {
    const json = demoPropertiesJson();
    (json.properties as unknown[]).push(property('canal', 3001, 4001, 'quay'), property('mill', 5001, 6001, 'quay'), property('far', 7001, 7002));
    (json.properties[0] as { gatewayGroup?: string }).gatewayGroup = 'quay';
    const key = gatewayKeyOf(parseProperties(json, 'test'));
    expect(new Set([1001, 2001, 2002, 3001, 4001, 5001, 6001].map(key))).toEqual(new Set(['gateway-group:quay']));
    expect(key(7001)).toBe('property:far');
    expect(key(7002)).toBe('property:far');
    expect(key(9999)).toBe('lock:9999');
  });

  it('is the same whatever order the file lists the properties in (every process must agree)', () => {
    const props = [property('a', 1, 2), property('b', 2, 3, 'g1'), property('c', 4, 5, 'g1'), property('d', 6, 7), property('e', 7, 8)];
    const keys = (list: typeof props) => {
      const key = gatewayKeyOf(parseProperties({ properties: list }, 'test'));
      return [1, 2, 3, 4, 5, 6, 7, 8].map(key);
    };
    const forward = keys(props);
    expect(keys([...props].reverse())).toEqual(forward);
    // Sharing lock 2 pulls property a into group g1; d and e share lock 7.
    expect(new Set(forward.slice(0, 5))).toEqual(new Set(['gateway-group:g1']));
    expect(forward[5]).toBe(forward[7]);
    expect(forward[5]).toMatch(/^property:/);
  });

  it('a gatewayGroup must be a short plain name', () => {
    for (const bad of ['two words', '', 'x'.repeat(65)]) {
      let error: unknown;
      try {
        parseProperties({ properties: [property('a', 1, 2, bad)] }, 'file.json');
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual(['file.json: properties.0.gatewayGroup: must be 1-64 letters, digits, _ . or -']);
    }
  });
});
