import { useState } from 'preact/hooks';
import { ApiError, gql } from '../api/client';
import { CANCEL_RUN } from '../api/queries';
import { useApp } from '../context';
import { href } from '../router';
import type { ConnectorRun } from '../types';
import { Notice, Progress, StatusBadge } from './ui';

export const isActive = (status: string) => ['QUEUED', 'RUNNING', 'RETRYING', 'PENDING', 'WAITING'].includes(status.toUpperCase());

/**
 * Connector runs (one "sync now" or schedule tick each) with their live progress, each
 * stream's state and a link to its sync run; an active run can be cancelled.
 */
export function ConnectorRuns({ runs, onChange }: { runs: ConnectorRun[]; onChange: () => void }) {
  const { t, fmt } = useApp();
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const cancel = async (run: ConnectorRun) => {
    try {
      await gql(CANCEL_RUN, { runId: run.runId });
      setNotice({ kind: 'ok', text: t('runs.cancelled', { id: run.runId }) });
      onChange();
    } catch (error) {
      setNotice({ kind: 'error', text: t('common.error', { message: (error as ApiError).message }) });
    }
  };
  return (
    <>
      {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
      <table class="data" data-testid="connector-runs">
        <thead>
          <tr>
            <th>{t('runs.run')}</th>
            <th>{t('runs.connector')}</th>
            <th>{t('runs.status')}</th>
            <th>{t('runs.progress')}</th>
            <th>{t('runs.started')}</th>
            <th class="num">{t('runs.read')}</th>
            <th class="num">{t('runs.inserted')}</th>
            <th class="num">{t('runs.failed')}</th>
            <th>{t('connectors.streams')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.runId} data-connector-run={r.runId} data-status={r.status.toUpperCase()}>
              <td>
                #{r.runId} <span class="muted small">{r.trigger}</span>
              </td>
              <td>{r.connector}</td>
              <td>
                <StatusBadge status={r.status} />
              </td>
              <td>
                <Progress fraction={r.progress.fraction} />
                <div class="muted small">
                  {t('runs.streamsDone', { done: r.streamRuns.filter((s) => !isActive(s.status)).length, total: r.streamRuns.length })}
                  {r.progress.recordsPerSecond ? ` · ${fmt.number(Math.round(r.progress.recordsPerSecond))}/s` : ''}
                  {isActive(r.status) && r.progress.etaSeconds != null ? ` · ${t('runs.eta', { time: fmt.duration(r.progress.etaSeconds * 1000) })}` : ''}
                </div>
              </td>
              <td>{fmt.dateTime(r.startedAt ?? r.requestedAt)}</td>
              <td class="num">{fmt.number(r.progress.read)}</td>
              <td class="num">{fmt.number(r.progress.inserted)}</td>
              <td class="num">{fmt.number(r.progress.failed)}</td>
              <td class="small">
                {r.streamRuns.map((s) => (
                  <div key={s.stream}>
                    {s.syncRunId ? <a href={href(['runs', s.syncRunId])}>{s.stream}</a> : s.stream} <StatusBadge status={s.status} />
                    {s.errorMessage ? <span class="error-text"> {s.errorMessage}</span> : null}
                  </div>
                ))}
                {r.error ? <div class="error-text">{r.error.message}</div> : null}
              </td>
              <td>
                {isActive(r.status) && !r.cancelRequestedAt ? (
                  <button type="button" class="secondary" onClick={() => void cancel(r)}>
                    {t('runs.cancel')}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
