import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeTcvn3Record, looksLikeTcvn3Record, TCVN3_LOWER, TCVN3_UPPER } from '../../connectors/encoding/tcvn3';
import { MappingError } from '../../connectors/errors';
import { CONNECTORS } from '../../connectors/registry';
import type { Break, FieldSpec, Format, TimeParts } from '../../connectors/spec/formats';
import { type Fields, pathLabel, readQuickly, type RecordSpec } from '../../connectors/spec/record';
import type { AnyConnector, MappedRecord } from '../../connectors/types';
import { mapStrings, toNfd, toTcvn3Latin1 } from '../../src/simulators/shared/text';
import { streamSamples } from '../support/stream-samples';

/**
 * Generated input against every stream's spec and mapping (no database): valid records
 * of every stream from the simulators' datasets, broken one field at a time in each way
 * the field's format names. A broken field the spec says quarantines must quarantine the
 * record naming that field (never its value); a broken field it lets the hub leave empty
 * must be stored exactly as if it had been empty, with the record flagged; an optional
 * field left empty is no problem at all; NFD and TCVN3 text is read, never quarantined.
 */

const samples = streamSamples();
const streams = Object.values<AnyConnector>(CONNECTORS).flatMap((c) => c.streams.map((stream) => ({ id: `${c.kind}/${stream.definition.name}`, map: (payload: unknown) => stream.map(payload), stream })));

type Path = (string | number)[];
type Outcome = { kind: 'quarantine' } | { kind: 'pass' } | { kind: 'drop'; at: Path };
type Mapped = { ok: true; record: MappedRecord } | { ok: false; problems: string[] };

/** One field (or list item) a test breaks, with the places along its path a wrong value may be emptied at. */
interface Target {
  path: Path;
  field: FieldSpec;
  places: { path: Path; droppable: boolean }[];
  /** For a field of one variant (edXML document or status package): which. */
  variant: { at: Path; tag: string; kind: string } | null;
}

/** Every field of a spec, nested objects, the first item of lists and each variant's fields included. */
function targetsOf(fields: Fields, prefix: Path, places: Target['places'], variant: Target['variant']): Target[] {
  const out: Target[] = [];
  for (const [name, field] of Object.entries(fields)) {
    const path = [...prefix, name];
    const droppable = field.presence === 'optional' && field.onInvalid === 'drop';
    const here = [...places, { path, droppable }];
    out.push({ path, field, places: here, variant });
    const format = field.format;
    if (format.kind === 'list' && format.item) {
      const itemPath = [...path, 0];
      const itemPlaces = [...here, { path: itemPath, droppable }];
      if (format.item.fields) out.push(...targetsOf(format.item.fields, itemPath, itemPlaces, variant));
      else out.push({ path: itemPath, field: { format: format.item, presence: 'required', onInvalid: 'quarantine' }, places: itemPlaces, variant });
    }
    if (format.fields) out.push(...targetsOf(format.fields, path, here, variant));
    if (format.variants) {
      for (const [kind, of] of Object.entries(format.variants.of)) out.push(...targetsOf(of, path, here, { at: path, tag: format.variants.tag, kind }));
    }
  }
  return out;
}

/**
 * What the spec promises for a break, read from the field list alone: an empty optional
 * field is fine; otherwise the deepest place along the path that may be emptied is, and
 * with none the record is quarantined.
 */
function expected(target: Target, brk: Break | 'missing'): Outcome {
  if (brk === 'missing' && target.field.presence === 'optional') return { kind: 'pass' };
  for (let k = target.places.length - 1; k >= 0; k--) {
    const place = target.places[k]!;
    if (place.droppable) return { kind: 'drop', at: place.path };
  }
  return { kind: 'quarantine' };
}

