import { useEffect, useState } from 'preact/hooks';
import { type ApiError, gql } from '../api/client';
import type { Connection } from '../types';

/**
 * A Relay list loaded page by page ("load more"); `pick` finds the connection in the answer.
 * Starts again when the variables change.
 */
export function usePages<T, A>(query: string, variables: Record<string, unknown> | null, pick: (data: A) => Connection<T> | null | undefined) {
  const [rows, setRows] = useState<T[]>([]);
  const [page, setPage] = useState<{ total: number; next: string | null; extra: A | null }>({ total: 0, next: null, extra: null });
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const key = JSON.stringify(variables);

  const load = async (after: string | null, reset: boolean) => {
    if (variables === null) return;
    setLoading(true);
    try {
      const { data } = await gql<A>(query, { ...variables, after });
      const conn = pick(data);
      setRows((r) => [...(reset ? [] : r), ...(conn?.edges.map((e) => e.node) ?? [])]);
      setPage({ total: conn?.totalCount ?? 0, next: conn?.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null, extra: data });
      setError(null);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    setRows([]);
    setPage({ total: 0, next: null, extra: null });
    void load(null, true);
  }, [key]);

  return { rows, total: page.total, data: page.extra, hasMore: page.next !== null, loadMore: () => void load(page.next, false), error, loading };
}
