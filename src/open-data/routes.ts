import type { ServerResponse } from 'node:http';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MIN_CELL_DOSSIERS } from '../indicators/suppression';
import { toCsv } from './csv';
import { DATASETS, type Dataset, LICENCE } from './datasets';

/** Answers are cached this long in the process (and by clients): open data changes with syncs, not per second. */
const CACHE_MS = 60_000;
const FIRST_YEAR = 2015;

type Answer = { status: number; type: string; body: string };
const cache = new Map<string, { until: number; answer: Answer }>();

const json = (status: number, body: unknown): Answer => ({ status, type: 'application/json; charset=utf-8', body: JSON.stringify(body, null, 2) });
const notFound = (message: string) => json(404, { error: message, catalogue: '/open-data/' });

function catalogue(base: string): unknown {
  const thisYear = new Date().getUTCFullYear();
  return {
    title: { vi: 'Cơ sở dữ liệu mở tỉnh Bắc Kạn: dịch vụ công', en: 'Bắc Kạn province open data: public services' },
    licence: LICENCE,
    suppression: {
      vi: `Không công bố dữ liệu ở mức hồ sơ. Ô chỉ số tính từ dưới ${MIN_CELL_DOSSIERS} hồ sơ được ẩn.`,
      en: `Nothing is published at dossier level. Indicator cells computed from fewer than ${MIN_CELL_DOSSIERS} dossiers are withheld.`,
    },
    datasets: DATASETS.map((d) => ({
      name: d.name,
      title: d.title,
      description: d.description,
      formats: d.byYear
        ? { csv: `${base}/${d.name}/{year}.csv`, json: `${base}/${d.name}/{year}.json`, years: [FIRST_YEAR, thisYear] }
        : { csv: `${base}/${d.name}.csv`, json: `${base}/${d.name}.json` },
      fields: d.fields.map((f) => ({ name: f.name, type: f.type, description: { vi: f.vi, en: f.en } })),
    })),
  };
}

async function datasetAnswer(em: EntityManager, dataset: Dataset, year: number | null, format: 'csv' | 'json'): Promise<Answer> {
  const rows = await dataset.rows(em, year);
  if (format === 'csv') return { status: 200, type: 'text/csv; charset=utf-8', body: toCsv(dataset.fields.map((f) => f.name), rows) };
  return json(200, { dataset: dataset.name, ...(year ? { year } : {}), title: dataset.title, licence: LICENCE, fields: dataset.fields.map((f) => ({ name: f.name, type: f.type, description: { vi: f.vi, en: f.en } })), rows });
}

async function route(em: EntityManager, path: string): Promise<Answer> {
  if (path === '/open-data' || path === '/open-data/') return json(200, catalogue('/open-data'));
  const m = /^\/open-data\/([a-z-]+)(?:\/(\d{4}))?\.(csv|json)$/.exec(path);
  if (!m) return notFound('no such open dataset; the catalogue lists them');
  const dataset = DATASETS.find((d) => d.name === m[1]);
  if (!dataset) return notFound(`no open dataset named "${m[1]}"`);
  if (dataset.byYear !== (m[2] !== undefined)) return notFound(dataset.byYear ? `"${dataset.name}" is published per year: /open-data/${dataset.name}/{year}.${m[3]}` : `"${dataset.name}" is not split by year: /open-data/${dataset.name}.${m[3]}`);
  const year = m[2] ? Number(m[2]) : null;
  if (year !== null && (year < FIRST_YEAR || year > new Date().getUTCFullYear())) return notFound(`years ${FIRST_YEAR} to ${new Date().getUTCFullYear()} are published`);
  return datasetAnswer(em, dataset, year, m[3] as 'csv' | 'json');
}

/** Serves GET /open-data/… (the catalogue, then each dataset as CSV or JSON). Open to anyone, from any origin. */
export async function serveOpenData(em: EntityManager, method: string, path: string, res: ServerResponse): Promise<void> {
  res.setHeader('access-control-allow-origin', '*');
  if (method === 'OPTIONS') {
    res.writeHead(204, { 'access-control-allow-methods': 'GET, HEAD', 'access-control-max-age': '600' }).end();
    return;
  }
  if (method !== 'GET' && method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ error: 'open data is read with GET' }));
    return;
  }
  const hit = cache.get(path);
  let answer: Answer;
  if (hit && hit.until > Date.now()) answer = hit.answer;
  else {
    answer = await route(em, path);
    if (answer.status === 200) cache.set(path, { until: Date.now() + CACHE_MS, answer });
  }
  res.writeHead(answer.status, {
    'content-type': answer.type,
    'cache-control': answer.status === 200 ? `public, max-age=${CACHE_MS / 1000}` : 'no-store',
    link: '</open-data/>; rel="describedby"',
  });
  res.end(method === 'HEAD' ? undefined : answer.body);
}

/** For tests: forget cached answers. */
export function clearOpenDataCache(): void {
  cache.clear();
}
