import type { ComponentChildren } from 'preact';
import { useApp } from '../context';
import { href } from '../router';
import type { Quarantined } from '../types';
import { DataTable, headCells } from './ui';

/** Quarantined records with their reasons; `action` renders a per-row button (replay). */
export function QuarantineTable({ rows, action }: { rows: Quarantined[]; action?: (row: Quarantined) => ComponentChildren }) {
  const { t, fmt } = useApp();
  const header = [t('connectors.stream'), t('quarantine.key'), t('quarantine.reason'), t('quarantine.fields'), t('quarantine.seen'), t('quarantine.lastSeen'), t('runs.run'), t('quarantine.resolved')];
  return (
    <DataTable
      testId="quarantine-table"
      csv={{ filename: 'quarantine.csv', header, rows: () => rows.map((r) => [r.stream, r.sourceKey, r.reason, r.payloadFields.join(' '), r.timesSeen, r.lastSeenAt, r.lastRunId, r.resolvedAt]) }}
      head={
        <>
          {headCells(header)}
          {action ? <th>{t('connectors.actions')}</th> : null}
        </>
      }
    >
      {rows.map((r) => (
        <tr key={r.id} data-key={r.sourceKey ?? ''} data-open={r.resolvedAt ? 'false' : 'true'}>
          <td>{r.stream}</td>
          <td class="mono">{r.sourceKey ?? '–'}</td>
          <td class="reason">{r.reason}</td>
          <td class="mono small">{r.payloadFields.join(', ')}</td>
          <td class="num">{r.timesSeen}</td>
          <td>{fmt.dateTime(r.lastSeenAt)}</td>
          <td>
            <a href={href(['runs', r.lastRunId])}>#{r.lastRunId}</a>
          </td>
          <td>{r.resolvedAt ? `${fmt.dateTime(r.resolvedAt)} (#${r.resolvedRunId ?? '?'})` : '–'}</td>
          {action ? <td>{action(r)}</td> : null}
        </tr>
      ))}
    </DataTable>
  );
}
