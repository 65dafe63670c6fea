import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { type Answer, ApiError, gql } from '../api/client';

export interface QueryState<T> {
  answer: Answer<T> | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Runs a query whenever its variables change; with `pollMs`, again every pollMs while
 * `keepPolling(answer)` says so (a run in progress). Answers to stale variables are dropped.
 */
export function useQuery<T>(query: string, variables: Record<string, unknown>, opts: { skip?: boolean; pollMs?: number; keepPolling?: (data: T) => boolean } = {}): QueryState<T> {
  const [state, setState] = useState<{ answer: Answer<T> | null; error: ApiError | null; loading: boolean }>({ answer: null, error: null, loading: !opts.skip });
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(variables);
  const latest = useRef(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    if (opts.skip) return;
    const id = ++latest.current;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState((s) => ({ ...s, loading: true }));
    gql<T>(query, JSON.parse(key) as Record<string, unknown>)
      .then((answer) => {
        if (id !== latest.current) return;
        setState({ answer, error: null, loading: false });
        if (opts.pollMs && opts.keepPolling?.(answer.data)) timer = setTimeout(reload, opts.pollMs);
      })
      .catch((error: unknown) => {
        if (id !== latest.current) return;
        setState((s) => ({ answer: s.answer, error: error instanceof ApiError ? error : new ApiError(String(error), 'CLIENT', 0), loading: false }));
      });
    return () => clearTimeout(timer);
  }, [query, key, tick, opts.skip]);

  return { ...state, reload };
}
