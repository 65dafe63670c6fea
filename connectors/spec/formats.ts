import { z } from 'zod/v4';
import { decodeTcvn3, looksLikeTcvn3 } from '../encoding/tcvn3';
import { VN_OFFSET_MS } from '../normalise';

/**
 * The value formats the source contract uses (shared/source-systems.md), each a zod
 * schema of one present value plus the facts a reader (and a generated test) needs:
 * what it looks like, its allowed values, how a source can break it.
 *
 * Every problem message names what was expected and the kind of value received,
 * never the value itself: reasons are shown to operators, payloads hold personal data.
 */

/** Ways a source can break a value, beyond leaving it out. */
export type Break = 'wrongType' | 'impossibleDate' | 'outOfRange' | 'tooLong';

/** The parts of a local date-time, as a format writes them (nothing checked). */
export interface TimeParts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

export type FormatKind = 'text' | 'code' | 'integer' | 'enum' | 'amount' | 'time' | 'date' | 'list' | 'object' | 'variant';

export interface Format<T = unknown> {
  kind: FormatKind;
  /** What a value looks like, for people. */
  description: string;
  /** The closed set (or range) of values, for people. */
  allowed?: string;
  /** Reads a present (non-blank) value. */
  schema: z.ZodType<T, unknown>;
  /** Scalars: the same reading as a plain function (one zod step per field on the hot path). */
  read?: Reader<T>;
  /** How a source can break a value of this format. */
  breaks: readonly Break[];
  /** Longest accepted text, in characters. */
  maxLength?: number;
  /** Integers: the accepted values. */
  values?: readonly number[];
  /** Numbers: the smallest accepted value. */
  min?: number;
  /** Enumerated text: the accepted values. */
  words?: readonly string[];
  /** Codes: the pattern a value must match. */
  pattern?: RegExp;
  /** Times and dates: writes parts in this format (to build an impossible one). */
  render?: (parts: TimeParts) => string;
  /** Lists: the format of each item. */
  item?: Format;
  /** Objects: the fields of the nested record. */
  fields?: Readonly<Record<string, FieldSpec>>;
  /** Variants: the field that says which, and the fields of each. */
  variants?: { tag: string; of: Readonly<Record<string, Readonly<Record<string, FieldSpec>>>> };
}

/** How one field of a record is specified. */
export interface FieldSpec<T = unknown> {
  format: Format<T>;
  /** Required: a record without a value for it is malformed. Optional: it may be empty (null, "", absent). */
  presence: 'required' | 'optional';
  /**
   * What a wrong value (not an empty one) does: `quarantine` the record, or `drop` the value:
   * the record is stored with the field empty and flagged `invalid:<field>`.
   */
  onInvalid: 'quarantine' | 'drop';
  /** Why a wrong value quarantines the record (for people). */
  why?: string;
  /** Personal data: never shown, never in a reason. */
  personal?: boolean;
}

// ------------------------------------------------------------------ helpers

/** The kind of a received value, for messages: never the value. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return value.length > 40 ? `text of ${value.length} characters` : 'text';
  if (typeof value === 'number') return Number.isInteger(value) ? 'a whole number' : 'a number';
  if (typeof value === 'boolean') return 'true/false';
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

/** Reads a present value, or throws a ValueProblem. */
export type Reader<T> = (value: unknown) => T;

/** Why a value is wrong, without the value. */
export class ValueProblem extends Error {}

function fail(message: string): never {
  throw new ValueProblem(message);
}

/** Runs a reader inside zod: its problem becomes the issue. */
export function readInto<T>(read: Reader<T>, value: unknown, ctx: { issues: z.core.$ZodRawIssue[] }): T {
  try {
    return read(value);
  } catch (error) {
    if (!(error instanceof ValueProblem)) throw error;
    ctx.issues.push({ code: 'custom', message: error.message, input: value });
    return z.NEVER;
  }
}

/** A schema from a reader: one zod step (a transform). */
function reader<T>(read: Reader<T>): z.ZodType<T, unknown> {
  return z.transform((value: unknown, ctx) => readInto(read, value, ctx));
}

