import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api/client';
import { useApp } from '../context';
import { type Cell, downloadCsv } from '../csv';
import { translateDynamic } from '../i18n';

export function Loading() {
  const { t } = useApp();
  return <p class="muted" role="status">{t('common.loading')}</p>;
}

export function ErrorBox({ error }: { error: ApiError }) {
  const { t, viewer } = useApp();
  const text = error.code === 'FORBIDDEN' ? t('common.forbidden', { role: viewer.role }) : t('common.error', { message: error.message });
  return <p class="error" role="alert">{text}</p>;
}

export function Notice({ kind, children }: { kind: 'ok' | 'error' | 'info'; children: ComponentChildren }) {
  return <p class={`notice ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>{children}</p>;
}

/** A run or stream status as a coloured badge. */
export function StatusBadge({ status }: { status: string | null | undefined }) {
  const { t } = useApp();
  if (!status) return <span class="badge unknown">{t('health.unknown')}</span>;
  const s = status.toUpperCase();
  return <span class={`badge status-${s.toLowerCase()}`}>{translateDynamic(t, `status.${s}`, s)}</span>;
}

/** A progress bar; `fraction` null shows an indeterminate bar. */
export function Progress({ fraction, label }: { fraction: number | null; label?: string }) {
  const pct = fraction == null ? null : Math.round(Math.max(0, Math.min(1, fraction)) * 100);
  return (
    <span class="progress" title={label}>
      <progress max={100} value={pct ?? undefined} />
      {pct != null ? ` ${pct} %` : ''}
    </span>
  );
}

export function CsvButton({ filename, header, rows }: { filename: string; header: string[]; rows: () => Cell[][] }) {
  const { t } = useApp();
  return (
    <button type="button" class="secondary csv" onClick={() => downloadCsv(filename, header, rows())}>
      {t('common.csv')}
    </button>
  );
}

export function PageTitle({ children, actions }: { children: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <div class="page-title">
      <h1>{children}</h1>
      {actions ? <div class="actions">{actions}</div> : null}
    </div>
  );
}

type CsvSource = { filename: string; header: string[]; rows: () => Cell[][] };

/** A data table with its CSV download above it; `head` is the heading row's cells. */
export function DataTable({ testId, csv, head, children }: { testId?: string; csv: CsvSource; head: ComponentChildren; children: ComponentChildren }) {
  return (
    <>
      <div class="table-tools">
        <CsvButton {...csv} />
      </div>
      <table class="data" data-testid={testId}>
        <thead>
          <tr>{head}</tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </>
  );
}

/** Heading cells for plain text headings. */
export const headCells = (labels: string[]) => labels.map((h) => <th key={h}>{h}</th>);

/** The foot of a paged list: "loading" while a page comes, else a button for the next page if there is one. */
export function LoadMore({ list }: { list: { loading: boolean; hasMore: boolean; loadMore: () => void } }) {
  const { t } = useApp();
  if (list.loading) return <Loading />;
  return list.hasMore ? (
    <button type="button" class="secondary" onClick={list.loadMore}>
      {t('common.more')}
    </button>
  ) : null;
}
