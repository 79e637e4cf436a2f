import { describe, expect, it } from 'vitest';
import { parseBookingsFile } from '../../src/bookings/import.js';
import { sampleBooking } from '../helpers/bookings.js';
import { demoCatalog } from '../helpers/properties.js';

const catalog = demoCatalog();
const HEADER = 'ref,guestName,propertyId,roomId,checkIn,checkOut,guestPhone,guestEmail';

const csv = (...lines: string[]) => lines.join('\n');

describe('parseBookingsFile: CSV', () => {
  it('reads good rows, with empty optional cells left out', () => {
    const { rows, errors } = parseBookingsFile(
      csv(
        HEADER,
        'ab-12 34,Ada Lovelace,harbour,r1,2026-12-01,2026-12-03,+447700900123,ada@example.com',
        'CD5678,Alan Turing,harbour,r2,2026-12-01T15:00:00+00:00,2026-12-04T11:00:00+00:00,,',
      ),
      'csv',
      catalog,
    );
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        ref: 'AB1234',
        guestName: 'Ada Lovelace',
        propertyId: 'harbour',
        roomId: 'r1',
        checkIn: '2026-12-01',
        checkOut: '2026-12-03',
        guestPhone: '+447700900123',
        guestEmail: 'ada@example.com',
      },
      {
        ref: 'CD5678',
        guestName: 'Alan Turing',
        propertyId: 'harbour',
        roomId: 'r2',
        checkIn: '2026-12-01T15:00:00+00:00',
        checkOut: '2026-12-04T11:00:00+00:00',
      },
    ]);
    expect(rows[1]).not.toHaveProperty('guestPhone');
  });

  it('accepts optional columns being absent from the header, in any order and case', () => {
    const { rows, errors } = parseBookingsFile(
      csv('CheckOut,checkin,REF,guestname,propertyid,roomid', '2026-12-03,2026-12-01,AB1234,Ada,harbour,r1'),
      'csv',
      catalog,
    );
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.ref)).toEqual(['AB1234']);
  });

  it('tolerates a BOM, CRLF line ends and quoted fields with commas, quotes and line breaks', () => {
    const text =
      '\uFEFF' +
      [
        HEADER,
        '"AB1234","Lovelace, Ada",harbour,r1,2026-12-01,2026-12-03,,',
        'CD5678,"Turing ""Prof"" Alan",harbour,r2,2026-12-01,2026-12-03,,',
        'EF9012,"Grace',
        'Hopper",harbour,r1,2026-12-05,2026-12-07,,',
        'GH3456,,harbour,r1,2026-12-05,2026-12-07,,',
      ].join('\r\n') +
      '\r\n';
    const { rows, errors } = parseBookingsFile(text, 'csv', catalog);
    expect(rows.map((r) => r.guestName)).toEqual(['Lovelace, Ada', 'Turing "Prof" Alan', 'Grace\nHopper']);
    // The quoted value spanned lines 4-5, so the next row really is on line 6.
    expect(errors).toEqual([{ line: 6, reason: 'guestName: is required' }]);
  });

  it('reports each bad row by its physical line, blank lines included, and keeps the good ones', () => {
    const { rows, errors } = parseBookingsFile(
      csv(
        HEADER,
        'AB1234,Ada,harbour,r1,2026-12-01,2026-12-03,,', // 2
        '', // 3
        'CD5678,,harbour,r1,01/12/2026,2026-12-03,,', // 4
        'EF9012,Grace,harbour,r1,2026-12-05,2026-12-04,,', // 5
        'GH3456,Alan,castle,r1,2026-12-05,2026-12-07,,', // 6
        'IJ7890,Alan,harbour,r9,2026-12-05,2026-12-07,,', // 7
        'KL1234,Alan,harbour,r1,2026-12-05,2026-12-07,,not-an-email', // 8
        'MN5678,Alan,harbour,r1,2026-12-05,2026-12-07', // 9: trailing cells missing is fine
        'OP9012,Alan,harbour,r1,2026-12-05,2026-12-07,,,extra', // 10
      ),
      'csv',
      catalog,
    );
    expect(rows.map((r) => r.ref)).toEqual(['AB1234', 'MN5678']);
    expect(errors.map((e) => e.line)).toEqual([4, 5, 6, 7, 8, 10]);
    const reason = (line: number) => errors.find((e) => e.line === line)?.reason;
    expect(reason(4)).toBe('guestName: is required; checkIn: must be a date like 2026-12-01 or a date-time with offset like 2026-12-01T15:00:00+01:00');
    expect(reason(5)).toBe('checkOut: must be after checkIn');
    expect(reason(6)).toBe('propertyId: unknown property "castle"');
    expect(reason(7)).toBe('roomId: property "harbour" has no room "r9"');
    expect(reason(8)).toMatch(/^guestEmail: /);
    expect(reason(10)).toMatch(/9 cells but the header has 8 columns/);
  });

  it('treats a second row with the same (normalized) ref as an error', () => {
    const { rows, errors } = parseBookingsFile(
      csv(HEADER, 'AB1234,Ada,harbour,r1,2026-12-01,2026-12-03,,', 'ab-1234,Ada again,harbour,r2,2026-12-01,2026-12-03,,'),
      'csv',
      catalog,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.guestName).toBe('Ada');
    expect(errors).toEqual([{ line: 3, reason: 'ref: AB1234 already appears on line 2' }]);
  });

  it('reports an empty file', () => {
    for (const text of ['', '\uFEFF', '\n\r\n  ']) {
      const { rows, errors } = parseBookingsFile(text, 'csv', catalog);
      expect(rows).toEqual([]);
      expect(errors).toHaveLength(1);
      expect(errors[0]?.line).toBe(1);
      expect(errors[0]?.reason).toMatch(/^file is empty \(expected a header row: ref,guestName,/);
    }
  });

  it('accepts a header with no rows as zero bookings', () => {
    expect(parseBookingsFile(`${HEADER}\n`, 'csv', catalog)).toEqual({ rows: [], errors: [] });
  });

  it('stops at a header with missing or unknown columns, naming them', () => {
    const missing = parseBookingsFile(csv('ref,guestName,propertyId,checkIn', 'AB1234,Ada,harbour,2026-12-01'), 'csv', catalog);
    expect(missing.rows).toEqual([]);
    expect(missing.errors).toHaveLength(1);
    expect(missing.errors[0]?.line).toBe(1);
    expect(missing.errors[0]?.reason).toMatch(/^header is missing columns roomId, checkOut/);

    const unknown = parseBookingsFile(csv(`${HEADER},notes`, 'AB1234,Ada,harbour,r1,2026-12-01,2026-12-03,,,hi'), 'csv', catalog);
    expect(unknown.rows).toEqual([]);
    expect(unknown.errors[0]?.reason).toMatch(/header has unknown column "notes"/);
  });

  it('keeps rows before a broken quote and reports where reading stopped', () => {
    const { rows, errors } = parseBookingsFile(
      csv(HEADER, 'AB1234,Ada,harbour,r1,2026-12-01,2026-12-03,,', '"CD5678"x,Alan,harbour,r1,2026-12-01,2026-12-03,,', 'EF9012,Grace,harbour,r1,2026-12-01,2026-12-03,,'),
      'csv',
      catalog,
    );
    expect(rows.map((r) => r.ref)).toEqual(['AB1234']);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.line).toBe(3);
    expect(errors[0]?.reason).toMatch(/not read/);
  });

  it('points at the row where a never-closed quote begins, not at the end of the file', () => {
    const { rows, errors } = parseBookingsFile(
      csv(HEADER, 'AB1234,Ada,harbour,r1,2026-12-01,2026-12-03,,', 'CD5678,"Alan,harbour,r1,2026-12-01,2026-12-03,,', 'EF9012,Grace,harbour,r1,2026-12-01,2026-12-03,,', ''),
      'csv',
      catalog,
    );
    expect(rows.map((r) => r.ref)).toEqual(['AB1234']);
    expect(errors).toEqual([{ line: 3, reason: expect.stringMatching(/never closed/) }]);
  });
});

