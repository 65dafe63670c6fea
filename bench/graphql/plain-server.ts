import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pool } from 'pg';
import { INDICATOR_CODES, type IndicatorCode } from '../../src/indicators/definitions';
import { indicatorsFromFacts } from '../../src/indicators/facts-query';
import { computeIndicator, type IndicatorGroupBy, type IndicatorRow, type PeriodUnit } from '../../src/indicators/query';

/**
 * The lower bound of overhead: node:http, a `pg` pool and one hand-written statement per
 * question (for the indicators, the hub's own SQL: the roll-ups of src/indicators/facts-query.ts,
 * or with `source=reference` the on-demand formulas of src/indicators/query.ts, one
 * statement per indicator, the baseline the roll-ups are measured against). It answers JSON of
 * the same shape as the hub's GraphQL, so the three servers send comparable bodies.
 *
 *   GET /a?first=50                            first dossiers by accepted time, agency and procedure names
 *   GET /b?agency=CODE&status=10               dossiers of one agency in one status
 *   GET /c?codes=A,B&from=D&to=D&period=YEAR&groupBy=AGENCY[&source=reference]   indicator values
 */

const LIST_SQL = `
  select d.code, d.received_at, a.name as agency_name, p.name as procedure_name
    from hub.dossier d
    left join hub.agency a on a.code = d.agency_code
    left join hub.procedure p on p.code = d.procedure_code
   order by d.received_at asc nulls last, d.id asc
   limit $1`;

const COUNT_SQL = `select count(*)::int as n from hub.dossier where agency_code = $1 and status = $2`;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const PERIODS: readonly PeriodUnit[] = ['MONTH', 'QUARTER', 'YEAR'];
const GROUPS: readonly IndicatorGroupBy[] = ['NONE', 'AGENCY', 'PROCEDURE', 'FIELD'];

class BadRequest extends Error {}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) }).end(text);
}

async function answer(pool: Pool, url: URL): Promise<unknown> {
  const q = url.searchParams;
  switch (url.pathname) {
    case '/a': {
      const first = Number(q.get('first') ?? 20);
      if (!Number.isInteger(first) || first < 0 || first > 100) throw new BadRequest('first must be 0..100');
      const { rows } = await pool.query<{ code: string; received_at: Date | null; agency_name: string | null; procedure_name: string | null }>(LIST_SQL, [first]);
      const edges = rows.map((r) => ({
        node: {
          code: r.code,
          receivedAt: r.received_at ? r.received_at.toISOString() : null,
          agency: r.agency_name === null ? null : { name: r.agency_name },
          procedure: r.procedure_name === null ? null : { name: r.procedure_name },
        },
      }));
      return { data: { dossiers: { edges } } };
    }
    case '/b': {
      const agency = q.get('agency');
      const status = Number(q.get('status'));
      if (!agency || !Number.isInteger(status)) throw new BadRequest('agency and status are required');
      const { rows } = await pool.query<{ n: number }>(COUNT_SQL, [agency, status]);
      return { data: { dossiers: { totalCount: rows[0]?.n ?? 0 } } };
    }
    case '/c': {
      const codes = (q.get('codes') ?? '').split(',').filter(Boolean);
      const from = q.get('from') ?? '';
      const to = q.get('to') ?? '';
      const period = (q.get('period') ?? 'MONTH') as PeriodUnit;
      const groupBy = (q.get('groupBy') ?? 'NONE') as IndicatorGroupBy;
      if (!codes.length || !codes.every((c): c is IndicatorCode => (INDICATOR_CODES as readonly string[]).includes(c))) throw new BadRequest('codes: a comma-separated list of indicator codes');
      if (!DAY.test(from) || !DAY.test(to) || to <= from) throw new BadRequest('from and to: yyyy-MM-dd, to after from');
      if (!PERIODS.includes(period) || !GROUPS.includes(groupBy)) throw new BadRequest('period or groupBy unknown');
      const client = await pool.connect();
      try {
        const rows: IndicatorRow[] = [];
        if (q.get('source') === 'reference') {
          for (const code of codes) rows.push(...(await computeIndicator(client, { code, unit: period, from, to, groupBy, agencyCode: null })));
        } else {
          rows.push(...(await indicatorsFromFacts(client, { codes, unit: period, from, to, groupBy, agencyCode: null })));
        }
        return { data: { indicators: rows.map((r) => ({ groupKey: r.groupKey, numerator: r.numerator, denominator: r.denominator, value: r.value })) } };
      } finally {
        client.release();
      }
    }
    default:
      return null;
  }
}

export async function startPlainServer(pool: Pool): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    answer(pool, url).then(
      (body) => (body === null ? send(res, 404, { error: 'not found' }) : send(res, 200, body)),
      (error: unknown) => send(res, error instanceof BadRequest ? 400 : 500, { error: error instanceof Error ? error.message : String(error) }),
    );
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
