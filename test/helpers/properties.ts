import { parseProperties, type PropertyCatalog } from '../../src/properties/properties.js';

/** The shape of a properties file, for tests that need to write one to disk. */
export function demoPropertiesJson() {
  return {
    properties: [
      {
        id: 'harbour',
        name: 'Harbour House',
        timezone: 'Europe/London',
        frontDoorLockId: 1001,
        contactPhone: '+442079460958',
        rooms: [
          { id: 'r1', name: 'Room 1', lockId: 2001 },
          { id: 'r2', name: 'Room 2', lockId: 2002 },
        ],
      },
    ],
  };
}

/** Goes through the real schema, so defaults (check-in/out times) are filled in as in production. */
export function demoCatalog(): PropertyCatalog {
  return parseProperties(demoPropertiesJson(), 'demo properties');
}
