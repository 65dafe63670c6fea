import { useState } from 'preact/hooks';
import { type ApiError, gql } from '../api/client';
import { CONNECTOR_RUNS, CONNECTORS, FRESHNESS, PAUSE_CONNECTOR, RESUME_CONNECTOR, RUNS, TEST_CONNECTOR, TRIGGER_SYNC } from '../api/queries';
import { ConnectorRuns, isActive } from '../components/connector-runs';
import { RunsTable } from '../components/runs-table';
import { useQuery } from '../components/use-query';
import { CsvButton, ErrorBox, Loading, Notice, PageTitle, StatusBadge } from '../components/ui';
import { useApp } from '../context';
import { translateDynamic } from '../i18n';
import { href } from '../router';
import type { Connection, ConnectorInfo, ConnectorRun, Freshness, Run } from '../types';

type Health = 'ok' | 'warn' | 'bad' | 'unknown' | 'paused';

/** A connector is as healthy as its worst stream: failed beats partial beats never run. */
function healthOf(streams: Freshness[]): Health {
  const statuses = streams.map((s) => s.lastRunStatus?.toUpperCase() ?? null);
  if (statuses.includes('FAILED')) return 'bad';
  if (statuses.some((s) => s === 'PARTIAL' || s === 'CANCELLED')) return 'warn';
  if (statuses.every((s) => s === null)) return 'unknown';
  return statuses.includes(null) ? 'warn' : 'ok';
}

const oldest = (values: (string | null)[]): string | null => values.reduce<string | null>((a, b) => (a === null || b === null ? null : a < b ? a : b), values[0] ?? null);

