import { z } from 'zod/v4';
import type { UnifiedRecord } from '../../src/model/records';
import { decodeTcvn3Record, looksLikeTcvn3Record } from '../encoding/tcvn3';
import { MappingError } from '../errors';
import type { MappedRecord } from '../types';
import { type FieldSpec, type Format, kindOf, readInto, ValueProblem } from './formats';

/**
 * One spec per stream: the zod schema of its raw record, built from a field list that
 * states for every field whether it is required, its format and allowed values, and
 * what a wrong value does; plus which fields form the key and which is the cursor.
 *
 * Checking a record:
 * - a record in legacy TCVN3 (read as Latin-1) is converted as a whole first;
 * - empty (null, "", blank or absent) is no value: fine for an optional field, a
 *   problem for a required one;
 * - a wrong value in a field marked `drop` is emptied: the record is stored with that
 *   field empty and flagged `invalid:<field>` (a list item is left out the same way);
 * - any other wrong value quarantines the record, naming each failing field and why,
 *   never the value.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Fields = Readonly<Record<string, FieldSpec<any>>>;

/** The checked value of each field: required fields have a value, optional ones may be null. */
export type Checked<F extends Fields> = {
  -readonly [K in keyof F]: F[K] extends FieldSpec<infer T> ? (F[K]['presence'] extends 'required' ? T : T | null) : never;
};

/** A spec's fields for every field of a raw type, and no other (kept in step at compile time). */
export type FieldsOf<R> = { [K in keyof R]-?: FieldSpec<unknown> };

// ------------------------------------------------------------ field builders

/** Must be present and valid, or the record is quarantined. */
export function required<T>(format: Format<T>, why: string): FieldSpec<T> & { presence: 'required' } {
  return { format, presence: 'required', onInvalid: 'quarantine', why };
}

/** May be empty; a wrong value is emptied and the record flagged. */
export function optional<T>(format: Format<T>): FieldSpec<T> & { presence: 'optional' } {
  return { format, presence: 'optional', onInvalid: 'drop' };
}

/** May be empty, but a wrong value quarantines the record: emptying it would change its meaning. */
export function critical<T>(format: Format<T>, why: string): FieldSpec<T> & { presence: 'optional' } {
  return { format, presence: 'optional', onInvalid: 'quarantine', why };
}

/** Marks a field as personal data. */
export function personal<F extends FieldSpec>(field: F): F {
  return { ...field, personal: true };
}

// ------------------------------------------------------------------ schemas

const isBlank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
const blankToNull = (v: unknown) => (isBlank(v) ? null : v);

function fieldSchema(field: FieldSpec): z.ZodType {
  const read = field.format.read;
  if (read) {
    // A scalar: one step that handles "empty" and reads the value.
    const required = field.presence === 'required';
    return z.transform((v: unknown, ctx) => {
      if (!isBlank(v)) return readInto(read, v, ctx);
      if (required) ctx.issues.push({ code: 'custom', message: 'missing (it is required)', input: v });
      return null;
    });
  }
  if (field.presence === 'optional') return z.preprocess(blankToNull, field.format.schema.nullable());
  return z.preprocess((v, ctx) => {
    if (isBlank(v)) ctx.issues.push({ code: 'custom', message: 'missing (it is required)', input: v });
    return v;
  }, field.format.schema);
}

function shapeOf(fields: Fields): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, field] of Object.entries(fields)) shape[name] = fieldSchema(field);
  return shape;
}

/** A nested object with its own fields. */
export function object<F extends Fields>(fields: F, description = 'an object'): Format<Checked<F>> {
  return { kind: 'object', description, fields, breaks: ['wrongType'], schema: z.object(shapeOf(fields)) as unknown as z.ZodType<Checked<F>, unknown> };
}

type VariantOf<T extends string, V extends Readonly<Record<string, Fields>>> = { [K in keyof V & string]: Checked<V[K]> & { [P in T]: K } }[keyof V & string];

/** One of several objects, told apart by the text of `tag`. */
export function variant<T extends string, V extends Readonly<Record<string, Fields>>>(tag: T, of: V, description = 'an object'): Format<VariantOf<T, V>> {
  const options = Object.entries(of).map(([name, fields]) => z.object({ ...shapeOf(fields), [tag]: z.literal(name) }));
  const schema = z.discriminatedUnion(tag, options as unknown as [z.ZodObject, ...z.ZodObject[]]);
  return { kind: 'variant', description, variants: { tag, of }, breaks: ['wrongType'], schema: schema as unknown as z.ZodType<VariantOf<T, V>, unknown> };
}

