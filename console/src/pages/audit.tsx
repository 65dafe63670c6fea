import { useState } from 'preact/hooks';
import { ApiError, gql } from '../api/client';
import { AUDIT_EVENTS, AUDIT_VERIFY } from '../api/queries';
import { usePages } from '../components/use-pages';
import { DataTable, ErrorBox, LoadMore, Notice, PageTitle } from '../components/ui';
import { useApp } from '../context';
import { href, navigate, useRoute } from '../router';
import type { Connection } from '../types';

interface AuditEvent {
  seq: string;
  at: string;
  action: string;
  actorType: string;
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  targetType: string | null;
  targetId: string | null;
  before: string | null;
  after: string | null;
  details: string;
  hash: string;
}

interface AuditReport {
  ok: boolean;
  checkedAt: string;
  entries: number;
  checkpoints: number;
  manifests: number;
  versions: number;
  findingCount: number;
  findings: { kind: string; seq: string | null; run: number | null; record: string | null; detail: string }[];
}

type Answer = { auditEvents: Connection<AuditEvent> | null; auditHead: { seq: string; hash: string; signedAt: string; keyId: string } | null };

/** The tamper-evident audit log, filtered by action or actor, and its verification on demand. */
export function AuditPage() {
  const { t, fmt } = useApp();
  const { params } = useRoute();
  const action = params.get('action') ?? '';
  const actor = params.get('actor') ?? '';
  const [form, setForm] = useState({ action, actor });
  const [verifying, setVerifying] = useState(false);
  const [report, setReport] = useState<AuditReport | null>(null);
  const [verifyError, setVerifyError] = useState<ApiError | null>(null);
  const filter = { ...(action ? { action } : {}), ...(actor ? { actor } : {}) };
  const list = usePages<AuditEvent, Answer>(AUDIT_EVENTS, { filter }, (d) => d.auditEvents);
  const head = list.data?.auditHead;

  const verify = async () => {
    setVerifying(true);
    setVerifyError(null);
    try {
      setReport((await gql<{ auditVerify: AuditReport }>(AUDIT_VERIFY)).data.auditVerify);
    } catch (error) {
      setVerifyError(error as ApiError);
    } finally {
      setVerifying(false);
    }
  };

  const header = ['seq', t('audit.at'), t('audit.action'), t('audit.actor'), t('audit.target'), 'before', 'after', t('audit.details'), 'hash'];
  return (
    <section>
      <PageTitle
        actions={
          <button type="button" onClick={() => void verify()} disabled={verifying} data-testid="audit-verify">
            {verifying ? t('common.working') : t('audit.verify')}
          </button>
        }
      >
        {t('audit.title')}
      </PageTitle>
      <div data-testid="audit-report">
        {verifyError ? <ErrorBox error={verifyError} /> : null}
        {report ? (
          report.ok ? (
            <Notice kind="ok">{t('audit.verifyOk', { count: fmt.number(report.entries) })}</Notice>
          ) : (
            <Notice kind="error">
              {t('audit.verifyBad', { where: report.findings.map((f) => `${f.kind}${f.seq ? ` #${f.seq}` : ''}${f.run ? ` run ${f.run}` : ''}${f.record ? ` ${f.record}` : ''}: ${f.detail}`).join('; ') })}
            </Notice>
          )
        ) : null}
      </div>
      {head ? (
        <p class="muted small">
          {t('audit.head', { seq: head.seq, at: fmt.dateTime(head.signedAt) })} <span class="mono">{head.hash.slice(0, 16)}…</span>
        </p>
      ) : null}
      <form
        class="search"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(href(['audit'], form));
        }}
      >
        <input value={form.action} onInput={(e) => setForm({ ...form, action: e.currentTarget.value.trim() })} placeholder={t('audit.filterAction')} aria-label={t('audit.action')} />
        <input value={form.actor} onInput={(e) => setForm({ ...form, actor: e.currentTarget.value.trim() })} placeholder={t('audit.filterActor')} aria-label={t('audit.actor')} />
        <button type="submit">{t('common.apply')}</button>
      </form>
      {list.error ? <ErrorBox error={list.error} /> : null}
      <p class="muted">{t('common.total', { count: fmt.number(list.total) })}</p>
      <DataTable
        testId="audit-table"
        csv={{
          filename: 'audit-log.csv',
          header,
          rows: () => list.rows.map((e) => [e.seq, e.at, e.action, `${e.actorType}:${e.actorName ?? e.actorId ?? ''}`, `${e.targetType ?? ''}:${e.targetId ?? ''}`, e.before, e.after, e.details, e.hash]),
        }}
        head={
          <>
            <th>#</th>
            <th>{t('audit.at')}</th>
            <th>{t('audit.action')}</th>
            <th>{t('audit.actor')}</th>
            <th>{t('audit.target')}</th>
            <th>{t('audit.details')}</th>
          </>
        }
      >
        {list.rows.map((e) => (
          <tr key={e.seq} data-action={e.action}>
            <td class="num">{e.seq}</td>
            <td>{fmt.dateTime(e.at)}</td>
            <td class="mono">{e.action}</td>
            <td>
              {e.actorName ?? e.actorId ?? '–'} <span class="muted small">({e.actorType}{e.actorRole ? `, ${e.actorRole}` : ''})</span>
            </td>
            <td>{e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : '–'}</td>
            <td>
              <details>
                <summary class="small">{e.details.length > 80 ? `${e.details.slice(0, 80)}…` : e.details}</summary>
                {e.before ? <pre class="small">before: {e.before}</pre> : null}
                {e.after ? <pre class="small">after: {e.after}</pre> : null}
                <pre class="small">{e.details}</pre>
              </details>
            </td>
          </tr>
        ))}
      </DataTable>
      <LoadMore list={list} />
    </section>
  );
}
