import { FRESHNESS, RUNS } from '../api/queries';
import { RunsTable } from '../components/runs-table';
import { useQuery } from '../components/use-query';
import { CsvButton, ErrorBox, Loading, PageTitle, StatusBadge } from '../components/ui';
import { useApp } from '../context';
import { translateDynamic } from '../i18n';
import { href } from '../router';
import type { Connection, Freshness, Run } from '../types';

type Health = 'ok' | 'warn' | 'bad' | 'unknown';

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
  const { t, fmt } = useApp();
  const freshness = useQuery<{ dataFreshness: Freshness[] }>(FRESHNESS, {});
  const runs = useQuery<{ syncRuns: Connection<Run> }>(RUNS, { first: 15 }, { pollMs: 2000, keepPolling: (d) => d.syncRuns.edges.some((e) => e.node.status === 'RUNNING') });
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
            onClick={() => {
              freshness.reload();
              runs.reload();
            }}
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
          const health = healthOf(streams);
          const kind = streams[0]?.sourceSystem ?? '';
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
      <h2>{t('runs.title')}</h2>
      {runs.error ? <ErrorBox error={runs.error} /> : null}
      {runs.answer ? <RunsTable runs={runs.answer.data.syncRuns.edges.map((e) => e.node)} /> : <Loading />}
    </section>
  );
}