/** Messages for zod's own issues (a list that is not a list, …): the expected and received kinds, never the value. */
const KIND: Readonly<Record<string, string>> = { array: 'a list', object: 'an object', string: 'text', number: 'a number', boolean: 'true/false' };
const message = (issue: z.core.$ZodRawIssue): string => {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined || issue.input === null) return 'missing (it is required)';
    return `expected ${KIND[issue.expected] ?? issue.expected}, got ${kindOf(issue.input)}`;
  }
  if (issue.code === 'invalid_union') return 'not one of the kinds of record this stream carries';
  return 'not a valid value';
};

// -------------------------------------------------------------- record spec

export interface RecordSpec<F extends Fields = Fields> {
  /** What the source calls one record (`HoSo`, `VanBan`), for messages. */
  name: string;
  fields: F;
  /** The fields that identify a record. */
  key: readonly (keyof F & string)[];
  /** The change-time field a listing advances on, if any. */
  cursor: (keyof F & string) | null;
  /** The zod schema of the raw record. */
  schema: z.ZodType<Checked<F>, unknown>;
  /** Rules across fields, run on a record whose fields passed: problems that quarantine it. */
  refine?(value: Checked<F>): string[];
}

/** What a stream publishes of its spec, whatever its fields: enough to document and test it. */
export type StreamSpec = Pick<RecordSpec, 'name' | 'fields' | 'key' | 'cursor'>;

export function defineRecordSpec<F extends Fields>(def: Omit<RecordSpec<F>, 'schema'>): RecordSpec<F> {
  return { ...def, schema: z.object(shapeOf(def.fields)) as unknown as RecordSpec<F>['schema'] };
}

export type CheckResult<T> = { ok: true; value: T; dropped: string[] } | { ok: false; problems: string[] };

type Path = (string | number)[];

/** `QuaTrinhXuLy[2].ThoiGian`. */
export function pathLabel(path: readonly (string | number)[], root: string): string {
  if (path.length === 0) return root;
  return path.map((p, k) => (typeof p === 'number' ? `[${p}]` : k === 0 ? p : `.${p}`)).join('');
}

function childOf(node: unknown, key: string | number): unknown {
  return typeof node === 'object' && node !== null ? (node as Record<string | number, unknown>)[key] : undefined;
}

/**
 * The places along an issue's path that could be emptied without quarantining the
 * record, deepest first: an optional `drop` field, or an item of such a list.
 */
function droppablePlaces(fields: Fields, path: Path, payload: unknown): Path[] {
  const places: Path[] = [];
  let current: Fields | undefined = fields;
  let node = payload;
  let i = 0;
  while (current && i < path.length) {
    const name = path[i];
    const field: FieldSpec | undefined = typeof name === 'string' ? current[name] : undefined;
    if (field === undefined || name === undefined) break;
    const droppable = field.presence === 'optional' && field.onInvalid === 'drop';
    node = childOf(node, name);
    i++;
    if (droppable) places.push(path.slice(0, i));
    let format: Format = field.format;
    while (format.kind === 'list' && format.item && typeof path[i] === 'number') {
      node = childOf(node, path[i]!);
      i++;
      if (droppable) places.push(path.slice(0, i));
      format = format.item;
    }
    if (format.kind === 'object') current = format.fields;
    else if (format.kind === 'variant' && format.variants) current = format.variants.of[String(childOf(node, format.variants.tag))];
    else current = undefined;
  }
  return places.reverse();
}

/** A copy of `payload` with the given fields set to null and list items left out. */
function without(payload: unknown, places: readonly Path[]): unknown {
  const copy = JSON.parse(JSON.stringify(payload)) as unknown;
  const parentOf = (path: Path) => path.slice(0, -1).reduce<unknown>((node, key) => childOf(node, key), copy);
  for (const path of places) {
    const last = path[path.length - 1];
    const parent = parentOf(path);
    if (typeof last === 'string' && typeof parent === 'object' && parent !== null) (parent as Record<string, unknown>)[last] = null;
  }
  // Items last, deepest lists first and from the end, so earlier indices stay right.
  const items = places.filter((p) => typeof p[p.length - 1] === 'number').sort((a, b) => b.length - a.length || (b[b.length - 1] as number) - (a[a.length - 1] as number));
  for (const path of items) {
    const parent = parentOf(path);
    if (Array.isArray(parent)) parent.splice(path[path.length - 1] as number, 1);
  }
  return copy;
}

