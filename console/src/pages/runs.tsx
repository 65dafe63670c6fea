import { useState } from 'preact/hooks';
import { RUNS } from '../api/queries';
import { RunsTable } from '../components/runs-table';
import { useQuery } from '../components/use-query';
import { ErrorBox, Loading, PageTitle } from '../components/ui';
import { useApp } from '../context';
import { useRoute } from '../router';
import type { Connection, Run } from '../types';

const POLL_MS = 2000;

/** The sync timeline, polled every 2 s while a run is in progress. */
export function RunsPage() {
  const { t } = useApp();
  const { params } = useRoute();
  const [connector, setConnector] = useState(params.get('connector') ?? '');
  const filter = connector ? { connectorName: connector } : null;
  const q = useQuery<{ syncRuns: Connection<Run> }>(RUNS, { first: 50, filter }, { pollMs: POLL_MS, keepPolling: (d) => d.syncRuns.edges.some((e) => e.node.status === 'RUNNING') });
  const runs = q.answer?.data.syncRuns.edges.map((e) => e.node) ?? [];
  return (
    <section>
      <PageTitle
        actions={
          <button type="button" class="secondary" onClick={q.reload}>
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
      {q.error ? <ErrorBox error={q.error} /> : null}
      {!q.answer && q.loading ? <Loading /> : <RunsTable runs={runs} />}
    </section>
  );
}
