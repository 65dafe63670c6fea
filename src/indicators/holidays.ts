/**
 * Vietnam's public holidays on which state agencies do not work, for counting working
 * days (domain.md C2: legal processing time in `ngay-lam-viec`). Weekends (Saturday,
 * Sunday) are never working days and are not listed.
 *
 * Source: Labour Code 45/2019/QH14, Article 112 (New Year 1 Jan; Tết 5 days; Hùng Kings'
 * Day 10/3 lunar; 30 April; 1 May; National Day 2 September and one day next to it; a
 * holiday on a weekend is taken on the next working day), with the Tết and National Day
 * days fixed each year by the government's notice for civil servants. Swapped working
 * Saturdays (làm bù) are not modelled: they move a day, not the number of days off.
 * Add each new year when its notice is published.
 */
export const PUBLIC_HOLIDAYS: readonly string[] = [
  // 2024: Tết Giáp Thìn 8–14 Feb; Hùng Kings 18 Apr; National Day 2–3 Sep.
  '2024-01-01', '2024-02-08', '2024-02-09', '2024-02-12', '2024-02-13', '2024-02-14', '2024-04-18', '2024-04-30', '2024-05-01', '2024-09-02', '2024-09-03',
  // 2025: Tết Ất Tỵ 25 Jan–2 Feb; Hùng Kings 7 Apr; National Day 1–2 Sep.
  '2025-01-01', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-04-07', '2025-04-30', '2025-05-01', '2025-09-01', '2025-09-02',
  // 2026: Tết Bính Ngọ 14–22 Feb; Hùng Kings 26 Apr (a Sunday) taken on 27 Apr; National Day 2 Sep (the day next to it is set by the notice).
  '2026-01-01', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-04-27', '2026-04-30', '2026-05-01', '2026-09-02',
];

/** The holidays as a SQL `date[]` literal (fixed data, no user input). */
export const PUBLIC_HOLIDAYS_SQL = `'{${PUBLIC_HOLIDAYS.join(',')}}'::date[]`;
