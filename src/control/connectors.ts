import type { EntityManager } from '@mikro-orm/postgresql';
import type { AnyConnector, CheckResult } from '../../connectors/types';
import { recordAudit } from '../audit/record';
import { ConnectorInstance, SyncRun } from '../entities';
import { openConfig, sealConfig } from '../secrets/connector-secrets';
import { redactSecrets, registerSecret } from '../secrets/redact';
import { withPgClient } from '../store/pg';
import { type ControlDeps, nowOf } from './context';
import { assertTimeZone, DEFAULT_TIME_ZONE, nextFireTimes } from './cron';
import { ControlError } from './errors';
import { findConnector, pluginOf, resolveStreams } from './lookup';
import { applySchedules } from './apply-schedules';

/** How a secret is shown anywhere outside the store (views, audit, export). */
export const SECRET_MASK = '***';

export interface ScheduleView {
  cron: string;
  timeZone: string;
  /** null: every stream. */
  streams: string[] | null;
  /** The next five fire times (while paused, when it would fire). */
  nextFireTimes: Date[];
}

/** A connector as callers see it: secrets shown as `***`, never in clear. */
export interface ConnectorView {
  id: number;
  name: string;
  kind: string;
  title: string;
  /** The config with each secret field that is set shown as `***`. */
  config: Record<string, unknown>;
  /** Secret fields of the kind, and whether each is set. */
  secrets: { field: string; set: boolean }[];
  schedule: ScheduleView | null;
  paused: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface CheckOutcome {
  ok: boolean;
  /** Why not, readable (null when ok). */
  reason: string | null;
  durationMs: number;
}

export function redactConfig(plugin: AnyConnector, config: Record<string, unknown>): Record<string, unknown> {
  const out = { ...config };
  for (const f of plugin.secretFields) if (out[f] !== undefined && out[f] !== null && out[f] !== '') out[f] = SECRET_MASK;
  return out;
}

export function connectorView(c: ConnectorInstance, now: Date = new Date()): ConnectorView {
  const plugin = pluginOf(c.kind);
  let next: Date[] = [];
  if (c.schedule) {
    try {
      next = nextFireTimes(c.schedule, c.scheduleTimeZone, 5, now);
    } catch {
      // A schedule stored before validation existed: shown, with no fire times (the scheduler skips it).
      next = [];
    }
  }
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    title: plugin.title,
    config: redactConfig(plugin, c.config),
    secrets: plugin.secretFields.map((field) => ({ field, set: typeof c.config[field] === 'string' && c.config[field] !== '' })),
    schedule: c.schedule ? { cron: c.schedule, timeZone: c.scheduleTimeZone, streams: c.scheduleStreams, nextFireTimes: next } : null,
    paused: !c.enabled,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

/** What the audit log keeps of a connector: its view without fire times. */
const auditState = (c: ConnectorInstance) => {
  const { nextFireTimes: _next, ...schedule } = connectorView(c).schedule ?? { nextFireTimes: [] };
  const v = connectorView(c);
  return { name: v.name, kind: v.kind, config: v.config, schedule: v.schedule ? schedule : null, paused: v.paused };
};

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

function assertName(name: string): void {
  if (!NAME.test(name)) {
    throw new ControlError('INVALID_NAME', 'name', `"${name}" is not a connector name; use 1–63 letters, digits, ".", "_" or "-", starting with a letter or digit`, { name });
  }
}

/** Validates a config against the plug-in's schema; the error names the first bad field (`config.<path>`) and lists them all. */
export function validateConfig(plugin: AnyConnector, config: unknown): Record<string, unknown> {
  const result = plugin.configSchema.safeParse(config);
  if (result.success) return result.data as Record<string, unknown>;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') return { field: path ? `config.${path}` : 'config', text: `unknown field(s) ${issue.keys.join(', ')} for a ${plugin.kind} connector` };
    return { field: path ? `config.${path}` : 'config', text: issue.message };
  });
  const first = problems[0]!;
  throw new ControlError('INVALID_CONFIG', first.field, `invalid ${plugin.kind} config: ${problems.map((p) => `${p.field}: ${p.text}`).join('; ')}`, {
    kind: plugin.kind,
    problems: problems.map((p) => `${p.field}: ${p.text}`),
  });
}

