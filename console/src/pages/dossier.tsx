import { Fragment } from 'preact';
import { fieldError } from '../api/client';
import { DOSSIER, DOSSIER_SOURCES } from '../api/queries';
import { useQuery } from '../components/use-query';
import { ErrorBox, Loading, Notice, PageTitle } from '../components/ui';
import { useApp } from '../context';
import { translateDynamic } from '../i18n';
import { href } from '../router';
import type { DossierRow } from '../types';

interface Dossier extends DossierRow {
  otherCode: string | null;
  procedureCode: string;
  nationalProcedureCode: string | null;
  fieldName: string | null;
  submittedAt: string | null;
  returnedAt: string | null;
  sourceUpdatedAt: string;
  onlinePayment: number | null;
  summary: string | null;
  applicant: Record<'type' | 'name' | 'idNumber' | 'phone' | 'email' | 'address', string | null>;
  events: { seq: number; occurredAt: string | null; status: number | null; content: string | null; department: string | null }[];
  payments: { sourceSystem: string; method: string; amount: number | null; paidAt: string | null; succeeded: boolean; status: string }[];
}

interface Lineage {
  links: { sourceSystem: string; sourceKey: string; rule: string; runId: number | null; linkedAt: string }[] | null;
  fieldSources: { field: string; sourceSystem: string; sourceKey: string; runId: number | null }[] | null;
  sources: {
    id: string;
    sourceSystem: string;
    stream: string;
    sourceKey: string;
    version: number;
    firstSeenAt: string;
    changedAt: string;
    goneAt: string | null;
    flags: string[];
    versions: { version: number; runId: number; receivedAt: string; changedFields: string[]; flags: string[] }[];
  }[] | null;
}

