import { useState } from 'preact/hooks';
import { DOCUMENTS } from '../api/queries';
import { DataTable, ErrorBox, headCells, LoadMore, PageTitle } from '../components/ui';
import { usePages } from '../components/use-pages';
import { useApp } from '../context';
import { translateDynamic } from '../i18n';
import { href, navigate, useRoute } from '../router';
import type { Connection, DocumentRow } from '../types';

/** Document search over number/symbol, subject, issuer and type, accents ignored by the API. */
export function DocumentsPage() {
  const { t, fmt } = useApp();
  const { params } = useRoute();
  const search = params.get('q') ?? '';
  const register = params.get('register') ?? '';
  const [text, setText] = useState(search);
  const tooShort = search.length > 0 && search.trim().length < 2;
  const filter = { ...(search ? { search } : {}), ...(register ? { register } : {}) };
  const list = usePages<DocumentRow, { documents: Connection<DocumentRow> | null }>(DOCUMENTS, tooShort ? null : { filter }, (d) => d.documents);
  const header = [t('documents.number'), t('documents.type'), t('documents.subject'), t('documents.issuer'), t('documents.issued'), t('documents.register'), t('documents.state')];
  return (
    <section>
      <PageTitle>{t('documents.title')}</PageTitle>
      <form
        class="search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(href(['documents'], { q: text.trim(), register }));
        }}
      >
        <input type="search" name="q" value={text} onInput={(e) => setText(e.currentTarget.value)} placeholder={t('documents.placeholder')} aria-label={t('documents.title')} />
        <select value={register} onChange={(e) => navigate(href(['documents'], { q: search, register: e.currentTarget.value }))} aria-label={t('documents.register')}>
          <option value="">{t('common.all')}</option>
          <option value="INCOMING">{t('documents.register.INCOMING')}</option>
          <option value="OUTGOING">{t('documents.register.OUTGOING')}</option>
        </select>
        <button type="submit">{t('common.search')}</button>
      </form>
      {tooShort ? <p class="error">{t('dossiers.tooShort')}</p> : null}
      {list.error ? <ErrorBox error={list.error} /> : null}
      <p class="muted" data-testid="document-total">{t('common.total', { count: fmt.number(list.total) })}</p>
      <DataTable
        testId="document-table"
        head={headCells(header)}
        csv={{ filename: 'documents.csv', header, rows: () => list.rows.map((d) => [d.numberSymbolRaw, d.documentType, d.subject, d.issuerName, d.issuedDate, d.register, d.state]) }}
      >
        {list.rows.map((d) => (
          <tr key={d.id}>
            <td class="mono">{d.numberSymbolRaw ?? '–'}</td>
            <td>{d.documentType ?? '–'}</td>
            <td>{d.subject ?? '–'}</td>
            <td>{d.issuerName ?? '–'}</td>
            <td>{d.issuedDate ?? '–'}</td>
            <td>{translateDynamic(t, `documents.register.${d.register}`, d.register)}</td>
            <td>{d.state}</td>
          </tr>
        ))}
      </DataTable>
      <LoadMore list={list} />
    </section>
  );
}
