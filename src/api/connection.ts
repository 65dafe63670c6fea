import type { PageInfo } from './types/page-info.type';

export interface Connection<N> {
  edges: { cursor: string; node: N }[];
  pageInfo: PageInfo;
  totalCount: Promise<number>;
}

/**
 * A Relay connection from one page fetched with `limit + 1` rows (the extra row
 * only tells whether there is a next page). `totalCount` is a getter, so its
 * query runs only when a client selects the field.
 */
export function toConnection<N>(rows: readonly N[], limit: number, cursorOf: (node: N) => string, count: () => Promise<number>): Connection<N> {
  const edges = rows.slice(0, limit).map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > limit, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
    get totalCount() {
      return count();
    },
  };
}
