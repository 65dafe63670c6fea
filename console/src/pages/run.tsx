import { runNodeId } from '../api/client';
import { QUARANTINE, RUN } from '../api/queries';
import { QuarantineTable } from '../components/quarantine-table';
import { useQuery } from '../components/use-query';
import { ErrorBox, Loading, PageTitle, Progress, StatusBadge } from '../components/ui';
import { useApp } from '../context';
import type { Connection, Quarantined, Run } from '../types';

/** One run: its counts, checkpoints, error, and the records it quarantined; polled while it runs. */
export function RunPage({ id }: { id: string }) {
  const { t, fmt } = useApp();
  const q = useQuery<{ node: Run | null }>(RUN, { id: runNodeId(id) }, { pollMs: 2000, keepPolling: (d) => d.node?.status === 'RUNNING' });
  const run = q.answer?.data.node ?? null;
  const quarantined = useQuery<{ quarantine: Connection<Quarantined> }>(QUARANTINE, { first: 100, filter: { runId: run?.runId } }, { skip: !run || run.failedCount === 0 });
  if (q.error) return <ErrorBox error={q.error} />;
  if (!run) return q.loading ? <Loading /> : <p>{t('common.none')}</p>;
  const counts: [string, number][] = [
    [t('runs.read'), run.readCount],
    [t('runs.inserted'), run.insertedCount],
    [t('runs.updated'), run.updatedCount],
    [t('runs.unchanged'), run.unchangedCount],
    [t('runs.failed'), run.failedCount],
    [t('runs.gone'), run.goneCount],
  ];
  return (
    <section>
      <p>
        <a href="#/runs">{t('common.back')}</a>
      </p>
      <PageTitle>{t('runs.detail', { id: run.runId })}</PageTitle>
      <dl class="facts">
        <dt>{t('runs.connector')}</dt>
        <dd>{run.connectorName}</dd>
        <dt>{t('runs.stream')}</dt>
        <dd>{run.stream}</dd>
        <dt>{t('runs.status')}</dt>
        <dd data-testid="run-status">
          <StatusBadge status={run.status} /> {run.status === 'RUNNING' ? <Progress fraction={null} /> : null}
        </dd>
        <dt>{t('runs.started')}</dt>
        <dd>{fmt.dateTime(run.startedAt)}</dd>
        <dt>{t('runs.finished')}</dt>
        <dd>{fmt.dateTime(run.finishedAt)}</dd>
        <dt>{t('runs.duration')}</dt>
        <dd>{fmt.duration((run.finishedAt ? new Date(run.finishedAt).getTime() : Date.now()) - new Date(run.startedAt).getTime())}</dd>
        <dt>{t('runs.attempt')}</dt>
        <dd>{run.attempt}</dd>
        <dt>{t('runs.job')}</dt>
        <dd class="mono">{run.jobId ?? '–'}</dd>
        <dt>{t('runs.cursorBefore')}</dt>
        <dd class="mono small">{run.cursorBefore ?? '–'}</dd>
        <dt>{t('runs.cursorAfter')}</dt>
        <dd class="mono small">{run.cursorAfter ?? '–'}</dd>
      </dl>
      <div class="counts">
        {counts.map(([label, n]) => (
          <div class="count card" key={label}>
            <div class="big">{fmt.number(n)}</div>
            <div class="muted">{label}</div>
          </div>
        ))}
      </div>
      {run.errorMessage ? (
        <div class="card error-card">
          <h2>{t('runs.error')}</h2>
          <p class="muted">
            {t('runs.errorClass')}: {run.errorClass ?? '–'}
          </p>
          <pre>{run.errorMessage}</pre>
        </div>
      ) : null}
      {run.failedCount > 0 ? (
        <>
          <h2>{t('runs.quarantined')}</h2>
          {quarantined.error ? <ErrorBox error={quarantined.error} /> : null}
          {quarantined.answer ? <QuarantineTable rows={quarantined.answer.data.quarantine.edges.map((e) => e.node)} /> : <Loading />}
        </>
      ) : null}
    </section>
  );
}
