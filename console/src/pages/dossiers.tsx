import { useState } from 'preact/hooks';
import { DOSSIERS } from '../api/queries';
import { DossierTable } from '../components/dossier-table';
import { usePages } from '../components/use-pages';
import { ErrorBox, LoadMore, PageTitle } from '../components/ui';
import { useApp } from '../context';
import { href, navigate, useRoute } from '../router';
import type { Connection, DossierRow } from '../types';

/** Dossier search: the API folds accents, case and Unicode form ("ho tich" finds "Hộ tịch"). */
export function DossiersPage() {
  const { t, fmt } = useApp();
  const { params } = useRoute();
  const search = params.get('q') ?? '';
  const [text, setText] = useState(search);
  const tooShort = search.length > 0 && search.trim().length < 2;
  const list = usePages<DossierRow, { dossiers: Connection<DossierRow> | null }>(DOSSIERS, tooShort ? null : { filter: search ? { search } : null }, (d) => d.dossiers);
  return (
    <section>
      <PageTitle>{t('dossiers.title')}</PageTitle>
      <form
        class="search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(href(['dossiers'], { q: text.trim() }));
        }}
      >
        <input type="search" name="q" value={text} onInput={(e) => setText(e.currentTarget.value)} placeholder={t('dossiers.placeholder')} aria-label={t('dossiers.title')} />
        <button type="submit">{t('common.search')}</button>
      </form>
      {tooShort ? <p class="error">{t('dossiers.tooShort')}</p> : null}
      {list.error ? <ErrorBox error={list.error} /> : null}
      <p class="muted" data-testid="dossier-total">{t('common.total', { count: fmt.number(list.total) })}</p>
      <DossierTable rows={list.rows} filename={`dossiers${search ? `-${search}` : ''}.csv`} />
      <LoadMore list={list} />
    </section>
  );
}
