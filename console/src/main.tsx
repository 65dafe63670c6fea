import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, forgetKey, gql, storedKey, storeKey } from './api/client';
import { VIEWER } from './api/queries';
import { type App, AppContext, type SignedIn } from './context';
import { formatters, initialLang, type Lang, saveLang, translator } from './i18n';
import { AuditPage } from './pages/audit';
import { ConnectorsPage } from './pages/connectors';
import { DashboardPage } from './pages/dashboard';
import { DocumentsPage } from './pages/documents';
import { DossierPage } from './pages/dossier';
import { DossiersPage } from './pages/dossiers';
import { DrillPage } from './pages/drill';
import { QuarantinePage } from './pages/quarantine';
import { RunPage } from './pages/run';
import { RunsPage } from './pages/runs';
import { SignInPage } from './pages/sign-in';
import { href, useRoute } from './router';
import './styles.css';

/** Which pages a role sees in the menu (the API enforces it regardless). */
const NAV: { path: string; label: Parameters<App['t']>[0]; permission: string }[] = [
  { path: 'dashboard', label: 'nav.dashboard', permission: 'open-data:read' },
  { path: 'connectors', label: 'nav.connectors', permission: 'runs:read' },
  { path: 'runs', label: 'nav.runs', permission: 'runs:read' },
  { path: 'quarantine', label: 'nav.quarantine', permission: 'runs:read' },
  { path: 'audit', label: 'nav.audit', permission: 'audit:read' },
  { path: 'dossiers', label: 'nav.dossiers', permission: 'records:read' },
  { path: 'documents', label: 'nav.documents', permission: 'records:read' },
];

function Page({ path }: { path: string[] }) {
  const [first, second] = path;
  switch (first) {
    case 'connectors':
      return <ConnectorsPage />;
    case 'runs':
      return second ? <RunPage id={second} /> : <RunsPage />;
    case 'quarantine':
      return <QuarantinePage />;
    case 'audit':
      return <AuditPage />;
    case 'drill':
      return <DrillPage />;
    case 'dossiers':
      return second ? <DossierPage code={second} /> : <DossiersPage />;
    case 'documents':
      return <DocumentsPage />;
    case undefined:
    default:
      return <DashboardPage />;
  }
}

function Console() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const [viewer, setViewer] = useState<SignedIn | null>(null);
  const [checking, setChecking] = useState(storedKey() !== null);
  const [signInError, setSignInError] = useState<string | null>(null);
  const route = useRoute();
  const t = useMemo(() => translator(lang), [lang]);
  const fmt = useMemo(() => formatters(lang), [lang]);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('app.title');
  }, [lang, t]);

  const signIn = async (key: string) => {
    try {
      const { data } = await gql<{ viewer: SignedIn }>(VIEWER, {}, key);
      // A key is the only way in: without one the API answers as public, which is no sign-in.
      if (data.viewer.role === 'public') throw new ApiError('public', 'UNAUTHENTICATED', 401);
      storeKey(key);
      setViewer(data.viewer);
      setSignInError(null);
    } catch (error) {
      forgetKey();
      setViewer(null);
      setSignInError(error instanceof ApiError && error.status !== 401 && error.code !== 'UNAUTHENTICATED' ? error.message : t('signIn.bad'));
    } finally {
      setChecking(false);
    }
  };

  useEffect(() => {
    const key = storedKey();
    if (key) void signIn(key);
    // Once, at load: a key kept from earlier in this tab.
  }, []);

  const toggleLang = () => {
    const next = lang === 'vi' ? 'en' : 'vi';
    saveLang(next);
    setLang(next);
  };
  const signOut = () => {
    forgetKey();
    setViewer(null);
  };

  const langButton = (
    <button type="button" class="link lang" onClick={toggleLang} data-testid="lang-switch">
      {t('lang.switch')}
    </button>
  );

  // Outside the App context: a plain line, not <Loading /> (which reads the context).
  if (checking) return <p class="muted" role="status">{t('common.loading')}</p>;
  if (!viewer) {
    return (
      <div class="sign-in-shell">
        <div class="top-right">{langButton}</div>
        <SignInPage t={t} error={signInError} onSubmit={(key) => void signIn(key)} />
      </div>
    );
  }

  const app: App = { lang, t, fmt, viewer, can: (p) => viewer.permissions.includes(p) };
  const current = route.path[0] ?? 'dashboard';
  return (
    <AppContext.Provider value={app}>
      <header class="top">
        <div class="brand">
          <strong>{t('app.title')}</strong>
          <span class="muted"> · {t('app.province')}</span>
        </div>
        <nav>
          {NAV.filter((n) => app.can(n.permission)).map((n) => (
            <a key={n.path} href={href([n.path])} class={current === n.path || (current === 'drill' && n.path === 'dashboard') ? 'active' : ''}>
              {t(n.label)}
            </a>
          ))}
        </nav>
        <div class="who">
          <span class="muted" data-testid="signed-in-as">{t('signIn.as', { role: viewer.role, name: viewer.name ?? '–' })}</span>
          {langButton}
          <button type="button" class="link" onClick={signOut}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main>
        <Page path={route.path} />
      </main>
    </AppContext.Provider>
  );
}

render(<Console />, document.getElementById('app')!);
