/**
 * What tells the API that a cached indicator answer may be stale (src/api/indicator-answers.ts):
 * a transactional `pg_notify` on channel ROLLUP_CHANNEL from every statement that changes
 * the roll-ups (facts.ts) or the agency tree the answers are rolled up by. NOTIFY is
 * delivered on commit only (a rolled-back change says nothing) and PostgreSQL folds equal
 * payloads of one transaction into one, so a sync batch sends one per table it moved.
 * Separate triggers on the roll-up tables, so the refresh SQL in facts.ts stays as it is;
 * `hub indicators rebuild` truncates and refills them, which notifies too.
 */
export const ROLLUP_CHANNEL = 'hub_rollups';

/** Tables whose changes move an indicator answer: the sums, and the tree (code, parent) agencies are summed up by. */
const ROLLUP_TABLES = ['indicator_day', 'indicator_month', 'indicator_month_agency'] as const;

export function rollupNotifySql(): string[] {
  // Transition tables tell whether the statement moved a row (an upsert of no rows fires the trigger too).
  const changed = `create or replace function hub.rollups_changed() returns trigger language plpgsql as $fn$
begin
  if exists (select 1 from changed) then perform pg_notify('${ROLLUP_CHANNEL}', tg_table_name); end if;
  return null;
end $fn$`;
  // An agency's name or dates move no answer; its code or parent does.
  const agencyMoved = `create or replace function hub.rollups_agency_moved() returns trigger language plpgsql as $fn$
begin
  if exists (select 1 from n join o on o.id = n.id where (n.code, n.parent_code) is distinct from (o.code, o.parent_code)) then perform pg_notify('${ROLLUP_CHANNEL}', tg_table_name); end if;
  return null;
end $fn$`;
  const truncated = `create or replace function hub.rollups_truncated() returns trigger language plpgsql as $fn$ begin perform pg_notify('${ROLLUP_CHANNEL}', tg_table_name); return null; end $fn$`;
  const statementTrigger = (table: string, event: 'insert' | 'update' | 'delete', fn = 'rollups_changed') => [
    `drop trigger if exists ${table}_notify_${event} on hub.${table}`,
    `create trigger ${table}_notify_${event} after ${event} on hub.${table} referencing ${event === 'delete' ? 'old' : 'new'} table as changed for each statement execute function hub.${fn}()`,
  ];
  const truncateTrigger = (table: string) => [
    `drop trigger if exists ${table}_notify_truncate on hub.${table}`,
    `create trigger ${table}_notify_truncate after truncate on hub.${table} for each statement execute function hub.rollups_truncated()`,
  ];
  return [
    changed,
    agencyMoved,
    truncated,
    ...ROLLUP_TABLES.flatMap((t) => [...statementTrigger(t, 'insert'), ...statementTrigger(t, 'update'), ...statementTrigger(t, 'delete')]),
    ...statementTrigger('agency', 'insert'),
    ...statementTrigger('agency', 'delete'),
    'drop trigger if exists agency_notify_update on hub.agency',
    `create trigger agency_notify_update after update on hub.agency referencing old table as o new table as n for each statement execute function hub.rollups_agency_moved()`,
    ...[...ROLLUP_TABLES, 'agency'].flatMap(truncateTrigger),
  ];
}

/** Drops what rollupNotifySql installs (the migration's down). */
export function dropRollupNotifySql(): string[] {
  return [
    ...[...ROLLUP_TABLES, 'agency'].flatMap((t) => ['insert', 'update', 'delete', 'truncate'].map((e) => `drop trigger if exists ${t}_notify_${e} on hub.${t}`)),
    'drop function if exists hub.rollups_changed()',
    'drop function if exists hub.rollups_agency_moved()',
    'drop function if exists hub.rollups_truncated()',
  ];
}