/** Runs the plug-in's connection check on a config in clear; never throws for a source fault. */
async function runCheck(deps: ControlDeps, plugin: AnyConnector, clearConfig: Record<string, unknown>): Promise<CheckOutcome> {
  const started = Date.now();
  const ctx = { signal: AbortSignal.timeout(deps.checkTimeoutMs ?? 20_000), now: () => nowOf(deps), log: () => undefined };
  let result: CheckResult;
  try {
    result = await plugin.check(clearConfig, ctx);
  } catch (error) {
    result = { ok: false, reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  return { ok: result.ok, reason: result.ok ? null : redactSecrets(result.reason), durationMs: Date.now() - started };
}

function refuseFailedCheck(check: CheckOutcome): never {
  throw new ControlError('CHECK_FAILED', 'config', `the connection check failed: ${check.reason ?? 'no reason given'} (nothing was saved; fix the config, or save it anyway with skipCheck)`, {
    reason: check.reason ?? '',
  });
}

export async function listConnectors(deps: Pick<ControlDeps, 'em' | 'now'>): Promise<ConnectorView[]> {
  const rows = await deps.em.fork().find(ConnectorInstance, { deletedAt: null }, { orderBy: { name: 'asc' } });
  return rows.map((c) => connectorView(c, nowOf(deps as ControlDeps)));
}

export async function getConnector(deps: Pick<ControlDeps, 'em' | 'now'>, name: string): Promise<ConnectorView> {
  return connectorView(await findConnector(deps.em.fork(), name, { field: 'name' }), nowOf(deps as ControlDeps));
}

export interface CreateConnectorInput {
  name: string;
  kind: string;
  config: unknown;
  schedule?: { cron: string; timeZone?: string | null; streams?: string[] | null } | null;
  /** Start paused (no schedule fires, triggers refused). */
  paused?: boolean;
  /** Save even when the connection check fails (the check still runs and its outcome is returned). */
  skipCheck?: boolean;
}

/**
 * Adds a connector: the kind and every config field validated (the error names the
 * field), the connection checked (a failed check saves nothing unless `skipCheck`),
 * secrets sealed, an optional schedule validated as setSchedule does.
 */
export async function createConnector(deps: ControlDeps, input: CreateConnectorInput): Promise<{ connector: ConnectorView; check: CheckOutcome }> {
  assertName(input.name);
  const plugin = pluginOf(input.kind);
  const config = validateConfig(plugin, input.config);
  for (const f of plugin.secretFields) registerSecret(config[f]);
  if (input.schedule) {
    const tz = input.schedule.timeZone ?? DEFAULT_TIME_ZONE;
    assertTimeZone(tz, 'schedule.timeZone');
    try {
      nextFireTimes(input.schedule.cron, tz);
    } catch (error) {
      if (error instanceof ControlError) throw new ControlError(error.code, 'schedule.cron', error.message, error.params);
      throw error;
    }
    resolveStreams(plugin, input.schedule.streams, 'schedule.streams');
  }
  const em = deps.em.fork();
  if (await em.count(ConnectorInstance, { name: input.name, deletedAt: null })) {
    throw new ControlError('CONNECTOR_EXISTS', 'name', `a connector named "${input.name}" already exists; change it with updateConnector`, { name: input.name });
  }
  const check = await runCheck(deps, plugin, config);
  if (!check.ok && !input.skipCheck) refuseFailedCheck(check);
  const now = nowOf(deps);
  const created = await em.transactional(async (tx) => {
    const instance = tx.create(ConnectorInstance, {
      name: input.name,
      kind: input.kind,
      config: sealConfig(plugin, config),
      schedule: input.schedule?.cron.trim() ?? null,
      scheduleTimeZone: input.schedule?.timeZone ?? DEFAULT_TIME_ZONE,
      scheduleStreams: input.schedule?.streams?.length ? resolveStreams(plugin, input.schedule.streams, 'schedule.streams') : null,
      enabled: !input.paused,
      deletedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    try {
      await tx.flush();
    } catch (error) {
      if ((error as { code?: string }).code === '23505' || /unique/i.test(String((error as Error).message))) {
        throw new ControlError('CONNECTOR_EXISTS', 'name', `a connector named "${input.name}" already exists; change it with updateConnector`, { name: input.name });
      }
      throw error;
    }
    await recordAudit(tx, { action: 'connector.create', actor: deps.actor, target: { type: 'connector', id: input.name }, before: null, after: auditState(instance), details: { check: { ok: check.ok, reason: check.reason } } });
    return instance;
  });
  await applySchedules(deps);
  return { connector: connectorView(created, now), check };
}

export interface UpdateConnectorInput {
  /**
   * Fields to change; omitted fields keep their value, `null` returns a field to its
   * default. A secret field omitted, null or `***` keeps the stored secret (write-only).
   */
  config?: Record<string, unknown> | null;
  skipCheck?: boolean;
}

/** Changes a connector's config in part; secrets are write-only and kept when omitted. Checks the connection like createConnector. */
export async function updateConnector(deps: ControlDeps, name: string, input: UpdateConnectorInput): Promise<{ connector: ConnectorView; check: CheckOutcome | null }> {
  const current = await findConnector(deps.em.fork(), name, { field: 'name' });
  const plugin = pluginOf(current.kind);
  const patch = input.config ?? {};
  if (typeof patch !== 'object' || Array.isArray(patch)) throw new ControlError('INVALID_CONFIG', 'config', 'config must be an object of the fields to change', { kind: plugin.kind, problems: [] });
  const merged: Record<string, unknown> = { ...openConfig(plugin, current.config) };
  for (const [k, v] of Object.entries(patch)) {
    const secret = plugin.secretFields.includes(k);
    if (secret && (v === undefined || v === null || v === SECRET_MASK)) continue;
    if (v === null) delete merged[k];
    else merged[k] = v;
  }
  const config = validateConfig(plugin, merged);
  for (const f of plugin.secretFields) registerSecret(config[f]);
  const check = Object.keys(patch).length ? await runCheck(deps, plugin, config) : null;
  if (check && !check.ok && !input.skipCheck) refuseFailedCheck(check);
  const now = nowOf(deps);
  const updated = await deps.em.fork().transactional(async (tx) => {
    const instance = await findConnector(tx, name, { lock: true, field: 'name' });
    const before = auditState(instance);
    instance.config = sealConfig(plugin, config);
    instance.updatedAt = now;
    await tx.flush();
    const changed = Object.keys(patch).filter((k) => !(plugin.secretFields.includes(k) && (patch[k] === null || patch[k] === SECRET_MASK)));
    await recordAudit(tx, {
      action: 'connector.update',
      actor: deps.actor,
      target: { type: 'connector', id: name },
      before,
      after: auditState(instance),
      details: { fields: changed, secretsChanged: changed.filter((k) => plugin.secretFields.includes(k)), check: check ? { ok: check.ok, reason: check.reason } : null },
    });
    return instance;
  });
  return { connector: connectorView(updated, now), check };
}

/** Removes a connector: it stops (schedule off, no triggers) and disappears from lists; its runs, records, quarantine and audit trail stay. */
export async function removeConnector(deps: ControlDeps, name: string): Promise<ConnectorView> {
  const now = nowOf(deps);
  const removed = await deps.em.fork().transactional(async (tx) => {
    const instance = await findConnector(tx, name, { lock: true, field: 'name' });
    const before = auditState(instance);
    instance.deletedAt = now;
    instance.enabled = false;
    instance.updatedAt = now;
    await tx.flush();
    await recordAudit(tx, { action: 'connector.remove', actor: deps.actor, target: { type: 'connector', id: name }, before, after: null, details: { connectorId: instance.id } });
    return instance;
  });
  await applySchedules(deps);
  return connectorView(removed, now);
}

export interface TestConnectorInput {
  /** A saved connector: checked with its stored config, changed by `config` if given. */
  name?: string | null;
  /** An unsaved connector: its kind and full config. */
  kind?: string | null;
  config?: Record<string, unknown> | null;
}

/** Checks a connection and says why it fails; nothing is saved (the attempt is in the audit log). */
export async function testConnector(deps: ControlDeps, input: TestConnectorInput): Promise<CheckOutcome> {
  let plugin: AnyConnector;
  let config: Record<string, unknown>;
  if (input.name) {
    const current = await findConnector(deps.em.fork(), input.name, { field: 'name' });
    plugin = pluginOf(current.kind);
    const merged = { ...openConfig(plugin, current.config) };
    for (const [k, v] of Object.entries(input.config ?? {})) {
      if (plugin.secretFields.includes(k) && (v === null || v === SECRET_MASK)) continue;
      if (v === null) delete merged[k];
      else merged[k] = v;
    }
    config = validateConfig(plugin, merged);
  } else {
    if (!input.kind) throw new ControlError('UNKNOWN_KIND', 'kind', 'give the name of a saved connector, or a kind and a config to test', { kind: '', known: [] });
    plugin = pluginOf(input.kind);
    config = validateConfig(plugin, input.config ?? {});
  }
  for (const f of plugin.secretFields) registerSecret(config[f]);
  const check = await runCheck(deps, plugin, config);
  await deps.em.fork().transactional((tx) =>
    recordAudit(tx, {
      action: 'connector.test',
      actor: deps.actor,
      target: { type: 'connector', id: input.name ?? `(unsaved ${plugin.kind})` },
      before: null,
      after: null,
      details: { kind: plugin.kind, config: redactConfig(plugin, config), ok: check.ok, reason: check.reason },
    }),
  );
  return check;
}

async function setPaused(deps: ControlDeps, name: string, paused: boolean): Promise<ConnectorView> {
  const now = nowOf(deps);
  const instance = await deps.em.fork().transactional(async (tx) => {
    const c = await findConnector(tx, name, { lock: true, field: 'name' });
    const before = auditState(c);
    c.enabled = !paused;
    c.updatedAt = now;
    await tx.flush();
    await recordAudit(tx, { action: paused ? 'connector.pause' : 'connector.resume', actor: deps.actor, target: { type: 'connector', id: name }, before, after: auditState(c) });
    return c;
  });
  await applySchedules(deps);
  return connectorView(instance, now);
}

/** Stops a connector's schedule from firing and refuses triggers until resumed; running syncs finish. */
export const pauseConnector = (deps: ControlDeps, name: string): Promise<ConnectorView> => setPaused(deps, name, true);
export const resumeConnector = (deps: ControlDeps, name: string): Promise<ConnectorView> => setPaused(deps, name, false);

export interface StreamField {
  name: string;
  presence: string;
  description: string;
  personal: boolean;
}

export interface StreamInfo {
  name: string;
  /** The unified kind its records become (dossier, agency, …). */
  kind: string;
  description: string;
  primaryKey: string[];
  cursorField: string | null;
  /** Every run reads the whole listing (records missing from it are flagged gone). */
  fullListing: boolean;
  /** Can be backfilled by date windows (triggerSync from/to). */
  windowed: boolean;
  fields: StreamField[];
  /** For a saved connector: the stream's checkpoint and its last run. */
  checkpoint: Record<string, unknown> | null;
  lastRun: { runId: number; status: string; startedAt: Date; finishedAt: Date | null } | null;
}

/** Discover: the streams of a connector (by name) or of a kind, from the plug-in: keys, cursors, descriptions, fields. */
export async function connectorStreams(deps: Pick<ControlDeps, 'em'>, target: { name?: string | null; kind?: string | null }): Promise<StreamInfo[]> {
  const em = deps.em.fork();
  const instance = target.name ? await findConnector(em, target.name, { field: 'name' }) : null;
  const plugin = instance ? pluginOf(instance.kind) : pluginOf(target.kind ?? '', 'kind');
  const states = new Map<string, Record<string, unknown>>();
  const lastRuns = new Map<string, SyncRun>();
  if (instance) {
    const rows = await em.getConnection().execute<{ stream: string; state: Record<string, unknown> }[]>('select stream, state from ops.stream_state where connector_id = ?', [instance.id]);
    for (const r of rows) states.set(r.stream, r.state);
    const runs = await em.find(SyncRun, { connectorId: instance.id, leaseKey: '' }, { orderBy: { id: 'desc' }, limit: 200 });
    for (const r of runs) if (!lastRuns.has(r.stream)) lastRuns.set(r.stream, r);
  }
  return plugin.streams.map((s) => {
    const run = lastRuns.get(s.definition.name);
    return {
      name: s.definition.name,
      kind: s.definition.kind,
      description: s.definition.description,
      primaryKey: [...s.definition.primaryKey],
      cursorField: s.definition.cursorField,
      fullListing: s.fullListing === true,
      windowed: typeof s.readWindow === 'function',
      fields: Object.entries(s.spec.fields).map(([name, f]) => ({ name, presence: f.presence, description: f.format.description, personal: f.personal === true })),
      checkpoint: states.get(s.definition.name) ?? null,
      lastRun: run ? { runId: run.id, status: run.status, startedAt: run.startedAt, finishedAt: run.finishedAt } : null,
    };
  });
}

/** The stored connector row, for other services (not for display: its config is sealed, not redacted). */
export const loadConnector = (em: EntityManager, name: string, field = 'connector'): Promise<ConnectorInstance> => findConnector(em, name, { field });

export interface StreamHealth {
  stream: string;
  lastRunStatus: string | null;
  lastRunAt: Date | null;
  lastSuccessAt: Date | null;
  /** Hours since lastSuccessAt. */
  freshnessHours: number | null;
  openQuarantine: number;
}

/** Per stream of a connector: its latest run, its last success and how long ago, its open quarantine. */
export async function connectorHealth(deps: Pick<ControlDeps, 'em' | 'now'>, name: string): Promise<StreamHealth[]> {
  const em = deps.em.fork();
  const instance = await findConnector(em, name, { field: 'name' });
  const { rows } = await withPgClient(em, (client) =>
    client.query<{ stream: string; last_status: string | null; last_at: string | Date | null; success_at: string | Date | null; open_q: number }>(
      `select s.stream,
              (select status from ops.sync_run r where r.connector_id = $1 and r.stream = s.stream and r.lease_key = '' order by id desc limit 1) as last_status,
              (select started_at from ops.sync_run r where r.connector_id = $1 and r.stream = s.stream and r.lease_key = '' order by id desc limit 1) as last_at,
              (select max(finished_at) from ops.sync_run r where r.connector_id = $1 and r.stream = s.stream and r.status in ('succeeded', 'partial')) as success_at,
              (select count(*)::int from ops.quarantine q where q.connector_id = $1 and q.stream = s.stream and q.resolved_at is null) as open_q
         from unnest($2::text[]) with ordinality as s(stream, n) order by s.n`,
      [instance.id, pluginOf(instance.kind).streams.map((s) => s.definition.name)],
    ),
  );
  const now = nowOf(deps as ControlDeps).getTime();
  return rows.map((r) => {
    const success = r.success_at ? new Date(r.success_at) : null;
    return {
      stream: r.stream,
      lastRunStatus: r.last_status,
      lastRunAt: r.last_at ? new Date(r.last_at) : null,
      lastSuccessAt: success,
      freshnessHours: success ? Math.max(0, (now - success.getTime()) / 3_600_000) : null,
      openQuarantine: Number(r.open_q),
    };
  });
}
