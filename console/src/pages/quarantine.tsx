import { useState } from 'preact/hooks';
import { QUARANTINE } from '../api/queries';
import { QuarantineTable } from '../components/quarantine-table';
import { useQuery } from '../components/use-query';
import { ErrorBox, Loading, PageTitle } from '../components/ui';
import { useApp } from '../context';
import { useRoute } from '../router';
import type { Connection, Quarantined } from '../types';

/** The quarantine: open entries first; each can be replayed. */
export function QuarantinePage() {
  const { t } = useApp();
  const { params } = useRoute();
  const [open, setOpen] = useState<boolean | null>(true);
  const runId = params.get('runId');
  const filter = { open, ...(runId ? { runId: Number(runId) } : {}) };
  const q = useQuery<{ quarantine: Connection<Quarantined> }>(QUARANTINE, { first: 100, filter });
  const rows = q.answer?.data.quarantine.edges.map((e) => e.node) ?? [];
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
      {!q.answer && q.loading ? <Loading /> : <QuarantineTable rows={rows} />}
    </section>
  );
}
