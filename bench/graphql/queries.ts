import type { ServerKind } from './servers';

export type QueryKey = 'a' | 'b' | 'c' | 'c0';

/** What the bench asks for: the agency and status of (b), the year of (c). */
export interface QueryParams {
  agencyCode: string;
  /** DossierStatus name (hub) and its code 1–10 (PostGraphile, plain). */
  status: { name: string; code: number };
  from: string;
  to: string;
}

/** One HTTP request, as autocannon sends it. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  /** Appended to the server's base URL (the GraphQL endpoint for hub and PostGraphile). */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface QueryDef {
  key: QueryKey;
  label: string;
  request(kind: ServerKind): HttpRequest;
  /** The servers that answer it (all when absent). */
  servers?: readonly ServerKind[];
  /** A comparable answer from a response body; throws on GraphQL errors. */
  answer(kind: ServerKind, body: unknown): unknown;
}

const graphql = (query: string): HttpRequest => ({
  method: 'POST',
  path: '',
  headers: { 'content-type': 'application/json', accept: 'application/json' },
  body: JSON.stringify({ query }),
});

const get = (path: string): HttpRequest => ({ method: 'GET', path, headers: { accept: 'application/json' } });

function dataOf(body: unknown): any {
  const b = body as { data?: unknown; errors?: { message?: string }[]; error?: string };
  if (b.errors?.length) throw new Error(`GraphQL errors: ${b.errors.map((e) => e.message).join('; ')}`);
  if (b.error) throw new Error(b.error);
  if (!b.data) throw new Error(`no data in ${JSON.stringify(body).slice(0, 300)}`);
  return b.data;
}

/** Same instant, whatever the time zone it was written in. */
const instant = (v: unknown) => (typeof v === 'string' ? new Date(v).toISOString() : null);

export function benchQueries(p: QueryParams): QueryDef[] {
  const a: QueryDef = {
    key: 'a',
    label: '(a) first 50 by accepted time, agency + procedure names',
    request: (kind) => {
      switch (kind) {
        case 'hub':
          return graphql('{ dossiers(first: 50, orderBy: { field: RECEIVED_AT, direction: ASC }) { edges { node { code receivedAt agency { name } procedure { name } } } } }');
        case 'postgraphile':
          return graphql('{ allDossiers(first: 50, orderBy: [RECEIVED_AT_ASC, ID_ASC]) { edges { node { code receivedAt agencyName procedureName } } } }');
        case 'plain':
          return get('/a?first=50');
      }
    },
    answer: (kind, body) => {
      const data = dataOf(body);
      if (kind === 'postgraphile') {
        return data.allDossiers.edges.map((e: any) => [e.node.code, instant(e.node.receivedAt), e.node.agencyName, e.node.procedureName]);
      }
      return data.dossiers.edges.map((e: any) => [e.node.code, instant(e.node.receivedAt), e.node.agency?.name ?? null, e.node.procedure?.name ?? null]);
    },
  };
  const agency = JSON.stringify(p.agencyCode);
  const b: QueryDef = {
    key: 'b',
    label: `(b) count for one agency and status (${p.agencyCode}, ${p.status.name})`,
    request: (kind) => {
      switch (kind) {
        case 'hub':
          return graphql(`{ dossiers(filter: { agencyCode: ${agency}, status: ${p.status.name} }) { totalCount } }`);
        case 'postgraphile':
          return graphql(`{ allDossiers(filter: { agencyCode: { equalTo: ${agency} }, status: { equalTo: ${p.status.code} } }) { totalCount } }`);
        case 'plain':
          return get(`/b?agency=${encodeURIComponent(p.agencyCode)}&status=${p.status.code}`);
      }
    },
    answer: (kind, body) => {
      const data = dataOf(body);
      return kind === 'postgraphile' ? data.allDossiers.totalCount : data.dossiers.totalCount;
    },
  };
  const c: QueryDef = {
    key: 'c',
    label: `(c) on-time + online rates, ${p.from.slice(0, 4)}, by agency (roll-ups)`,
    request: (kind) => {
      switch (kind) {
        case 'hub':
          return graphql(
            `{ indicators(codes: [ON_TIME_RATE, ONLINE_RATE], from: "${p.from}", to: "${p.to}", period: YEAR, groupBy: AGENCY) { groupKey numerator denominator value } }`,
          );
        case 'postgraphile':
          return graphql(
            `{ indicators(codes: ["ON_TIME_RATE", "ONLINE_RATE"], fromDay: "${p.from}", toDay: "${p.to}", period: "YEAR", groupBy: "AGENCY") { nodes { groupKey numerator denominator value } } }`,
          );
        case 'plain':
          return get(`/c?codes=ON_TIME_RATE,ONLINE_RATE&from=${p.from}&to=${p.to}&period=YEAR&groupBy=AGENCY`);
      }
    },
    answer: (kind, body) => {
      const data = dataOf(body);
      const rows: any[] = kind === 'postgraphile' ? data.indicators.nodes : data.indicators;
      // The rows of both indicators, as a sorted multiset (the order of codes is the same, but need not be).
      return rows.map((r) => `${r.groupKey} ${r.numerator}/${r.denominator} = ${r.value}`).sort();
    },
  };
  // The baseline of the roll-ups: the same indicators computed on demand from every dossier (the reference formulas), plain server only.
  const c0: QueryDef = {
    key: 'c0',
    label: `(c0) the same, computed on demand (reference SQL)`,
    servers: ['plain'],
    request: () => get(`/c?codes=ON_TIME_RATE,ONLINE_RATE&from=${p.from}&to=${p.to}&period=YEAR&groupBy=AGENCY&source=reference`),
    answer: (kind, body) => c.answer(kind, body),
  };
  return [a, b, c, c0];
}

/** A short human account of how two answers differ; null when they are equal. */
export function difference(x: unknown, y: unknown): string | null {
  const sx = JSON.stringify(x);
  const sy = JSON.stringify(y);
  if (sx === sy) return null;
  if (Array.isArray(x) && Array.isArray(y)) {
    if (x.length !== y.length) return `${x.length} rows against ${y.length}`;
    const i = x.findIndex((v, k) => JSON.stringify(v) !== JSON.stringify(y[k]));
    return `${x.filter((v, k) => JSON.stringify(v) !== JSON.stringify(y[k])).length} of ${x.length} rows differ, first at #${i}: ${JSON.stringify(x[i])} against ${JSON.stringify(y[i])}`;
  }
  return `${sx.slice(0, 200)} against ${sy.slice(0, 200)}`;
}
