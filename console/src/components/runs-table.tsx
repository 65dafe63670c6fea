import { useApp } from '../context';
import { href } from '../router';
import type { Run } from '../types';
import { DataTable, Progress, StatusBadge } from './ui';

const durationOf = (r: Run) => (r.finishedAt ? new Date(r.finishedAt).getTime() : Date.now()) - new Date(r.startedAt).getTime();

/** The run timeline: newest first, a running run with its live counts and a progress bar. */
export function RunsTable({ runs, progress }: { runs: Run[]; progress?: (run: Run) => number | null }) {
  const { t, fmt } = useApp();
  const header = [t('runs.run'), t('runs.connector'), t('runs.stream'), t('runs.status'), t('runs.started'), t('runs.finished'), t('runs.read'), t('runs.inserted'), t('runs.updated'), t('runs.unchanged'), t('runs.failed'), t('runs.error')];
  return (
    <DataTable
      testId="runs-table"
      csv={{ filename: 'sync-runs.csv', header, rows: () => runs.map((r) => [r.runId, r.connectorName, r.stream, r.status, r.startedAt, r.finishedAt, r.readCount, r.insertedCount, r.updatedCount, r.unchangedCount, r.failedCount, r.errorMessage]) }}
      head={
        <>
          <th>{t('runs.run')}</th>
          <th>{t('runs.connector')}</th>
          <th>{t('runs.stream')}</th>
          <th>{t('runs.status')}</th>
          <th>{t('runs.started')}</th>
          <th>{t('runs.duration')}</th>
          <th class="num">{t('runs.read')}</th>
          <th class="num">{t('runs.inserted')}</th>
          <th class="num">{t('runs.updated')}</th>
          <th class="num">{t('runs.failed')}</th>
          <th>{t('runs.error')}</th>
        </>
      }
    >
      {runs.map((r) => (
        <tr key={r.id} data-run={r.runId} data-status={r.status}>
          <td>
            <a href={href(['runs', r.runId])}>#{r.runId}</a>
          </td>
          <td>{r.connectorName}</td>
          <td>{r.stream}</td>
          <td>
            <StatusBadge status={r.status} />
            {r.status === 'RUNNING' ? <Progress fraction={progress?.(r) ?? null} /> : null}
          </td>
          <td>{fmt.dateTime(r.startedAt)}</td>
          <td>{fmt.duration(durationOf(r))}</td>
          <td class="num">{fmt.number(r.readCount)}</td>
          <td class="num">{fmt.number(r.insertedCount)}</td>
          <td class="num">{fmt.number(r.updatedCount)}</td>
          <td class="num">{r.failedCount ? <a href={href(['quarantine'], { runId: r.runId })}>{fmt.number(r.failedCount)}</a> : '0'}</td>
          <td class="error-text">{r.errorMessage ?? ''}</td>
        </tr>
      ))}
    </DataTable>
  );
}
