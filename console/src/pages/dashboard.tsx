import { AGENCIES, AGENCY, INDICATORS } from '../api/queries';
import { AgencyTree } from '../components/agency-tree';
import { PercentChart } from '../components/chart';
import { useQuery } from '../components/use-query';
import { DataTable, ErrorBox, Loading, PageTitle } from '../components/ui';
import { useApp } from '../context';
import { COLORS, DASHBOARD_CODES, periodRange } from '../indicators';
import { href, navigate, useRoute } from '../router';
import type { Agency, Connection, IndicatorValue } from '../types';

const ROOT_LEVEL = 1;

/** The link to the dossiers behind one value. */
export const drillHref = (code: string, agency: string, day: string, period: 'MONTH' | 'YEAR') => href(['drill'], { code, agency, day, period });

/** On-time, online and online-payment rates per month and per unit, the agency tree, and a way down to the dossiers. */
export function DashboardPage() {
  const { t, fmt } = useApp();
  const { params } = useRoute();
  const thisYear = new Date().getFullYear();
  const year = Number(params.get('year') ?? thisYear);
  const roots = useQuery<{ agencies: Connection<Agency> }>(AGENCIES, { filter: { level: ROOT_LEVEL } });
  const root = roots.answer?.data.agencies.edges.map((e) => e.node).find((a) => !a.validTo) ?? null;
  const agencyCode = params.get('agency') ?? root?.code ?? null;
  const agency = useQuery<{ agency: Agency | null }>(AGENCY, { code: agencyCode }, { skip: !agencyCode });
  const children = useQuery<{ agencies: Connection<Agency> }>(AGENCIES, { filter: { parentCode: agencyCode } }, { skip: !agencyCode });
  const range = { from: `${year}-01-01`, to: `${year + 1}-01-01` };
  const monthly = useQuery<{ indicators: IndicatorValue[] }>(INDICATORS, { codes: DASHBOARD_CODES, ...range, period: 'MONTH', groupBy: 'NONE', agencyCode }, { skip: !agencyCode });
  const perAgency = useQuery<{ indicators: IndicatorValue[] }>(INDICATORS, { codes: DASHBOARD_CODES, ...range, period: 'YEAR', groupBy: 'AGENCY', agencyCode }, { skip: !agencyCode });

  const go = (next: { agency?: string; year?: number }) => navigate(href(['dashboard'], { agency: next.agency ?? agencyCode, year: next.year ?? year }));
  const name = agency.answer?.data.agency?.name ?? agencyCode ?? '';
  const label = (code: string) => t(`indicator.${code}` as Parameters<typeof t>[0]);
  /** A table heading: the row label's column, then one column per indicator. */
  const indicatorHead = (first: string) => (
    <>
      <th>{first}</th>
      {DASHBOARD_CODES.map((c) => (
        <th key={c} class="num">
          {label(c)}
        </th>
      ))}
    </>
  );

  // Months of the year as rows; one value per indicator.
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}-01`);
  const monthValues = new Map((monthly.answer?.data.indicators ?? []).map((v) => [`${v.indicator.code}|${v.period}`, v]));
  const units = (children.answer?.data.agencies.edges.map((e) => e.node) ?? []).filter((a) => !a.validTo);
  const unitValues = new Map((perAgency.answer?.data.indicators ?? []).map((v) => [`${v.indicator.code}|${v.groupKey}`, v]));
  const shownUnits = units.filter((u) => DASHBOARD_CODES.some((c) => unitValues.get(`${c}|${u.code}`)?.denominator));

  const valueCell = (v: IndicatorValue | undefined, code: string, agencyOf: string, day: string, period: 'MONTH' | 'YEAR') =>
    v && v.denominator ? (
      <a href={drillHref(code, agencyOf, day, period)} title={`${fmt.number(v.numerator)} / ${fmt.number(v.denominator)}`} data-drill={`${code}|${agencyOf}|${day}`}>
        {fmt.percent(v.value)}
      </a>
    ) : (
      <span class="muted">{fmt.percent(v?.value)}</span>
    );

  const monthCsv = () => months.flatMap((m) => DASHBOARD_CODES.map((c) => { const v = monthValues.get(`${c}|${m}`); return [agencyCode, m, c, v?.value, v?.numerator, v?.denominator]; }));
  const unitCsv = () => shownUnits.flatMap((u) => DASHBOARD_CODES.map((c) => { const v = unitValues.get(`${c}|${u.code}`); return [u.code, u.name, year, c, v?.value, v?.numerator, v?.denominator]; }));

  const error = roots.error ?? monthly.error ?? perAgency.error;
  return (
    <section class="dashboard">
      <PageTitle
        actions={
          <label class="inline">
            {t('dashboard.year')}{' '}
            <select value={year} onChange={(e) => go({ year: Number(e.currentTarget.value) })} data-testid="year">
              {[thisYear - 2, thisYear - 1, thisYear].map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>
        }
      >
        {t('dashboard.title')}
      </PageTitle>
      {error ? <ErrorBox error={error} /> : null}
      <div class="dashboard-grid">
        {root ? <AgencyTree root={root} selected={agencyCode ?? ''} onSelect={(a) => go({ agency: a.code })} /> : <Loading />}
        <div class="charts">
          <p class="muted">{t('dashboard.clickHint')}</p>
          <div class="card">
            <h2>{t('dashboard.byMonth', { agency: name })}</h2>
            {monthly.answer ? (
              <PercentChart
                type="line"
                testId="chart-monthly"
                labels={months.map(fmt.month)}
                series={DASHBOARD_CODES.map((c) => ({ label: label(c), color: COLORS[c], values: months.map((m) => monthValues.get(`${c}|${m}`)?.value ?? null) }))}
                onPick={(s, i) => navigate(drillHref(DASHBOARD_CODES[s]!, agencyCode!, months[i]!, 'MONTH'))}
              />
            ) : (
              <Loading />
            )}
            <DataTable
              testId="monthly-table"
              csv={{ filename: `indicators-${agencyCode}-${year}-monthly.csv`, header: ['agency', 'period', 'indicator', 'value', 'numerator', 'denominator'], rows: monthCsv }}
              head={indicatorHead(t('dashboard.month'))}
            >
              {months.map((m) => (
                <tr key={m}>
                  <td>{fmt.month(m)}</td>
                  {DASHBOARD_CODES.map((c) => (
                    <td key={c} class="num">
                      {valueCell(monthValues.get(`${c}|${m}`), c, agencyCode!, m, 'MONTH')}
                    </td>
                  ))}
                </tr>
              ))}
            </DataTable>
          </div>
          <div class="card">
            <h2>{t('dashboard.byAgency', { year })}</h2>
            {!perAgency.answer || !children.answer ? (
              <Loading />
            ) : shownUnits.length === 0 ? (
              <p class="muted">{t('dashboard.noChildren')}</p>
            ) : (
              <>
                <PercentChart
                  type="bar"
                  testId="chart-agencies"
                  labels={shownUnits.map((u) => u.shortCode ?? u.name)}
                  series={DASHBOARD_CODES.map((c) => ({ label: label(c), color: COLORS[c], values: shownUnits.map((u) => unitValues.get(`${c}|${u.code}`)?.value ?? null) }))}
                  onPick={(s, i) => navigate(drillHref(DASHBOARD_CODES[s]!, shownUnits[i]!.code, periodRange(`${year}-01-01`, 'YEAR').from, 'YEAR'))}
                />
                <DataTable
                  testId="units-table"
                  csv={{ filename: `indicators-${agencyCode}-${year}-units.csv`, header: ['agency', 'name', 'year', 'indicator', 'value', 'numerator', 'denominator'], rows: unitCsv }}
                  head={indicatorHead(t('dashboard.agency'))}
                >
                  {shownUnits.map((u) => (
                    <tr key={u.code}>
                      <td>
                        <button type="button" class="link" onClick={() => go({ agency: u.code })}>
                          {u.name}
                        </button>
                      </td>
                      {DASHBOARD_CODES.map((c) => (
                        <td key={c} class="num">
                          {valueCell(unitValues.get(`${c}|${u.code}`), c, u.code, `${year}-01-01`, 'YEAR')}
                        </td>
                      ))}
                    </tr>
                  ))}
                </DataTable>
              </>
            )}
          </div>
        </div>
      </div>
    </section>
  );
}