/** A scalar format: its schema is its reader. */
function scalar<T>(format: Omit<Format<T>, 'schema' | 'read'>, read: Reader<T>): Format<T> {
  return { ...format, read, schema: reader(read) };
}

/** A scalar format whose value is read on from another's. */
function then<T, U>(base: Format<T>, next: (value: T) => U, changes: Partial<Omit<Format<U>, 'schema' | 'read'>> = {}): Format<U> {
  const read = base.read!;
  const { schema: _schema, read: _read, ...facts } = base;
  return scalar<U>({ ...(facts as Omit<Format<U>, 'schema' | 'read'>), ...changes }, (value) => next(read(value)));
}

const ASCII = /^[\x20-\x7e]*$/;

/** NFC text; TCVN3 read as Latin-1 converted; trimmed. */
export function normaliseText(value: string): string {
  if (ASCII.test(value)) return value.trim();
  return (looksLikeTcvn3(value) ? decodeTcvn3(value) : value.normalize('NFC')).trim();
}

/** Text, or a number taken as its digits; anything else is the wrong type. */
function asText(value: unknown, expected: string): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') fail(`expected ${expected}, got ${kindOf(value)}`);
  return value;
}

// --------------------------------------------------------------------- text

/** Free text (names, subjects): NFC, TCVN3 converted, at most `max` characters. */
export function text(opts: { max?: number; description?: string } = {}): Format<string> {
  const max = opts.max ?? 1000;
  const description = opts.description ?? 'text';
  return scalar({ kind: 'text', description: `${description}, at most ${max} characters`, maxLength: max, breaks: ['wrongType', 'tooLong'] }, (value) => {
    const raw = asText(value, description);
    if (raw.length > max) fail(`longer than ${max} characters (${raw.length})`);
    return normaliseText(raw);
  });
}

/** Long free text: subjects, contents, summaries. */
export const longText = (description = 'text') => text({ max: 20_000, description });

/** A code matching `pattern` (after trimming); numbers are read as their digits. */
export function code(description: string, pattern: RegExp, max = 100): Format<string> {
  return scalar({ kind: 'code', description, pattern, maxLength: max, breaks: ['wrongType', 'outOfRange', 'tooLong'] }, (value) => {
    const raw = asText(value, description);
    if (raw.length > max) fail(`longer than ${max} characters (${raw.length}) for ${description}`);
    // Codes may hold Vietnamese letters too (`UBND-VX`, `QĐ-UBND`): read like text.
    const v = normaliseText(raw);
    if (!pattern.test(v)) fail(`not ${description}`);
    return v;
  });
}

/** An identifier with no fixed shape: no spaces or control characters, at most 100 characters. */
export const identifier = (description = 'an identifier') => code(`${description} (no spaces, at most 100 characters)`, /^[^\s\p{C}]+$/u);

/** Agency code (Decision 20/2020): dotted `LLL.KK.JJ.Xnn`, e.g. `000.00.12.H06`. */
export const AGENCY_CODE = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;
export const agencyCode = () => code('a dotted agency code like 000.00.12.H06', AGENCY_CODE);

/** National procedure code `d.dddddd`. */
export const nationalProcedureCode = () => code('a national procedure code d.dddddd', /^\d\.\d{6}$/);

/**
 * A procedure code as the portal sends it: the national `d.dddddd`, possibly followed by
 * a local suffix; read as its national part.
 */
export function nationalPart(): Format<string> {
  return then(code('a national procedure code d.dddddd (a local suffix is tolerated)', /^\d\.\d{6}(\.[^\s.]+)*$/), (v) => v.slice(0, 8));
}

// ------------------------------------------------------------------ numbers

/** An integer among `values` (numbers, or digits as text). */
export function oneOf(values: readonly number[], meaning: string): Format<number> {
  const allowed = meaning;
  return scalar({ kind: 'integer', description: 'a whole number', allowed, values, breaks: ['wrongType', 'outOfRange'] }, (value) => {
    const n = typeof value === 'string' && /^\s*-?\d{1,15}\s*$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n)) fail(`expected a whole number, got ${kindOf(value)}`);
    if (!values.includes(n)) fail(`not one of ${allowed}`);
    return n;
  });
}