/** Connectors with the health and freshness of each stream, and the latest runs. */
export function ConnectorsPage() {
  const { t, fmt, can } = useApp();
  const freshness = useQuery<{ dataFreshness: Freshness[] }>(FRESHNESS, {});
  const runs = useQuery<{ syncRuns: Connection<Run> }>(RUNS, { first: 15 }, { pollMs: 2000, keepPolling: (d) => d.syncRuns.edges.some((e) => e.node.status === 'RUNNING') });
  // The control plane's view (schedule, paused) and its runs, when this API has them.
  const control = useQuery<{ connectors: ConnectorInfo[] | null }>(CONNECTORS, {});
  const connectorRuns = useQuery<{ connectorRuns: Connection<ConnectorRun> | null }>(CONNECTOR_RUNS, { first: 10 }, {
    skip: !control.answer,
    pollMs: 1500,
    keepPolling: (d) => d.connectorRuns?.edges.some((e) => isActive(e.node.status)) ?? false,
  });
  const infos = new Map((control.answer?.data.connectors ?? []).map((c) => [c.name, c]));
  const [notices, setNotices] = useState<Record<string, { kind: 'ok' | 'error' | 'info'; text: string }>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const refreshAll = () => {
    freshness.reload();
    runs.reload();
    control.reload();
    connectorRuns.reload();
  };
  /** Runs one operator action on a connector and says what came of it on its card. */
  const act = async (name: string, action: string, run: () => Promise<{ kind: 'ok' | 'error'; text: string }>) => {
    setBusy(`${name}:${action}`);
    try {
      const notice = await run();
      setNotices((n) => ({ ...n, [name]: notice }));
    } catch (error) {
      setNotices((n) => ({ ...n, [name]: { kind: 'error', text: t('common.error', { message: (error as ApiError).message }) } }));
    } finally {
      setBusy(null);
      refreshAll();
    }
  };
  const actions = (name: string, info: ConnectorInfo) => (
    <div class="connector-actions">
      <button
        type="button"
        class="secondary"
        disabled={busy !== null}
        data-action="test"
        onClick={() =>
          void act(name, 'test', async () => {
            const c = (await gql<{ testConnector: { ok: boolean; reason: string | null } }>(TEST_CONNECTOR, { name })).data.testConnector;
            return c.ok ? { kind: 'ok', text: t('connectors.testOk', { name }) } : { kind: 'error', text: t('connectors.testFailed', { name, message: c.reason ?? '' }) };
          })
        }
      >
        {busy === `${name}:test` ? t('common.working') : t('connectors.test')}
      </button>
      <button
        type="button"
        disabled={busy !== null || info.paused}
        data-action="sync"
        onClick={() =>
          void act(name, 'sync', async () => {
            const r = (await gql<{ triggerSync: ConnectorRun }>(TRIGGER_SYNC, { connector: name })).data.triggerSync;
            return { kind: 'ok', text: t('connectors.queued', { count: r.streams.length, id: r.runId }) };
          })
        }
      >
        {t('connectors.sync')}
      </button>
      {info.paused ? (
        <button type="button" class="secondary" disabled={busy !== null} data-action="resume" onClick={() => void act(name, 'resume', async () => (await gql(RESUME_CONNECTOR, { name }), { kind: 'ok', text: t('connectors.resumed', { name }) }))}>
          {t('connectors.resume')}
        </button>
      ) : (
        <button type="button" class="secondary" disabled={busy !== null} data-action="pause" onClick={() => void act(name, 'pause', async () => (await gql(PAUSE_CONNECTOR, { name }), { kind: 'ok', text: t('connectors.paused', { name }) }))}>
          {t('connectors.pause')}
        </button>
      )}
    </div>
  );
  const rows = freshness.answer?.data.dataFreshness ?? [];
  const byConnector = new Map<string, Freshness[]>();
  for (const r of rows) byConnector.set(r.connectorName, [...(byConnector.get(r.connectorName) ?? []), r]);
  const header = [t('connectors.name'), t('connectors.kind'), t('connectors.stream'), t('connectors.lastStatus'), t('connectors.lastSuccess'), t('connectors.newest')];

  return (
    <section>
      <PageTitle
        actions={
          <button
            type="button"
            class="secondary"
            onClick={refreshAll}
          >
            {t('common.refresh')}
          </button>
        }
      >
        {t('connectors.title')}
      </PageTitle>
      {freshness.error ? <ErrorBox error={freshness.error} /> : null}
      {!freshness.answer && freshness.loading ? <Loading /> : null}
      <div class="cards">
        {[...byConnector].map(([name, streams]) => {
          const info = infos.get(name);
          const health: Health = info?.paused ? 'paused' : healthOf(streams);
          const kind = info?.kind ?? streams[0]?.sourceSystem ?? '';
          const notice = notices[name];
          return (
            <article class={`card connector health-${health}`} key={name} data-connector={name}>
              <header>
                <h2>{name}</h2>
                <span class={`badge health-${health}`}>{t(`health.${health}`)}</span>
              </header>
              <p class="muted">{translateDynamic(t, `connectors.kind.${kind}`, kind)}</p>
              <p>
                {t('connectors.freshness')}: <strong>{fmt.dateTime(oldest(streams.map((s) => s.lastSuccessAt)))}</strong>
              </p>
              {info ? (
                <p data-testid="schedule">
                  {t('connectors.schedule')}:{' '}
                  {info.schedule ? (
                    <>
                      <span class="mono">{info.schedule.cron}</span> ({info.schedule.timeZone}) · {t('connectors.nextRun', { at: fmt.dateTime(info.schedule.nextFireTimes[0]) })}
                    </>
                  ) : (
                    t('connectors.noSchedule')
                  )}
                </p>
              ) : null}
              {info && can('ops:write') ? actions(name, info) : null}
              {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
              <table class="data compact">
                <thead>
                  <tr>
                    <th>{t('connectors.stream')}</th>
                    <th>{t('connectors.lastStatus')}</th>
                    <th>{t('connectors.lastSuccess')}</th>
                    <th>{t('connectors.newest')}</th>
                  </tr>
                </thead>
                <tbody>
                  {streams.map((s) => (
                    <tr key={s.stream} data-stream={s.stream}>
                      <td>{s.stream}</td>
                      <td>
                        <StatusBadge status={s.lastRunStatus} />
                      </td>
                      <td>{fmt.dateTime(s.lastSuccessAt)}</td>
                      <td>{fmt.dateTime(s.newestRecordAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p>
                <a href={href(['runs'], { connector: name })}>{t('nav.runs')} →</a>
              </p>
            </article>
          );
        })}
      </div>
      {rows.length ? (
        <div class="table-tools">
          <CsvButton filename="freshness.csv" header={header} rows={() => rows.map((r) => [r.connectorName, r.sourceSystem, r.stream, r.lastRunStatus, r.lastSuccessAt, r.newestRecordAt])} />
        </div>
      ) : null}
      {connectorRuns.answer?.data.connectorRuns ? (
        <>
          <h2>{t('runs.connectorRuns')}</h2>
          <ConnectorRuns runs={connectorRuns.answer.data.connectorRuns.edges.map((e) => e.node)} onChange={refreshAll} />
        </>
      ) : null}
      <h2>{t('runs.streamRuns')}</h2>
      {runs.error ? <ErrorBox error={runs.error} /> : null}
      {runs.answer ? <RunsTable runs={runs.answer.data.syncRuns.edges.map((e) => e.node)} /> : <Loading />}
    </section>
  );
}
