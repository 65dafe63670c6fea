import { type EntityManager, ReferenceKind } from '@mikro-orm/postgresql';

/**
 * Turns raw rows of an entity's table into objects of the entity's class without
 * the ORM's identity map and change tracking: read-only API pages need neither, and
 * building managed entities was most of the hub's CPU per list request
 * (bench/README.md). Objects keep the entity's prototype, so type-graphql resolves
 * their fields without copying them.
 */
export function rowMapper<T extends object>(em: EntityManager, entity: new () => T): (row: Record<string, unknown>) => T {
  const meta = em.getMetadata().get(entity.name);
  const props = Object.values(meta.properties)
    .filter((p) => p.fieldNames?.length === 1 && p.persist !== false && !p.lazy && p.kind === ReferenceKind.SCALAR)
    .map((p) => ({ column: p.fieldNames[0]!, name: p.name, date: p.runtimeType === 'Date' }));
  return (row) => {
    // Filled as a plain object first: the entity prototype carries the ORM's property
    // setters (change tracking), which assignment would run for every field.
    const out: Record<string, unknown> = {};
    for (const p of props) {
      const v = row[p.column];
      out[p.name] = p.date && v != null && !(v instanceof Date) ? new Date(v as string) : (v ?? null);
    }
    return Object.setPrototypeOf(out, entity.prototype as object) as T;
  };
}

/**
 * Raw rows of an entity's table as plain objects with the entity's property names,
 * for only the columns a page selected. Resolvers that take such rows declare their
 * `@Root()` with a type alias (see `DossierRow`), so type-graphql passes them through
 * instead of copying each into a new entity. Given the GraphQL object type's class
 * (`as`), rows are made instances of it: type-graphql otherwise copies the row into a
 * new instance for every field resolver it calls on it.
 */
export function plainRowMapper<T extends object>(em: EntityManager, entity: new () => T, columns: readonly string[], as?: abstract new () => object, prefix = ''): (row: Record<string, unknown>) => T {
  const meta = em.getMetadata().get(entity.name);
  const wanted = new Set(columns);
  const props = Object.values(meta.properties)
    .filter((p) => p.fieldNames?.length === 1 && p.persist !== false && p.kind === ReferenceKind.SCALAR && wanted.has(p.fieldNames[0]!))
    .map((p) => ({ column: prefix + p.fieldNames[0]!, name: p.name, date: p.runtimeType === 'Date' }));
  const proto = (as?.prototype as object | undefined) ?? Object.prototype;
  return (row) => {
    const out = Object.create(proto) as Record<string, unknown>;
    for (const p of props) {
      const v = row[p.column];
      out[p.name] = p.date && v != null && !(v instanceof Date) ? new Date(v as string) : (v ?? null);
    }
    return out as T;
  };
}

/**
 * The columns of an entity's table behind a set of selected GraphQL fields, when every
 * one of them is a plain stored property (read as it is); null when some field needs
 * more (a field resolver, or nothing selected).
 */
export function plainColumnsFor(em: EntityManager, entity: new () => object, fields: ReadonlySet<string> | null): string[] | null {
  if (!fields) return null;
  const meta = em.getMetadata().get(entity.name);
  const columns = new Set<string>();
  for (const f of fields) {
    if (f === '__typename') continue;
    const p = meta.properties[f as never] as (typeof meta.properties)[never] | undefined;
    if (!p || p.fieldNames?.length !== 1 || p.persist === false || p.kind !== ReferenceKind.SCALAR) return null;
    columns.add(p.fieldNames[0]!);
  }
  return [...columns];
}