/** Integers min..max as a value set. */
export const range = (min: number, max: number, meaning: string): Format<number> =>
  oneOf(Array.from({ length: max - min + 1 }, (_, k) => min + k), meaning);

/** `0/1` flags read as booleans. */
export function flag(meaning = '0 no, 1 yes'): Format<boolean> {
  return then(oneOf([0, 1], meaning), (n) => n === 1);
}

/** A whole number ≥ `min` with no upper bound worth stating (counts, arrival numbers). */
export function count(min = 0, description = 'a whole number'): Format<number> {
  return scalar({ kind: 'integer', description: `${description} ≥ ${min}`, allowed: `≥ ${min}`, min, breaks: ['wrongType', 'outOfRange'] }, (value) => {
    const n = typeof value === 'string' && /^\s*-?\d{1,15}\s*$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n)) fail(`expected ${description}, got ${kindOf(value)}`);
    if (n < min) fail(`below ${min}`);
    return n;
  });
}

/** An amount in VND: a number ≥ 0, or its digits as text. */
export function amount(): Format<number> {
  return scalar({ kind: 'amount', description: 'an amount in VND, a number ≥ 0', allowed: '≥ 0', min: 0, breaks: ['wrongType', 'outOfRange'] }, (value) => {
    const n = typeof value === 'string' && /^\s*\d{1,15}(\.\d+)?\s*$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isFinite(n)) fail(`expected an amount in VND, got ${kindOf(value)}`);
    if (n < 0) fail('a negative amount');
    return n;
  });
}

/** Text among `words`, compared after NFC and TCVN3 conversion, ignoring case; read as the listed spelling. */
export function words<W extends string>(values: readonly W[]): Format<W> {
  const allowed = values.join(', ');
  const index = new Map(values.map((w) => [w.normalize('NFC').toLocaleLowerCase('vi'), w]));
  return scalar({ kind: 'enum', description: 'text', allowed, words: values, breaks: ['wrongType', 'outOfRange'] }, (value) => {
    if (typeof value !== 'string') fail(`expected text, got ${kindOf(value)}`);
    const w = index.get(normaliseText(value).toLocaleLowerCase('vi'));
    if (w === undefined) fail(`not one of ${allowed}`);
    return w;
  });
}

// ----------------------------------------------------------- dates and times

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysIn = (y: number, mo: number) => (mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : (DAYS[mo - 1] ?? 0));

/** Why these parts are no real local date-time, or null when they are. */
export function impossibility(p: TimeParts): string | null {
  if (p.mo < 1 || p.mo > 12) return `month ${p.mo}`;
  const days = daysIn(p.y, p.mo);
  if (p.d < 1 || p.d > days) return `day ${p.d} of a month with ${days} days`;
  if (p.h > 23) return `hour ${p.h}`;
  if (p.mi > 59) return `minute ${p.mi}`;
  if (p.s > 59) return `second ${p.s}`;
  return null;
}

/** The instant of a Vietnam wall-clock time (UTC+7, no daylight saving). */
export const localInstant = (p: TimeParts): Date => new Date(Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - VN_OFFSET_MS);

function dateFormat<T>(kind: 'time' | 'date', pattern: RegExp, layout: string, order: readonly (keyof TimeParts)[], render: (p: TimeParts) => string, out: (p: TimeParts) => T): Format<T> {
  const description = `${layout}${kind === 'time' ? ' local time (UTC+7)' : ''}`;
  return scalar({ kind, description, render, breaks: ['wrongType', 'impossibleDate', 'tooLong'] }, (value) => {
    const raw = typeof value === 'number' && Number.isInteger(value) ? String(value) : value;
    if (typeof raw !== 'string') fail(`expected ${layout}, got ${kindOf(value)}`);
    const m = raw.length <= 40 ? pattern.exec(raw.trim()) : null;
    if (!m) fail(`not ${layout} (got ${kindOf(raw)})`);
    const parts: TimeParts = { y: 0, mo: 1, d: 1, h: 0, mi: 0, s: 0 };
    for (let k = 0; k < order.length; k++) parts[order[k]!] = Number(m[k + 1]);
    const why = impossibility(parts);
    if (why !== null) fail(`no such ${kind === 'time' ? 'time' : 'date'} (${why})`);
    return out(parts);
  });
}

