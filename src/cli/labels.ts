import { type MessageKey, t } from '../i18n';

const STATUSES = ['queued', 'running', 'retrying', 'succeeded', 'partial', 'failed', 'cancelled'] as const;

/** A run or stream status in the CLI's language (an unknown one as it is). */
export function statusText(status: string): string {
  return (STATUSES as readonly string[]).includes(status) ? t(`status.${status}` as MessageKey) : status;
}

/** `1 h 02 min`, `3 min 05 s`, `12 s`. */
export function duration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${s} s`;
}
