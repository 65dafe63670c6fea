import { PageTitle, Notice } from '../components/ui';
import { useApp } from '../context';

/** The audit log with verification: waits for the API's auditEvents / auditVerify. */
export function AuditPage() {
  const { t } = useApp();
  return (
    <section>
      <PageTitle>{t('audit.title')}</PageTitle>
      <Notice kind="info">{t('common.notAvailable', { op: 'auditEvents' })}</Notice>
    </section>
  );
}