const runLink = (runId: number | null | undefined) => (runId == null ? '–' : <a href={href(['runs', runId])}>#{runId}</a>);

/** One dossier: what it says, and (for auditors) which source records and runs said it. */
export function DossierPage({ code }: { code: string }) {
  const { t, fmt } = useApp();
  const q = useQuery<{ dossier: Dossier | null }>(DOSSIER, { code });
  const lineage = useQuery<{ dossier: Lineage | null }>(DOSSIER_SOURCES, { code });
  if (q.error) return <ErrorBox error={q.error} />;
  if (!q.answer) return <Loading />;
  const d = q.answer.data.dossier;
  if (!d) return <p>{t('dossiers.notFound', { code })}</p>;
  const sourcesDenied = lineage.error?.code === 'FORBIDDEN' || (lineage.answer && fieldError(lineage.answer, 'dossier')?.extensions?.code === 'FORBIDDEN');
  const l = lineage.answer?.data.dossier;
  const facts: [string, string][] = [
    [t('dossiers.procedure'), `${d.procedureName ?? '–'} (${d.nationalProcedureCode ?? d.procedureCode})`],
    [t('dossiers.agency'), d.agencyName ?? d.agencyCode],
    [t('dossiers.status'), translateDynamic(t, `dossierStatus.${d.status}`, d.status)],
    [t('dossiers.channel'), translateDynamic(t, `channel.${d.channel}`, d.channel)],
    [t('dossiers.received'), fmt.dateTime(d.receivedAt)],
    [t('dossiers.due'), fmt.dateTime(d.dueAt)],
    [t('dossiers.finished'), fmt.dateTime(d.finishedAt)],
    [t('dossiers.origin'), d.origin],
    [t('dossiers.applicant'), [d.applicant.name, d.applicant.idNumber, d.applicant.address].filter(Boolean).join(' · ') || '–'],
  ];
  return (
    <section>
      <p>
        <a href={href(['dossiers'])} onClick={(e) => { e.preventDefault(); history.back(); }}>
          {t('common.back')}
        </a>
      </p>
      <PageTitle>{t('dossiers.detail', { code: d.code })}</PageTitle>
      {d.summary ? <p>{d.summary}</p> : null}
      <dl class="facts">
        {facts.map(([k, v]) => (
          <Fragment key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </Fragment>
        ))}
      </dl>

      <h2>{t('dossiers.sources')}</h2>
      <div data-testid="dossier-sources">
        {sourcesDenied ? <Notice kind="info">{t('dossiers.sourcesForbidden')}</Notice> : null}
        {lineage.error && !sourcesDenied ? <ErrorBox error={lineage.error} /> : null}
        {!lineage.answer && lineage.loading ? <Loading /> : null}
        {l?.sources ? (
          <table class="data">
            <thead>
              <tr>
                <th>{t('dossiers.system')}</th>
                <th>{t('connectors.stream')}</th>
                <th>{t('dossiers.sourceKey')}</th>
                <th>{t('dossiers.version')}</th>
                <th>{t('dossiers.received.at')}</th>
                <th>{t('runs.run')}</th>
                <th>{t('dossiers.changedFields')}</th>
                <th>{t('dossiers.flags')}</th>
              </tr>
            </thead>
            <tbody>
              {l.sources.flatMap((s) =>
                s.versions.map((v) => (
                  <tr key={`${s.id}-${v.version}`} data-source={`${s.sourceSystem}/${s.stream}`}>
                    <td>{s.sourceSystem}</td>
                    <td>{s.stream}</td>
                    <td class="mono">{s.sourceKey}</td>
                    <td class="num">{v.version}</td>
                    <td>{fmt.dateTime(v.receivedAt)}</td>
                    <td>{runLink(v.runId)}</td>
                    <td class="small">{v.changedFields.join(', ') || '–'}</td>
                    <td class="small">{[...v.flags, ...(s.goneAt ? ['gone'] : [])].join(', ') || '–'}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        ) : null}
        {l?.links?.length ? (
          <>
            <h3>{t('dossiers.links')}</h3>
            <table class="data compact">
              <thead>
                <tr>
                  <th>{t('dossiers.system')}</th>
                  <th>{t('dossiers.sourceKey')}</th>
                  <th>{t('dossiers.rule')}</th>
                  <th>{t('runs.run')}</th>
                </tr>
              </thead>
              <tbody>
                {l.links.map((k) => (
                  <tr key={`${k.sourceSystem}-${k.sourceKey}`}>
                    <td>{k.sourceSystem}</td>
                    <td class="mono">{k.sourceKey}</td>
                    <td>{k.rule}</td>
                    <td>{runLink(k.runId)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : null}
        {l?.fieldSources?.length ? (
          <>
            <h3>{t('dossiers.fieldSources')}</h3>
            <table class="data compact">
              <thead>
                <tr>
                  <th>{t('dossiers.field')}</th>
                  <th>{t('dossiers.system')}</th>
                  <th>{t('dossiers.sourceKey')}</th>
                  <th>{t('runs.run')}</th>
                </tr>
              </thead>
              <tbody>
                {l.fieldSources.map((f) => (
                  <tr key={f.field}>
                    <td>{f.field}</td>
                    <td>{f.sourceSystem}</td>
                    <td class="mono">{f.sourceKey}</td>
                    <td>{runLink(f.runId)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : null}
      </div>

      <h2>{t('dossiers.events')}</h2>
      <table class="data compact">
        <tbody>
          {d.events.map((e) => (
            <tr key={e.seq}>
              <td>{fmt.dateTime(e.occurredAt)}</td>
              <td>{e.department ?? ''}</td>
              <td>{e.content ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {d.payments.length ? (
        <>
          <h2>{t('dossiers.payments')}</h2>
          <table class="data compact">
            <tbody>
              {d.payments.map((p, i) => (
                <tr key={i}>
                  <td>{p.sourceSystem}</td>
                  <td>{p.method}</td>
                  <td class="num">{fmt.number(p.amount)}</td>
                  <td>{fmt.dateTime(p.paidAt)}</td>
                  <td>{p.succeeded ? t('common.yes') : t('common.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
