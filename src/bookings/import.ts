import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import type { PropertyCatalog } from '../properties/properties.js';
import { normalizeRef } from '../flows/parse/ref.js';
import { bookingInputSchema, type BookingInput } from './booking.js';
import { parseBookingInput } from './validate.js';

export interface ImportError {
  /** Physical line in the file (1-based), so the operator can jump straight to it. */
  line: number;
  reason: string;
}

export interface ImportResult {
  rows: BookingInput[];
  errors: ImportError[];
}

const FIELDS = Object.keys(bookingInputSchema.shape) as (keyof typeof bookingInputSchema.shape)[];
const REQUIRED = FIELDS.filter((f) => !bookingInputSchema.shape[f].safeParse(undefined).success);

/** A candidate booking before validation, with where it sits in the file. */
interface Candidate {
  line: number;
  value: unknown;
  /** Set only when the line could not be worked out: the 1-based position in the array instead. */
  item?: number | undefined;
}

export function parseBookingsFile(text: string, format: 'csv' | 'json', catalog: PropertyCatalog): ImportResult {
  // Spreadsheets on Windows add a BOM and CRLF; neither may shift line numbers or field values.
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (normalized.trim() === '') {
    const expected = format === 'csv' ? `a header row: ${FIELDS.join(',')}` : 'a JSON array of bookings';
    return { rows: [], errors: [{ line: 1, reason: `file is empty (expected ${expected})` }] };
  }
  const read = format === 'csv' ? readCsv(normalized) : readJson(normalized);
  const result = validateCandidates(read.candidates, catalog);
  result.errors.push(...read.errors);
  result.errors.sort((a, b) => a.line - b.line);
  return result;
}

function validateCandidates(candidates: Candidate[], catalog: PropertyCatalog): ImportResult {
  const rows: BookingInput[] = [];
  const errors: ImportError[] = [];
  const firstLineOfRef = new Map<string, number>();
  for (const { line, value, item } of candidates) {
    const reasons: string[] = [];
    const rawRef = typeof value === 'object' && value !== null ? (value as { ref?: unknown }).ref : undefined;
    if (typeof rawRef === 'string' && normalizeRef(rawRef) !== '') {
      const ref = normalizeRef(rawRef);
      const first = firstLineOfRef.get(ref);
      if (first !== undefined) reasons.push(`ref: ${ref} already appears on line ${first}`);
      else firstLineOfRef.set(ref, line);
    }
    const parsed = parseBookingInput(value, catalog);
    if (!parsed.ok) reasons.unshift(...parsed.issues);
    if (reasons.length > 0) errors.push({ line, reason: `${item === undefined ? '' : `item ${item}: `}${reasons.join('; ')}` });
    else if (parsed.ok) rows.push(parsed.input);
  }
  return { rows, errors };
}

function readCsv(text: string): { candidates: Candidate[]; errors: ImportError[] } {
  const records: { cells: string[]; line: number }[] = [];
  const errors: ImportError[] = [];
  let lastRecordEnd = 0;
  try {
    parseCsv(text, {
      record_delimiter: '\n',
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      trim: true,
      // Collected as they stream past, so rows before a broken line survive the throw.
      on_record: (record: string[], info) => {
        // info.lines is where the record ends; a quoted value may have spanned lines before it.
        const inner = record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
        records.push({ cells: record, line: info.lines - inner });
        lastRecordEnd = info.lines;
        return null;
      },
    });
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const notRead = '(lines from here on were not read)';
    if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
      // csv-parse notices at the end of the file; the culprit is the record after the last good one.
      errors.push({ line: lastRecordEnd + 1, reason: `a quoted value starting on this line or soon after is never closed ${notRead}` });
    } else {
      const line = (err as CsvError & { lines?: number }).lines ?? lastRecordEnd + 1;
      errors.push({ line, reason: `${err.message.replace(/ at line \d+/, '')} ${notRead}` });
    }
  }

  const [header, ...body] = records;
  if (!header) return { candidates: [], errors };
  const columns = mapHeader(header.cells);
  if ('problem' in columns) return { candidates: [], errors: [{ line: header.line, reason: columns.problem }, ...errors] };

  const candidates: Candidate[] = [];
  for (const { cells, line } of body) {
    if (cells.length > columns.fields.length) {
      errors.push({ line, reason: `has ${cells.length} cells but the header has ${columns.fields.length} columns (an unquoted comma?)` });
      continue;
    }
    // Short rows are fine: trailing empty cells are often dropped by editors and mean "absent".
    const value: Record<string, string> = {};
    columns.fields.forEach((field, i) => {
      const cell = cells[i];
      if (cell !== undefined && cell !== '') value[field] = cell;
    });
    candidates.push({ line, value });
  }
  return { candidates, errors };
}

