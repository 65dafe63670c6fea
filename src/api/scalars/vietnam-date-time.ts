import { GraphQLScalarType } from 'graphql';
import { GraphQLISODateTime } from 'type-graphql';

/** Vietnam has kept UTC+7, without daylight saving, since 1975. */
const OFFSET_MS = 7 * 3600_000;

/** An instant written in Vietnam time: 2026-11-27T09:30:00.000+07:00. */
export function toVietnamIso(value: Date): string {
  return new Date(value.getTime() + OFFSET_MS).toISOString().replace('Z', '+07:00');
}

const base = GraphQLISODateTime.toConfig();

/**
 * The schema's timestamps (the scalar keeps type-graphql's name, DateTimeISO, so clients'
 * variable types keep working): written with the Vietnam offset, +07:00, the time people
 * in the province read; read with any offset (Z, +07:00, +00:00…), as RFC 3339 requires one.
 */
export const VietnamDateTime = new GraphQLScalarType({
  ...base,
  description:
    'Thời điểm theo giờ Việt Nam (+07:00), ISO 8601, ví dụ 2026-11-27T09:30:00.000+07:00; đầu vào nhận mọi múi giờ. / An instant in Vietnam time (+07:00), ISO 8601, e.g. 2026-11-27T09:30:00.000+07:00; input accepts any offset (Z, +07:00, …).',
  serialize(value: unknown): string {
    const date = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : null;
    if (!date || Number.isNaN(date.getTime())) throw new TypeError(`DateTimeISO cannot represent ${String(value)}`);
    return toVietnamIso(date);
  },
});
