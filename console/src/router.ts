import { useEffect, useState } from 'preact/hooks';

/**
 * Hash routes (#/runs/42?x=1): the API serves one index.html, and a reload or a shared
 * link lands on the same page without server-side routing.
 */
export interface Route {
  path: string[];
  params: URLSearchParams;
}

const parse = (): Route => {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = raw.split('?');
  return { path: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query) };
};

export function useRoute(): Route {
  const [route, setRoute] = useState(parse);
  useEffect(() => {
    const onChange = () => setRoute(parse());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/** A link target: href(['runs', id], { x: 1 }) → #/runs/<id>?x=1. */
export function href(path: (string | number)[], params: Record<string, string | number | boolean | null | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') query.set(k, String(v));
  const q = query.toString();
  return `#/${path.map((p) => encodeURIComponent(String(p))).join('/')}${q ? `?${q}` : ''}`;
}

export const navigate = (target: string): void => {
  location.hash = target.replace(/^#/, '');
};