const get = (node: unknown, path: Path): unknown => path.reduce<unknown>((n, key) => (typeof n === 'object' && n !== null ? (n as Record<string | number, unknown>)[key] : undefined), node);
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** A copy with the value at `path` replaced (`undefined`: the field removed, the item left out). */
function withValue(record: unknown, path: Path, value: unknown): unknown {
  const copy = clone(record);
  const parent = get(copy, path.slice(0, -1)) as Record<string | number, unknown> | unknown[];
  const last = path[path.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
    else delete (parent as Record<string | number, unknown>)[last];
  } else (parent as Record<string | number, unknown>)[last] = value;
  return copy;
}

/** A record the target can be broken in: the place exists, of the right variant. */
function fits(record: unknown, target: Target): boolean {
  if (target.variant && get(record, [...target.variant.at, target.variant.tag]) !== target.variant.kind) return false;
  const parent = get(record, target.path.slice(0, -1));
  return typeof parent === 'object' && parent !== null && (!Array.isArray(parent) || parent.length > (target.path[target.path.length - 1] as number));
}

// ---------------------------------------------------------------- breaking

/** Local date-times that do not exist: month 0 or 13+, 30 February, 31 April, 29 February 2023, hour 24+, minute or second 60+. */
function impossibleParts(dateOnly: boolean): fc.Arbitrary<TimeParts> {
  const base = fc.record({ y: fc.integer({ min: 1990, max: 2030 }), mo: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }), h: fc.integer({ min: 0, max: 23 }), mi: fc.integer({ min: 0, max: 59 }), s: fc.integer({ min: 0, max: 59 }) });
  return base.chain((p) =>
    fc.oneof(
      fc.integer({ min: 13, max: 99 }).map((mo) => ({ ...p, mo })),
      fc.constant({ ...p, mo: 0 }),
      fc.constantFrom<[number, number]>([2, 30], [2, 31], [4, 31], [6, 31], [9, 31], [11, 31], [1, 32]).map(([mo, d]) => ({ ...p, mo, d })),
      fc.constant({ ...p, y: 2023, mo: 2, d: 29 }),
      fc.constant({ ...p, d: 0 }),
      ...(dateOnly ? [] : [fc.integer({ min: 24, max: 99 }).map((h) => ({ ...p, h })), fc.integer({ min: 60, max: 99 }).map((mi) => ({ ...p, mi })), fc.integer({ min: 60, max: 99 }).map((s) => ({ ...p, s }))]),
    ),
  );
}

/** Out-of-range text carries `⊘ ` (a space, and beyond Latin-1): no format accepts it, and a reason must never echo it. */
const MARK = '⊘ ';
const ONE_MB = 'x'.repeat(1 << 20);

function breaking(format: Format, brk: Break): fc.Arbitrary<unknown> {
  switch (brk) {
    case 'wrongType':
      if (format.kind === 'list') return fc.oneof(fc.constant('một danh sách'), fc.integer(), fc.constant({ muc: 1 }));
      if (format.kind === 'object' || format.kind === 'variant') return fc.oneof(fc.constant('một đối tượng'), fc.integer(), fc.constant([1, 2]));
      if (format.kind === 'integer' || format.kind === 'amount') return fc.oneof(fc.boolean(), fc.constant({}), fc.constant([3]), fc.constantFrom('Hài lòng', 'một', '1.234.000 đ'));
      return fc.oneof(fc.boolean(), fc.constant({ giaTri: 'x' }), fc.array(fc.integer(), { minLength: 1, maxLength: 3 }));
    case 'impossibleDate':
      return impossibleParts(format.kind === 'date').map((p) => format.render!(p));
    case 'outOfRange':
      if (format.values) return fc.integer({ min: -1000, max: 1000 }).filter((n) => !format.values!.includes(n));
      if (format.min !== undefined) return fc.integer({ min: format.min - 1000, max: format.min - 1 });
      return fc.string({ maxLength: 20 }).map((s) => `${MARK}${s}`);
    case 'tooLong':
      return fc.constant(ONE_MB);
  }
}

// ---------------------------------------------------------------- checking