/** Header names are matched case-insensitively; anything unknown or missing stops the import. */
function mapHeader(cells: string[]): { fields: string[] } | { problem: string } {
  const byLower = new Map(FIELDS.map((f) => [f.toLowerCase(), f]));
  const fields: string[] = [];
  const unknown: string[] = [];
  const duplicate: string[] = [];
  for (const cell of cells) {
    const field = byLower.get(cell.trim().toLowerCase());
    if (!field) unknown.push(JSON.stringify(cell));
    else if (fields.includes(field)) duplicate.push(field);
    fields.push(field ?? '');
  }
  const missing = REQUIRED.filter((f) => !fields.includes(f));
  const problems = [
    missing.length > 0 ? `header is missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` : '',
    unknown.length > 0 ? `header has unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}` : '',
    duplicate.length > 0 ? `header repeats column${duplicate.length > 1 ? 's' : ''} ${duplicate.join(', ')}` : '',
  ].filter(Boolean);
  return problems.length > 0 ? { problem: `${problems.join('; ')} (expected: ${FIELDS.join(',')})` } : { fields };
}

function readJson(text: string): { candidates: Candidate[]; errors: ImportError[] } {
  // The scan finds syntax errors with their position (JSON.parse on Node 20 often omits it)
  // and where each booking starts; JSON.parse then builds the values.
  let scan: ReturnType<typeof scanJson> | undefined;
  try {
    scan = scanJson(text);
  } catch (err) {
    if (err instanceof JsonSyntaxError) return { candidates: [], errors: [{ line: lineAt(text, err.offset), reason: `not valid JSON: ${err.message}` }] };
    scan = undefined; // nesting too deep for the scanner; JSON.parse still decides validity
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { candidates: [], errors: [{ line: 1, reason: `not valid JSON: ${(err as Error).message}` }] };
  }
  const items = Array.isArray(json)
    ? json
    : typeof json === 'object' && json !== null && Array.isArray((json as { bookings?: unknown }).bookings)
      ? (json as { bookings: unknown[] }).bookings
      : undefined;
  if (!items) return { candidates: [], errors: [{ line: 1, reason: 'expected an array of bookings, or { "bookings": [...] }' }] };

  const offsets = scan?.elements;
  const lines = offsets?.length === items.length ? offsets.map((o) => lineAt(text, o)) : undefined;
  return {
    candidates: items.map((value, i) => ({ line: lines?.[i] ?? 1, value, item: lines ? undefined : i + 1 })),
    errors: [],
  };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/**
 * A strict JSON syntax walk that records the start offset of each element of the bookings
 * array: the top-level array, or the array under the top-level "bookings" key (the last one,
 * as JSON.parse keeps the last of duplicate keys).
 */
function scanJson(text: string): { elements: number[] | undefined } {
  let i = 0;
  let elements: number[] | undefined;

  const fail = (expected: string): never => {
    const found = i >= text.length ? 'end of file' : JSON.stringify(text[i]);
    throw new JsonSyntaxError(`unexpected ${found}, expected ${expected}`, i);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const expect = (c: string) => {
    if (text[i] !== c) fail(JSON.stringify(c));
    i++;
  };
  const string = (): string => {
    const start = i;
    expect('"');
    while (text[i] !== '"') {
      if (i >= text.length) fail('a closing quote');
      if (text.charCodeAt(i) < 0x20) fail('a closing quote before the line ends (write line breaks and tabs as \\n and \\t)');
      if (text[i] === '\\') {
        ESCAPE.lastIndex = i;
        if (!ESCAPE.test(text)) fail('a valid escape like \\" or \\n');
        i = ESCAPE.lastIndex;
      } else i++;
    }
    i++;
    return text.slice(start, i);
  };
  const value = (depth: number, collect: boolean): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        const key = JSON.parse(string()) as string;
        ws();
        expect(':');
        ws();
        const isBookings = depth === 0 && key === 'bookings';
        if (isBookings) elements = undefined;
        value(depth + 1, isBookings);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail('"," or "}"');
      }
    }
    if (c === '[') {
      i++;
      const starts: number[] = [];
      if (collect) elements = starts;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        ws();
        starts.push(i);
        value(depth + 1, false);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail('"," or "]"');
      }
    }
    if (c === '"') {
      string();
      return;
    }
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    NUMBER.lastIndex = i;
    if (NUMBER.test(text)) {
      i = NUMBER.lastIndex;
      return;
    }
    fail('a value');
  };

  value(0, true);
  ws();
  if (i < text.length) fail('end of file');
  return { elements };
}