/**
 * The fast path: reads a record that has no problem with the same readers the zod
 * schema runs, without zod's per-field bookkeeping (2.5 times faster on a dossier,
 * measured; every changed record of the ingest path comes through here). Any problem
 * throws, and the record is read again by the zod schema, which reports every issue with
 * its path. A test holds the two readings equal on every stream's valid records.
 */
function readFast(fields: Fields, input: unknown): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new ValueProblem('not an object');
  const record = input as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const name in fields) {
    const field = fields[name]!;
    const value = record[name];
    if (isBlank(value)) {
      if (field.presence === 'required') throw new ValueProblem('missing');
      out[name] = null;
    } else out[name] = readValue(field.format, value);
  }
  return out;
}

function readValue(format: Format, value: unknown): unknown {
  if (format.read) return format.read(value);
  if (format.fields) return readFast(format.fields, value);
  if (format.item) {
    if (!Array.isArray(value)) throw new ValueProblem('not a list');
    const item = format.item;
    return value.map((v: unknown) => readValue(item, v));
  }
  if (format.variants) {
    const tag = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[format.variants.tag] : undefined;
    const fields = typeof tag === 'string' ? format.variants.of[tag] : undefined;
    if (!fields) throw new ValueProblem('no such variant');
    return { ...readFast(fields, value), [format.variants.tag]: tag };
  }
  throw new ValueProblem('no reader');
}

/** The fast reading of a record, or null when it has a problem (zod then says which). */
export function readQuickly<F extends Fields>(spec: RecordSpec<F>, payload: unknown): Checked<F> | null {
  try {
    return readFast(spec.fields, payload) as Checked<F>;
  } catch (error) {
    if (error instanceof ValueProblem) return null;
    throw error;
  }
}

/**
 * Checks one raw record against its spec. On success, the typed value and the fields
 * (or list items) emptied because their value was wrong; on failure, one problem per
 * failing field: `field: why`.
 */
export function checkRecord<F extends Fields>(spec: RecordSpec<F>, payload: unknown): CheckResult<Checked<F>> {
  const dropped = new Set<string>();
  let input = looksLikeTcvn3Record(payload) ? decodeTcvn3Record(payload) : payload;
  const quick = readQuickly(spec, input);
  if (quick !== null) {
    const problems = spec.refine?.(quick) ?? [];
    return problems.length ? { ok: false, problems } : { ok: true, value: quick, dropped: [] };
  }
  for (let pass = 0; pass < 4; pass++) {
    const parsed = spec.schema.safeParse(input, { error: message });
    if (parsed.success) {
      const problems = spec.refine?.(parsed.data) ?? [];
      return problems.length ? { ok: false, problems } : { ok: true, value: parsed.data, dropped: [...dropped] };
    }
    const problems: string[] = [];
    const drops = new Map<string, Path>();
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      const place = droppablePlaces(spec.fields, path, input)[0];
      if (place === undefined) problems.push(`${pathLabel(path, spec.name)}: ${issue.message}`);
      else drops.set(pathLabel(place, spec.name), place);
    }
    if (problems.length) return { ok: false, problems: [...new Set(problems)] };
    for (const label of drops.keys()) dropped.add(label);
    input = without(input, [...drops.values()]);
  }
  return { ok: false, problems: [`${spec.name}: still invalid after emptying ${[...dropped].join(', ')}`] };
}

/** The checked value of a spec's records. */
export type CheckedOf<S> = S extends RecordSpec<infer F> ? Checked<F> : never;

/** Checks a raw payload against `spec` and maps it; a MappingError names every failing field (flags are not kept). */
export function checkThen<F extends Fields, T>(spec: RecordSpec<F>, to: (checked: Checked<F>) => T): (payload: unknown) => T {
  return (payload) => {
    const result = checkRecord(spec, payload);
    if (!result.ok) throw new MappingError(result.problems);
    return to(result.value);
  };
}

/**
 * A stream's `map`: checks the payload against the spec, then maps the checked record.
 * A record that fails is a MappingError (quarantined); emptied fields become flags.
 */
export function mapChecked<F extends Fields>(spec: RecordSpec<F>, map: (checked: Checked<F>) => UnifiedRecord): (payload: unknown) => MappedRecord {
  return (payload) => {
    const result = checkRecord(spec, payload);
    if (!result.ok) throw new MappingError(result.problems);
    const record = map(result.value);
    return result.dropped.length ? { ...record, flags: result.dropped.map((field) => `invalid:${field}`) } : record;
  };
}
