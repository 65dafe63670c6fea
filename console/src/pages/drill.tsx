import { AGENCY, DRILL } from '../api/queries';
import { DossierTable } from '../components/dossier-table';
import { usePages } from '../components/use-pages';
import { useQuery } from '../components/use-query';
import { ErrorBox, LoadMore, PageTitle } from '../components/ui';
import { useApp } from '../context';
import { periodRange } from '../indicators';
import { href, useRoute } from '../router';
import type { Agency, Connection, DossierRow, IndicatorValue } from '../types';

type DrillAnswer = { indicators: (IndicatorValue & { dossiers: Connection<DossierRow> | null })[] };

/** "Explain this number": the dossiers behind one indicator value, all or split by the numerator. */
export function DrillPage() {
  const { t, fmt } = useApp();
  const { params } = useRoute();
  const code = params.get('code') ?? 'ON_TIME_RATE';
  const agencyCode = params.get('agency') ?? '';
  const day = params.get('day') ?? '';
  const period = params.get('period') === 'YEAR' ? 'YEAR' : 'MONTH';
  const side = params.get('side');
  const inNumerator = side === 'in' ? true : side === 'out' ? false : null;
  const { from, to } = periodRange(day, period);
  const agency = useQuery<{ agency: Agency | null }>(AGENCY, { code: agencyCode }, { skip: !agencyCode });
  const list = usePages<DossierRow, DrillAnswer>(DRILL, { codes: [code], from, to, period, agencyCode: agencyCode || null, inNumerator }, (d) => d.indicators[0]?.dossiers);
  const value = list.data?.indicators[0];
  const periodLabel = period === 'YEAR' ? day.slice(0, 4) : fmt.month(day);
  const tab = (s: string | null, label: string) => (
    <a class={`tab ${side === s ? 'active' : ''}`} href={href(['drill'], { code, agency: agencyCode, day, period, side: s })}>
      {label}
    </a>
  );
  return (
    <section>
      <p>
        <a href={href(['dashboard'], { agency: agencyCode, year: day.slice(0, 4) })}>{t('common.back')}</a>
      </p>
      <PageTitle>{t('drill.title', { indicator: t(`indicator.${code}` as Parameters<typeof t>[0]), agency: agency.answer?.data.agency?.name ?? agencyCode, period: periodLabel })}</PageTitle>
      {value ? (
        <p data-testid="drill-summary">
          {t('drill.summary', { value: fmt.percent(value.value), numerator: fmt.number(value.numerator), denominator: fmt.number(value.denominator) })}
        </p>
      ) : null}
      <div class="tabs">
        {tab(null, t('drill.all'))}
        {tab('in', t('drill.in'))}
        {tab('out', t('drill.out'))}
      </div>
      {list.error ? <ErrorBox error={list.error} /> : null}
      <p class="muted">{t('common.total', { count: fmt.number(list.total) })}</p>
      <DossierTable rows={list.rows} filename={`dossiers-${code}-${agencyCode}-${day}.csv`} />
      <LoadMore list={list} />
    </section>
  );
}
