/** The three indicators the dashboard charts, with their colours. */
export const DASHBOARD_CODES = ['ON_TIME_RATE', 'ONLINE_RATE', 'ONLINE_PAYMENT_RATE'] as const;
export type DashboardCode = (typeof DASHBOARD_CODES)[number];
export const COLORS: Record<DashboardCode, string> = { ON_TIME_RATE: '#1f6f43', ONLINE_RATE: '#1f5fa8', ONLINE_PAYMENT_RATE: '#c2571a' };

/** [from, to) of a period that starts on `day` (yyyy-MM-dd). */
export function periodRange(day: string, period: 'MONTH' | 'YEAR'): { from: string; to: string } {
  const [y, m] = day.split('-').map(Number) as [number, number];
  if (period === 'YEAR') return { from: `${y}-01-01`, to: `${y + 1}-01-01` };
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return { from: `${y}-${String(m).padStart(2, '0')}-01`, to: next };
}