describe('parseBookingsFile: JSON', () => {
  const good = (ref: string, extra: Record<string, unknown> = {}) => ({ ...sampleBooking(ref), ...extra });

  it('reads an array of bookings', () => {
    const { rows, errors } = parseBookingsFile(JSON.stringify([good('AB1234'), good('cd-5678', { guestPhone: null })]), 'json', catalog);
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.ref)).toEqual(['AB1234', 'CD5678']);
  });

  it('reads { "bookings": [...] } and reports each bad element on the line where it starts', () => {
    const text = [
      '\uFEFF{', // 1
      '  "source": { "note": "export [with] {brackets}, \\"quotes\\"" },', // 2
      '  "bookings": [', // 3
      `    ${JSON.stringify(good('AB1234'))},`, // 4
      '    {', // 5
      '      "ref": "CD5678",', // 6
      '      "guestName": "",', // 7
      '      "propertyId": "harbour", "roomId": "r1", "checkIn": "2026-12-01", "checkOut": "tomorrow"', // 8
      '    },', // 9
      `    ${JSON.stringify(good('EF9012', { roomId: 'r9' }))},`, // 10
      '    "not an object",', // 11
      `    ${JSON.stringify(good('ab1234'))},`, // 12
      `    ${JSON.stringify(good('GH3456', { extra: 1 }))}`, // 13
      '  ]', // 14
      '}', // 15
    ].join('\r\n');
    const { rows, errors } = parseBookingsFile(text, 'json', catalog);
    expect(rows.map((r) => r.ref)).toEqual(['AB1234']);
    expect(errors.map((e) => e.line)).toEqual([5, 10, 11, 12, 13]);
    expect(errors[0]?.reason).toBe(
      'guestName: is required; checkOut: must be a date like 2026-12-01 or a date-time with offset like 2026-12-01T15:00:00+01:00',
    );
    expect(errors[1]?.reason).toBe('roomId: property "harbour" has no room "r9"');
    expect(errors[2]?.reason).toBe('must be a JSON object');
    expect(errors[3]?.reason).toBe('ref: AB1234 already appears on line 4');
    expect(errors[4]?.reason).toMatch(/extra/);
  });

  it('reports malformed JSON on the line of the syntax error', () => {
    const { rows, errors } = parseBookingsFile('[\n  {"ref": "AB1234"},\n  {"ref": }\n]', 'json', catalog);
    expect(rows).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.reason).toMatch(/^not valid JSON: /);
    expect(errors[0]?.line).toBe(3);
  });

  it('rejects a document that is not a list of bookings, and an empty file', () => {
    expect(parseBookingsFile('{"items": []}', 'json', catalog).errors).toEqual([
      { line: 1, reason: 'expected an array of bookings, or { "bookings": [...] }' },
    ]);
    expect(parseBookingsFile('  \n', 'json', catalog).errors[0]?.reason).toMatch(/^file is empty/);
    expect(parseBookingsFile('[]', 'json', catalog)).toEqual({ rows: [], errors: [] });
  });

  it('reports checkOut before checkIn', () => {
    const { errors } = parseBookingsFile(JSON.stringify([good('AB1234', { checkOut: '2026-11-30' })], null, 2), 'json', catalog);
    expect(errors).toEqual([{ line: 2, reason: 'checkOut: must be after checkIn' }]);
  });
});
