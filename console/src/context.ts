import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Formatters, Lang, Translate } from './i18n';

/** Who signed in, as the API's `viewer` query answers. */
export interface SignedIn {
  role: string;
  name: string | null;
  permissions: string[];
}

export interface App {
  lang: Lang;
  t: Translate;
  fmt: Formatters;
  viewer: SignedIn;
  can: (permission: string) => boolean;
}

export const AppContext = createContext<App | null>(null);

export function useApp(): App {
  const app = useContext(AppContext);
  if (!app) throw new Error('useApp outside the signed-in console');
  return app;
}