function mapped(map: (payload: unknown) => MappedRecord, payload: unknown): Mapped {
  try {
    return { ok: true, record: map(payload) };
  } catch (error) {
    if (error instanceof MappingError) return { ok: false, problems: error.problems };
    throw error;
  }
}

const invalidFlags = (m: Mapped) => (m.ok ? (m.record.flags ?? []).filter((f) => f.startsWith('invalid:')) : []);

/** Personal values of a record (strings of 4+ characters in fields the spec marks personal). */
function personalValues(fields: Fields, record: unknown): string[] {
  const out: string[] = [];
  for (const [name, field] of Object.entries(fields)) {
    const value = get(record, [name]);
    if (field.personal && typeof value === 'string' && value.trim().length >= 4) out.push(value.trim());
    const items = Array.isArray(value) ? value : [value];
    const nested = field.format.item?.fields ?? field.format.fields;
    if (nested) for (const item of items) out.push(...personalValues(nested, item));
  }
  return out;
}

describe('every stream has valid samples to break', () => {
  it.each(streams.map((s) => [s.id, s] as const))('%s: every sample passes, unflagged', (id, { map }) => {
    const rows = samples[id];
    expect(rows, `no samples for ${id}: add them to test/support/stream-samples.ts`).toBeDefined();
    expect(rows!.length).toBeGreaterThan(5);
    for (const row of rows!) {
      const m = mapped(map, row);
      expect(m, JSON.stringify(row).slice(0, 300)).toMatchObject({ ok: true });
      expect(invalidFlags(m)).toEqual([]);
    }
  });
});

describe('the quick reading of the ingest path is the zod schema’s', () => {
  it.each(streams.map((s) => [s.id, s] as const))('%s', (id, { stream }) => {
    const spec = stream.spec as RecordSpec;
    for (const row of samples[id]!) {
      const input = looksLikeTcvn3Record(row) ? decodeTcvn3Record(row) : row;
      expect(readQuickly(spec, input)).toEqual(spec.schema.parse(input));
    }
    // A record with a problem is left to the schema, which names it.
    expect(readQuickly(spec, { ...(samples[id]![0] as object), [spec.key[0]!]: { not: 'a key' } })).toBeNull();
  });
});

