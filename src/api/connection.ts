import type { PageInfo } from './types/page-info.type';

export interface Connection<N> {
  edges: { cursor: string; node: N }[];
  pageInfo: PageInfo;
  totalCount: Promise<number>;
}

/** An edge whose cursor is encoded only when a client selects it. */
class Edge<N> {
  constructor(
    readonly node: N,
    private readonly cursorOf: (node: N) => string,
  ) {}

  get cursor(): string {
    return this.cursorOf(this.node);
  }
}

/**
 * A Relay connection from one page fetched with `limit + 1` rows (the extra row
 * only tells whether there is a next page). `totalCount` is a getter, so its
 * query runs only when a client selects the field; cursors likewise.
 */
export function toConnection<N>(rows: readonly N[], limit: number, cursorOf: (node: N) => string, count: () => Promise<number>): Connection<N> {
  const edges: { cursor: string; node: N }[] = rows.slice(0, limit).map((node) => new Edge(node, cursorOf));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > limit, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
    get totalCount() {
      return count();
    },
  };
}
