import type { FieldSpec } from '../../connectors/spec/formats';
import { getConnector } from '../../connectors/registry';

type Fields = Readonly<Record<string, FieldSpec>>;

function collect(fields: Fields, into: Set<string>): void {
  for (const [name, field] of Object.entries(fields)) {
    if (field.personal) into.add(name);
    const f = field.format;
    if (f.fields) collect(f.fields, into);
    if (f.item?.fields) collect(f.item.fields, into);
    for (const of of Object.values(f.variants?.of ?? {})) collect(of, into);
  }
}

const cache = new Map<string, ReadonlySet<string>>();

/** Names of the fields a stream's spec marks personal, at any depth. */
export function personalFieldsOf(kind: string, stream: string): ReadonlySet<string> {
  const id = `${kind}/${stream}`;
  let names = cache.get(id);
  if (!names) {
    const set = new Set<string>();
    try {
      const spec = getConnector(kind).streams.find((s) => s.definition.name === stream)?.spec;
      if (spec) collect(spec.fields as Fields, set);
    } catch {
      // A kind no longer registered: nothing is known to be personal, so everything stays as stored.
    }
    names = set;
    cache.set(id, names);
  }
  return names;
}

const MASK = '***';

/** A payload with the value of every personal field replaced by `***` (empty values stay empty). */
export function maskPayload(payload: unknown, personal: ReadonlySet<string>): unknown {
  if (Array.isArray(payload)) return payload.map((p) => maskPayload(p, personal));
  if (payload === null || typeof payload !== 'object') return payload;
  return Object.fromEntries(
    Object.entries(payload as Record<string, unknown>).map(([k, v]) => [k, personal.has(k) && v !== null && v !== '' && typeof v !== 'object' ? MASK : maskPayload(v, personal)]),
  );
}

/** Whether a payload holds a non-empty personal value. */
export function hasPersonalValue(payload: unknown, personal: ReadonlySet<string>): boolean {
  if (Array.isArray(payload)) return payload.some((p) => hasPersonalValue(p, personal));
  if (payload === null || typeof payload !== 'object') return false;
  return Object.entries(payload as Record<string, unknown>).some(([k, v]) => (personal.has(k) && v !== null && v !== '' && typeof v !== 'object') || hasPersonalValue(v, personal));
}
