import { useState } from 'preact/hooks';
import { type ApiError, gql } from '../api/client';
import { QUARANTINE, REPLAY_QUARANTINED } from '../api/queries';
import { QuarantineTable } from '../components/quarantine-table';
import { useQuery } from '../components/use-query';
import { ErrorBox, Loading, Notice, PageTitle } from '../components/ui';
import { useApp } from '../context';
import { useRoute } from '../router';
import type { Connection, Quarantined } from '../types';

interface Replay {
  considered: number;
  resolved: number[];
  stillFailing: { id: number; reason: string }[];
  skipped: { id: number; reason: string }[];
  runIds: number[];
}

/** The quarantine: open entries first; each can be replayed. */
export function QuarantinePage() {
  const { t, can } = useApp();
  const { params } = useRoute();
  const [open, setOpen] = useState<boolean | null>(true);
  const runId = params.get('runId');
  const filter = { open, ...(runId ? { runId: Number(runId) } : {}) };
  const q = useQuery<{ quarantine: Connection<Quarantined> }>(QUARANTINE, { first: 100, filter });
  const rows = q.answer?.data.quarantine.edges.map((e) => e.node) ?? [];
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  /** Re-maps one entry's stored payload with today's mapping (replayQuarantined), and says what came of it. */
  const replay = async (row: Quarantined) => {
    setBusy(row.id);
    try {
      const r = (await gql<{ replayQuarantined: Replay }>(REPLAY_QUARANTINED, { ids: [Number(row.id)] })).data.replayQuarantined;
      const outcome = r.resolved.length
        ? t('quarantine.outcome.resolved')
        : r.stillFailing.length
          ? t('quarantine.outcome.failing', { reason: r.stillFailing.map((f) => f.reason).join('; ') })
          : t('quarantine.outcome.skipped', { reason: r.skipped.map((f) => f.reason).join('; ') });
      setNotice({ kind: r.resolved.length ? 'ok' : 'error', text: t('quarantine.replayed', { key: row.sourceKey ?? row.id, outcome }) });
    } catch (error) {
      setNotice({ kind: 'error', text: t('common.error', { message: (error as ApiError).message }) });
    } finally {
      setBusy(null);
      q.reload();
    }
  };
  return (
    <section>
      <PageTitle>{t('quarantine.title')}</PageTitle>
      <div class="filters">
        {([
          [true, t('quarantine.open')],
          [false, t('quarantine.closed')],
          [null, t('common.all')],
        ] as const).map(([value, label]) => (
          <label key={String(value)} class="inline">
            <input type="radio" name="open" checked={open === value} onChange={() => setOpen(value)} /> {label}
          </label>
        ))}
        {q.answer ? <span class="muted">{t('common.total', { count: q.answer.data.quarantine.totalCount })}</span> : null}
      </div>
      {q.error ? <ErrorBox error={q.error} /> : null}
      {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
      {!q.answer && q.loading ? (
        <Loading />
      ) : (
        <QuarantineTable
          rows={rows}
          action={
            can('ops:write')
              ? (row) =>
                  row.resolvedAt ? null : (
                    <button type="button" class="secondary" disabled={busy !== null} data-action="replay" onClick={() => void replay(row)}>
                      {busy === row.id ? t('common.working') : t('quarantine.replay')}
                    </button>
                  )
              : undefined
          }
        />
      )}
    </section>
  );
}
