/**
 * HTTP simulator of a QLVB (document management) system, contract A of
 * shared/source-systems.md: the vendor listing (A1), the edXML pending queue
 * with acknowledgement (A2), plus `POST /__control` for tests (faults, clock,
 * mutations, new packages). node:http only.
 */
import { type BaseControl, isRecord, nonNegative, NO_TRANSPORT_FAULTS, parseControl, playTransportFaults, serveControl, type TransportFaults } from '../shared/faults';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { skewedClock } from '../shared/time';
import { closeServer, listen, parseUrl, sendJson, streamJson } from '../shared/http';
import { type BrokenCounts, countBroken, drawBreakage, serveBroken } from '../shared/bad-records';
import { Rng, hash32, unitHash } from '../shared/prng';
import { mapStrings, toNfd, toTcvn3Latin1 } from '../shared/text';
import { DEFAULT_HISTORY_FROM } from '../mcdt/dataset';
import { DOCUMENT_BREAKS, DOCUMENT_PACKAGE_BREAKS, STATUS_PACKAGE_BREAKS } from './breakages';
import { PACKAGE_KINDS, type PackageKind, QlvbDataset, parseLocalIso } from './dataset';

/** Switchable source misbehaviour; all off by default. Choices are fixed by the seed. Transport faults (errors, 429, slow, drops) come from shared/faults.ts. */
export interface QlvbFaults extends TransportFaults {
  /** Fraction of documents and packages (fixed per record) whose text is served in NFD instead of NFC. */
  nfdRate: number;
  /** Fraction of old documents (created in the first third of the history) served as TCVN3 bytes read as Latin-1. */
  tcvn3Rate: number;
  /** After each listing answer, this many of the rows just served are changed (NgayCapNhat = now), so later pages shift. */
  pageDrift: number;
  /** Chance (fixed per query and page) that a page repeats the previous page's last row first, and that a pending list names a package twice. */
  duplicateRate: number;
  /**
   * Fraction of documents and packages (fixed per record) served broken, one way each
   * (breakages.ts): malformed (DoKhan as text, an impossible NgayBanHanh, no Id; a package
   * cut short, with an impossible date, no DocumentId, …) or flawed (an optional field
   * spoiled). `stats` counts both per stream.
   */
  badRecordRate: number;
  /** This many documents (a fixed pseudo-random set) vanish from every listing. */
  deletedCount: number;
}

export type QlvbControl = BaseControl<QlvbFaults> | { action: 'pushPackages'; count: number; kind?: PackageKind };

export interface QlvbSimulatorOptions {
  /** Enables `POST /__control` over HTTP for requests carrying this token (X-Control-Token). */
  controlToken?: string;
  seed?: number;
  /** Number of documents (both registers). */
  size?: number;
  apiKey?: string;
  historyFrom?: Date;
  /** The hub's clock (default: the wall clock); the simulator's own is this plus `clockSkewSeconds`. */
  now?: Date;
  /** Seconds the simulator's clock runs ahead of `now` (negative: behind). */
  clockSkewSeconds?: number;
  port?: number;
  host?: string;
  /** Size of the MCĐT simulator to take dossier results from (its default, 5000). */
  mcdtSize?: number;
}

export interface QlvbSimulator {
  url: string;
  port: number;
  /** Same as POST /__control with that body; returns the same JSON. */
  control(cmd: QlvbControl): unknown;
  close(): Promise<void>;
}

const NO_FAULTS: QlvbFaults = {
  ...NO_TRANSPORT_FAULTS,
  nfdRate: 0,
  tcvn3Rate: 0,
  pageDrift: 0,
  duplicateRate: 0,
  badRecordRate: 0,
  deletedCount: 0,
};

const RATE_FAULTS = ['nfdRate', 'tcvn3Rate', 'duplicateRate', 'badRecordRate', 'errorRate', 'dropRate'] as const;
const COUNT_FAULTS = ['pageDrift', 'rateLimit', 'slowMs', 'deletedCount'] as const;

/** Salts that keep each fault's random choices independent of the others. */
const SALT = { nfd: 201, tcvn3: 202, drift: 203, duplicate: 204, bad: 205, error: 206, drop: 207 } as const;

/** Largest `pageSize` of A1 and `top` of A2. */
const PAGE_LIMIT = 500;
const IDLE_KEEP_ALIVE_MS = 3000;
const XML_TYPE = 'application/xml; charset=utf-8';

interface Reply {
  status: number;
  body: unknown;
}

function badRequest(message: string): Reply {
  return { status: 400, body: { error: message } };
}

/** Checks a /__control body; returns the command or an error message. */
function parseQlvbControl(body: unknown): QlvbControl | string {
  return parseControl<QlvbFaults, Extract<QlvbControl, { action: 'pushPackages' }>>(body, { rate: RATE_FAULTS, count: COUNT_FAULTS }, {
    actions: ['pushPackages'],
    parse: (b) => {
      if (b.action !== 'pushPackages') return undefined;
      if (!nonNegative(b.count) || !Number.isInteger(b.count) || b.count > 100_000) return 'pushPackages needs an integer count in 0..100000';
      if (b.kind === undefined) return { action: 'pushPackages', count: b.count };
      const kind = PACKAGE_KINDS.find((k) => k === b.kind);
      return kind ? { action: 'pushPackages', count: b.count, kind } : `kind must be one of ${PACKAGE_KINDS.join(', ')}`;
    },
  });
}