describe('one field broken at a time', () => {
  it.each(streams.map((s) => [s.id, s] as const))('%s', (id, { stream, map }) => {
    const rows = samples[id]!;
    const spec = stream.spec;
    let checked = 0;
    for (const target of targetsOf(spec.fields, [], [], null)) {
      const candidates = rows.filter((r) => fits(r, target));
      if (candidates.length === 0) continue;
      const label = pathLabel(target.path, spec.name);
      for (const brk of ['missing', ...target.field.format.breaks] as const) {
        const outcome = expected(target, brk);
        const value = brk === 'missing' ? fc.constantFrom(undefined, null, '', '   ') : breaking(target.field.format, brk);
        fc.assert(
          fc.property(fc.constantFrom(...candidates), value, (record, v) => {
            checked++;
            const broken = withValue(record, target.path, v);
            const result = mapped(map, broken);
            const where = `${label} ${brk} → ${outcome.kind}`;
            if (outcome.kind === 'quarantine') {
              expect(result.ok, where).toBe(false);
              if (result.ok) return;
              expect(result.problems.some((p) => p.startsWith(`${label}:`)), `${where}: ${result.problems.join('; ')}`).toBe(true);
              const reasons = result.problems.join('\n');
              expect(reasons).not.toContain(MARK);
              expect(reasons).not.toContain('xxxxxxxxxx');
              for (const personal of personalValues(spec.fields, record)) expect(reasons, where).not.toContain(personal);
              return;
            }
            expect(result, `${where}: ${result.ok ? '' : result.problems.join('; ')}`).toMatchObject({ ok: true });
            if (!result.ok) return;
            const empty = outcome.kind === 'pass' ? withValue(record, target.path, undefined) : withValue(record, outcome.at, Array.isArray(get(record, outcome.at.slice(0, -1))) ? undefined : null);
            const asIfEmpty = mapped(map, empty);
            expect(asIfEmpty).toMatchObject({ ok: true });
            if (!asIfEmpty.ok) return;
            // Stored exactly as if the field had been empty …
            expect(JSON.stringify(result.record.value), where).toBe(JSON.stringify(asIfEmpty.record.value));
            // … and flagged when a wrong value was dropped, not when an optional one was left out.
            expect(invalidFlags(result), where).toEqual(outcome.kind === 'drop' ? [`invalid:${pathLabel(outcome.at, spec.name)}`] : []);
          }),
          { numRuns: brk === 'tooLong' ? 1 : 4, seed: 13 },
        );
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

/** Characters a TCVN3 record can hold (others become "?" at the source). */
const TCVN3_CHARS = new Set([...TCVN3_LOWER.flatMap(([ch]) => [ch, ch.toUpperCase()]), ...TCVN3_UPPER.map(([ch]) => ch)]);
const representable = (s: string) => [...s.normalize('NFC')].every((ch) => ch.charCodeAt(0) < 0x80 || TCVN3_CHARS.has(ch));

/** Walks two mapped values side by side, comparing strings the legacy encoding can carry, case aside. */
function sameText(legacy: unknown, original: unknown, path = ''): void {
  if (typeof original === 'string') {
    if (representable(original)) expect((legacy as string).toLocaleLowerCase('vi'), path).toBe(original.toLocaleLowerCase('vi'));
    return;
  }
  if (Array.isArray(original)) {
    expect((legacy as unknown[]).length, path).toBe(original.length);
    original.forEach((item, k) => sameText((legacy as unknown[])[k], item, `${path}[${k}]`));
    return;
  }
  if (typeof original === 'object' && original !== null && !(original instanceof Date)) {
    for (const [key, item] of Object.entries(original)) sameText((legacy as Record<string, unknown>)[key], item, `${path}.${key}`);
    return;
  }
  expect(JSON.stringify(legacy), path).toBe(JSON.stringify(original));
}

describe('NFD and TCVN3 text is read, never quarantined', () => {
  it.each(streams.map((s) => [s.id, s] as const))('%s', (id, { map }) => {
    const rows = samples[id]!;
    fc.assert(
      fc.property(fc.constantFrom(...rows), (record) => {
        const original = mapped(map, record);
        expect(original.ok).toBe(true);
        if (!original.ok) return;
        const nfd = mapped(map, mapStrings(record, toNfd));
        expect(nfd).toMatchObject({ ok: true });
        expect(invalidFlags(nfd)).toEqual([]);
        if (nfd.ok) expect(JSON.stringify(nfd.record.value)).toBe(JSON.stringify(original.record.value));
        const encoded = mapStrings(record, toTcvn3Latin1);
        const legacy = mapped(map, encoded);
        expect(legacy).toMatchObject({ ok: true });
        expect(invalidFlags(legacy)).toEqual([]);
        // A record whose every string also reads as Latin-1 Vietnamese ("Vò" for "Vũ") cannot be told
        // from Unicode text; any other is converted whole.
        if (legacy.ok && looksLikeTcvn3Record(encoded)) sameText(legacy.record.value, original.record.value);
      }),
      { numRuns: 40, seed: 17 },
    );
  });
});

describe('stream contract', () => {
  it.each(streams.map((s) => [s.id, s] as const))('%s: primaryKey and cursorField are fields of its spec, and the key is required', (_id, { stream }) => {
    const { primaryKey, cursorField } = stream.definition;
    const { fields, key, cursor } = stream.spec;
    expect(primaryKey).toEqual(key);
    expect(cursorField).toBe(cursor);
    for (const field of primaryKey) expect(fields[field]?.presence, field).toBe('required');
    if (cursorField !== null) expect(fields[cursorField]?.presence, cursorField).toBe('required');
  });
});