const ALL: readonly (keyof TimeParts)[] = ['y', 'mo', 'd', 'h', 'mi', 's'];
const isoDay = (p: TimeParts) => `${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)}`;

/** `yyyyMMddHHmmss` (MCĐT, DVC). */
export const compactTime = () =>
  dateFormat('time', /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/, 'yyyyMMddHHmmss', ALL, (p) => `${pad(p.y, 4)}${pad(p.mo)}${pad(p.d)}${pad(p.h)}${pad(p.mi)}${pad(p.s)}`, localInstant);

/** `yyyyMMddhhmmss` on a 12-hour clock without AM/PM (DVC `ThoiGianGD`): the date is sure, the hour is not. */
export function twelveHourTime(): Format<Date> {
  return { ...compactTime(), description: 'yyyyMMddhhmmss local time on a 12-hour clock without AM/PM (the hour may be 12 h early)' };
}

/** `dd/MM/yyyy` (MCĐT catalogues, QLVB listing) to an ISO day. */
export const slashDate = () => dateFormat('date', /^(\d{2})\/(\d{2})\/(\d{4})$/, 'dd/MM/yyyy', ['d', 'mo', 'y'], (p) => `${pad(p.d)}/${pad(p.mo)}/${pad(p.y, 4)}`, isoDay);

/** `yyyy-MM-ddTHH:mm:ss` (QLVB listing). */
export const isoLocalTime = () =>
  dateFormat('time', /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/, 'yyyy-MM-ddTHH:mm:ss', ALL, (p) => `${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}`, localInstant);

/** `yyyy/MM/dd` (edXML) to an ISO day. */
export const edxmlDay = () => dateFormat('date', /^(\d{4})\/(\d{2})\/(\d{2})$/, 'yyyy/MM/dd', ['y', 'mo', 'd'], (p) => `${pad(p.y, 4)}/${pad(p.mo)}/${pad(p.d)}`, isoDay);

/** `yyyy/MM/dd HH:mm:ss` (edXML status). */
export const edxmlTime = () =>
  dateFormat('time', /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})$/, 'yyyy/MM/dd HH:mm:ss', ALL, (p) => `${pad(p.y, 4)}/${pad(p.mo)}/${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}`, localInstant);

/** edXML `DocumentId`: `{OrganId},{yyyy/MM/dd},{number}/{notation}` with a real date and a dotted agency code. */
export function documentId(): Format<string> {
  const description = 'an edXML DocumentId {OrganId},{yyyy/MM/dd},{number/notation}';
  return scalar({ kind: 'code', description, pattern: /^[^,]+,\d{4}\/\d{2}\/\d{2},.+$/, maxLength: 300, breaks: ['wrongType', 'outOfRange', 'tooLong'] }, (value) => {
    if (typeof value !== 'string') fail(`expected ${description}, got ${kindOf(value)}`);
    if (value.length > 300) fail(`longer than 300 characters (${value.length}) for ${description}`);
    const v = normaliseText(value);
    const m = /^([^,]+),(\d{4}\/\d{2}\/\d{2}),(\S.*)$/.exec(v);
    if (!m) fail(`not ${description}`);
    if (!AGENCY_CODE.test(m[1] ?? '')) fail(`not ${description}: its OrganId is not a dotted agency code`);
    const [y, mo, d] = (m[2] ?? '').split('/').map(Number) as [number, number, number];
    if (impossibility({ y, mo, d, h: 0, mi: 0, s: 0 }) !== null) fail(`not ${description}: its date does not exist`);
    return v;
  });
}

// --------------------------------------------------------------- structures

/** A list of `item`s. */
export function list<T>(item: Format<T>, description = `a list of ${item.kind === 'object' ? 'objects' : item.description}`): Format<T[]> {
  return {
    kind: 'list',
    description,
    item,
    breaks: ['wrongType'],
    schema: z.array(item.schema),
  };
}
