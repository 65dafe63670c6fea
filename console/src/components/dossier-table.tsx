import { useApp } from '../context';
import { translateDynamic } from '../i18n';
import { href } from '../router';
import type { DossierRow } from '../types';
import { DataTable, headCells } from './ui';

/** A list of dossiers, each leading to its detail and sources; CSV of the rows loaded. */
export function DossierTable({ rows, filename }: { rows: DossierRow[]; filename: string }) {
  const { t, fmt } = useApp();
  const header = [t('dossiers.code'), t('dossiers.procedure'), t('dossiers.agency'), t('dossiers.status'), t('dossiers.channel'), t('dossiers.received'), t('dossiers.due'), t('dossiers.finished'), t('dossiers.origin')];
  return (
    <DataTable
      testId="dossier-table"
      head={headCells(header)}
      csv={{ filename, header, rows: () => rows.map((d) => [d.code, d.procedureName, d.agencyName ?? d.agencyCode, d.status, d.channel, d.receivedAt, d.dueAt, d.finishedAt, d.origin]) }}
    >
      {rows.map((d) => (
        <tr key={d.code}>
          <td class="mono">
            <a href={href(['dossiers', d.code])}>{d.code}</a>
          </td>
          <td>{d.procedureName ?? '–'}</td>
          <td>{d.agencyName ?? d.agencyCode}</td>
          <td>{translateDynamic(t, `dossierStatus.${d.status}`, d.status)}</td>
          <td>{translateDynamic(t, `channel.${d.channel}`, d.channel)}</td>
          <td>{fmt.dateTime(d.receivedAt)}</td>
          <td>{fmt.dateTime(d.dueAt)}</td>
          <td>{fmt.dateTime(d.finishedAt)}</td>
          <td>{d.origin}</td>
        </tr>
      ))}
    </DataTable>
  );
}
