import { useState } from 'preact/hooks';
import { CONNECTOR_RUNS, RUNS } from '../api/queries';
import { ConnectorRuns, isActive } from '../components/connector-runs';
import { RunsTable } from '../components/runs-table';
import { useQuery } from '../components/use-query';
import { ErrorBox, Loading, PageTitle } from '../components/ui';
import { useApp } from '../context';
import { useRoute } from '../router';
import type { Connection, ConnectorRun, Run } from '../types';

const POLL_MS = 2000;

/** The sync timeline, polled every 2 s while a run is in progress. */
export function RunsPage() {
  const { t } = useApp();
  const { params } = useRoute();
  const [connector, setConnector] = useState(params.get('connector') ?? '');
  const filter = connector ? { connectorName: connector } : null;
  const q = useQuery<{ syncRuns: Connection<Run> }>(RUNS, { first: 50, filter }, { pollMs: POLL_MS, keepPolling: (d) => d.syncRuns.edges.some((e) => e.node.status === 'RUNNING') });
  const runs = q.answer?.data.syncRuns.edges.map((e) => e.node) ?? [];
  // Connector runs (one per "sync now" or schedule tick) with their progress, when this API has them.
  const grouped = useQuery<{ connectorRuns: Connection<ConnectorRun> | null }>(CONNECTOR_RUNS, { first: 10, connector: connector || null }, {
    pollMs: POLL_MS,
    keepPolling: (d) => d.connectorRuns?.edges.some((e) => isActive(e.node.status)) ?? false,
  });
  const reload = () => {
    q.reload();
    grouped.reload();
  };
  return (
    <section>
      <PageTitle
        actions={
          <button type="button" class="secondary" onClick={reload}>
            {t('common.refresh')}
          </button>
        }
      >
        {t('runs.title')}
      </PageTitle>
      <p class="muted">{t('runs.live')}</p>
      <label class="inline">
        {t('runs.filterConnector')}{' '}
        <input value={connector} onChange={(e) => setConnector(e.currentTarget.value.trim())} placeholder="mcdt-demo" />
      </label>
      {grouped.answer?.data.connectorRuns ? (
        <>
          <h2>{t('runs.connectorRuns')}</h2>
          <ConnectorRuns runs={grouped.answer.data.connectorRuns.edges.map((e) => e.node)} onChange={reload} />
          <h2>{t('runs.streamRuns')}</h2>
        </>
      ) : null}
      {q.error ? <ErrorBox error={q.error} /> : null}
      {!q.answer && q.loading ? <Loading /> : <RunsTable runs={runs} />}
    </section>
  );
}