/** A strict integer parameter in [min, max], its default when absent, or null when bad. */
function intParam(value: string | null, fallback: number, min: number, max: number): number | null {
  if (value === null) return fallback;
  if (!/^\d{1,9}$/.test(value)) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}

class QlvbService {
  /** Token `/__control` needs over HTTP; null: the endpoint is off. */
  controlToken: string | null = null;
  private faults: QlvbFaults = { ...NO_FAULTS };
  private requests = 0;

  constructor(
    private readonly data: QlvbDataset,
    private readonly seed: number,
    private readonly apiKey: string,
  ) {}

  control(input: unknown): Reply {
    const cmd = parseQlvbControl(input);
    if (typeof cmd === 'string') return badRequest(cmd);
    switch (cmd.action) {
      case 'mutate':
        return { status: 200, body: { mutated: this.data.mutate(cmd.count, cmd.stampOffsetSeconds ?? 0) } };
      case 'advanceClock':
        this.data.advanceClock(cmd.seconds);
        return { status: 200, body: { now: this.data.stats().now } };
      case 'faults':
        this.faults = { ...this.faults, ...cmd.set };
        if (cmd.set.deletedCount !== undefined) this.data.setDeleted(cmd.set.deletedCount);
        return { status: 200, body: { faults: this.faults } };
      case 'reset':
        this.faults = { ...NO_FAULTS };
        this.requests = 0;
        this.data.reset();
        return { status: 200, body: { ok: true } };
      case 'stats':
        return { status: 200, body: { ...this.data.stats(), requests: this.requests, badRecords: this.badRecords() } };
      case 'pushPackages':
        return { status: 200, body: { pushed: this.data.pushPackages(cmd.count, cmd.kind) } };
    }
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = parseUrl(req);
    if (url.pathname === '/__control') return serveControl(req, res, (body) => this.control(body), this.controlToken);
    if (!url.pathname.startsWith('/api/') && !url.pathname.startsWith('/edxml/')) return sendJson(res, 404, { error: 'NOT_FOUND' });
    if (req.headers['x-api-key'] !== this.apiKey) return sendJson(res, 401, { error: 'UNAUTHORIZED' });
    const n = ++this.requests;
    if (await playTransportFaults(req, res, this.faults, this.seed, n, SALT)) return;
    if (url.pathname === '/api/v1/van-ban') {
      return req.method === 'GET' ? this.documents(url.searchParams, res, n) : sendJson(res, 405, { error: 'use GET' });
    }
    if (url.pathname === '/edxml/cho-nhan') {
      return req.method === 'GET' ? this.pending(url.searchParams, res, n) : sendJson(res, 405, { error: 'use GET' });
    }
    const m = /^\/edxml\/goi-tin\/([^/]+)(\/da-nhan)?$/.exec(url.pathname);
    const k = m ? this.data.packageNumber(decodeURIComponent(m[1] ?? '')) : null;
    if (m === null || k === null) return sendJson(res, 404, { error: 'NOT_FOUND' });
    if (m[2] !== undefined) {
      if (req.method !== 'POST') return sendJson(res, 405, { error: 'use POST' });
      this.data.acknowledge(k);
      return sendJson(res, 200, { ok: true });
    }
    if (req.method !== 'GET') return sendJson(res, 405, { error: 'use GET' });
    const xml = this.servePackage(k);
    res.writeHead(200, { 'content-type': XML_TYPE, 'content-length': Buffer.byteLength(xml) });
    res.end(xml);
  }

  /** A1: one page of a register, ordered by (NgayCapNhat, Id), of documents changed at or after ngayCapNhatTu. */
  private async documents(params: URLSearchParams, res: ServerResponse, request: number): Promise<void> {
    const loai = params.get('loai');
    if (loai !== 'den' && loai !== 'di') return sendJson(res, 400, { error: 'loai must be den or di' });
    const since = params.get('ngayCapNhatTu');
    const sinceSec = since === null ? 0 : parseLocalIso(since);
    if (sinceSec === null) return sendJson(res, 400, { error: `ngayCapNhatTu is not a time yyyy-MM-ddTHH:mm:ss: ${since ?? ''}` });
    const page = intParam(params.get('page'), 1, 1, 1_000_000_000);
    if (page === null) return sendJson(res, 400, { error: 'page must be an integer >= 1' });
    const pageSize = intParam(params.get('pageSize'), 100, 1, PAGE_LIMIT);
    if (pageSize === null) return sendJson(res, 400, { error: `pageSize must be an integer in 1..${PAGE_LIMIT}` });
    const register = loai === 'den' ? 'DEN' : 'DI';
    const listed = this.data.page(register, sinceSec, page, pageSize);
    let rows: number[] = Array.from(listed.indices);
    const f = this.faults;
    if (listed.previous !== null && rows.length > 0 && unitHash(this.seed, sinceSec, page, pageSize, loai === 'den' ? 1 : 2, SALT.duplicate) < f.duplicateRate) {
      rows = [listed.previous, ...rows];
    }
    await streamJson(
      res,
      200,
      `{"page":${page},"pageSize":${pageSize},"tongSo":${listed.total},"duLieu":[`,
      rows.map((i) => JSON.stringify(this.serveDocument(i))),
      ']}',
    );
    if (f.pageDrift > 0 && rows.length > 0) {
      const r = new Rng(hash32(this.seed, request, SALT.drift));
      const served = [...new Set(rows)];
      const touched = new Set<number>();
      const want = Math.min(f.pageDrift, served.length);
      while (touched.size < want) touched.add(served[r.int(served.length)] ?? 0);
      this.data.touch([...touched]);
    }
  }

  /** A2: the first `top` packages not yet acknowledged. */
  private pending(params: URLSearchParams, res: ServerResponse, request: number): void {
    const top = intParam(params.get('top'), 100, 1, PAGE_LIMIT);
    if (top === null) return sendJson(res, 400, { error: `top must be an integer in 1..${PAGE_LIMIT}` });
    const ids = this.data.pending(top);
    const first = ids[0];
    if (first !== undefined && unitHash(this.seed, request, SALT.duplicate) < this.faults.duplicateRate) ids.push(first);
    sendJson(res, 200, { ids });
  }

  /** The document as this source would send it, with the text and record faults applied. */
  private serveDocument(i: number): unknown {
    const f = this.faults;
    const view = this.data.view(i);
    let out: unknown = view.raw;
    if (this.data.isLegacy(i) && unitHash(this.seed, i, SALT.tcvn3) < f.tcvn3Rate) out = mapStrings(out, toTcvn3Latin1);
    else if (unitHash(this.seed, i, SALT.nfd) < f.nfdRate) out = mapStrings(out, toNfd);
    return isRecord(out) ? serveBroken(out, drawBreakage(this.seed, [i], SALT.bad, f.badRecordRate, DOCUMENT_BREAKS)) : out;
  }

  /** Package k as served: NFD for some, and broken ones (breakages.ts) as their draw says. */
  private servePackage(k: number): string {
    let xml = this.data.packageXml(k);
    if (unitHash(this.seed, k, SALT.nfd, 1) < this.faults.nfdRate) xml = toNfd(xml);
    return serveBroken({ xml }, this.drawPackage(k, xml)).xml;
  }

  private drawPackage(k: number, xml: string) {
    const ways = xml.includes('<edXML:Status>') ? STATUS_PACKAGE_BREAKS : DOCUMENT_PACKAGE_BREAKS;
    return drawBreakage(this.seed, [k, 1], SALT.bad, this.faults.badRecordRate, ways);
  }

  /** How many records of each stream the bad-record fault breaks now: listed documents, pending packages. */
  private badRecords(): Record<'documents-incoming' | 'documents-outgoing' | 'edxml', BrokenCounts> {
    const rate = this.faults.badRecordRate;
    const register = (loai: 'DEN' | 'DI') => countBroken(this.seed, Array.from(this.data.page(loai, -Infinity, 1, Number.MAX_SAFE_INTEGER).indices, (i) => [i]), SALT.bad, rate, DOCUMENT_BREAKS);
    const edxml: BrokenCounts = { malformed: 0, flawed: 0 };
    for (const id of this.data.pending(Number.MAX_SAFE_INTEGER)) {
      const k = this.data.packageNumber(id) ?? 0;
      const drawn = rate > 0 ? this.drawPackage(k, this.data.packageXml(k)) : null;
      if (drawn) edxml[drawn.way.outcome]++;
    }
    return { 'documents-incoming': register('DEN'), 'documents-outgoing': register('DI'), edxml };
  }
}

export async function startQlvbSimulator(opts: QlvbSimulatorOptions = {}): Promise<QlvbSimulator> {
  const seed = opts.seed ?? 9;
  const data = new QlvbDataset({
    seed,
    size: opts.size ?? 2000,
    historyFrom: opts.historyFrom ?? DEFAULT_HISTORY_FROM,
    now: skewedClock(opts.now, opts.clockSkewSeconds),
    mcdtSize: opts.mcdtSize ?? 5000,
  });
  const service = new QlvbService(data, seed, opts.apiKey ?? 'demo-qlvb-key');
  service.controlToken = opts.controlToken ?? null;
  const server: Server = createServer((req, res) => {
    service.handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: err instanceof Error ? err.message : String(err) });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = IDLE_KEEP_ALIVE_MS;
  const host = opts.host ?? '127.0.0.1';
  const port = await listen(server, opts.port ?? 0, host);
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    control: (cmd) => service.control(cmd).body,
    close: () => closeServer(server),
  };
}
