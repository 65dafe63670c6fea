/**
 * HTTP simulator of the provincial MCĐT (one-stop-shop) REST API, contract B
 * of shared/source-systems.md: dossiers (B1), catalogues (B2), payments (B3),
 * plus `POST /__control` for tests (faults, clock, mutations). node:http only.
 */
import { type BaseControl, isRecord, NO_TRANSPORT_FAULTS, parseControl, playTransportFaults, serveControl, type TransportFaults } from '../shared/faults';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { RawDossier } from '../../../connectors/mcdt/raw';
import { closeServer, listen, parseUrl, sendJson, sendJsonText, streamJson } from '../shared/http';
import { type BrokenCounts, countBroken, drawBreakage, serveBroken, textUnit } from '../shared/bad-records';
import { Rng, hash32, unitHash } from '../shared/prng';
import { mapStrings, toNfd, toTcvn3Latin1 } from '../shared/text';
import { DAY_SEC, parseDay, skewedClock } from '../shared/time';
import { AGENCY_BREAKS, DOSSIER_BREAKS, PAYMENT_BREAKS, PROCEDURE_BREAKS } from './breakages';
import { DEFAULT_HISTORY_FROM, McdtDataset } from './dataset';

/** Switchable source misbehaviour; all off by default. Choices are fixed by the seed. Transport faults (errors, 429, slow, drops) come from shared/faults.ts. */
export interface McdtFaults extends TransportFaults {
  /** Fraction of dossiers (fixed per dossier) whose text is served in NFD instead of NFC. */
  nfdRate: number;
  /** Fraction of old dossiers (submitted in the first third of the history) served as TCVN3 bytes read as Latin-1 ("Ninh B×nh"). */
  tcvn3Rate: number;
  /** After each paged /api/hoso answer, this many of the rows just served are changed (NgayCapNhat = now), so later pages shift. */
  pageDrift: number;
  /** Chance (fixed per window and start) that a page begins with the previous page's last row again. */
  duplicateRate: number;
  /**
   * Fraction of records of every stream (fixed per record) served broken, one way each
   * (breakages.ts): malformed (e.g. a dossier's status as text, an impossible NgayNopHoSo,
   * no MaHoSo) or flawed (an optional field spoiled). `stats` counts both per stream.
   */
  badRecordRate: number;
  /** This many dossiers (a fixed pseudo-random set) vanish from every listing, with their payments. */
  deletedCount: number;
}

export type McdtControl = BaseControl<McdtFaults>;

export interface McdtSimulatorOptions {
  /** Enables `POST /__control` over HTTP for requests carrying this token (X-Control-Token). */
  controlToken?: string;
  seed?: number;
  size?: number;
  apiKey?: string;
  historyFrom?: Date;
  /** The hub's clock (default: the wall clock); the simulator's own is this plus `clockSkewSeconds`. */
  now?: Date;
  /** Seconds the simulator's clock runs ahead of `now` (negative: behind). */
  clockSkewSeconds?: number;
  port?: number;
  host?: string;
}

export interface McdtSimulator {
  url: string;
  port: number;
  /** Same as POST /__control with that body; returns the same JSON. */
  control(cmd: McdtControl): unknown;
  close(): Promise<void>;
}

const NO_FAULTS: McdtFaults = {
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
const SALT = { nfd: 101, tcvn3: 102, drift: 103, duplicate: 104, bad: 105, error: 106, drop: 107, badAgency: 108, badProcedure: 109, badPayment: 110 } as const;

/** Rows per page cap of B1: `end − start` must stay below it. */
const PAGE_LIMIT = 500;
const IDLE_KEEP_ALIVE_MS = 3000;

interface Reply {
  status: number;
  body: unknown;
}

function badRequest(message: string): Reply {
  return { status: 400, body: { error: message } };
}

/** Checks a /__control body; returns the command or an error message. */
function parseMcdtControl(body: unknown): McdtControl | string {
  return parseControl<McdtFaults>(body, { rate: RATE_FAULTS, count: COUNT_FAULTS });
}

/** Strict integer parameter (`-1`, `0`, `499`), or null. */
function intParam(value: string | null): number | null {
  return value !== null && /^-?\d{1,9}$/.test(value) ? Number(value) : null;
}

/** [from, to) in epoch seconds for inclusive whole-day `tuNgay`/`denNgay`, or an error. */
function dayWindow(params: URLSearchParams): { from: number; to: number } | Reply {
  const tuNgay = params.get('tuNgay');
  const denNgay = params.get('denNgay');
  if (tuNgay === null || denNgay === null) return badRequest('tuNgay and denNgay are required (dd/MM/yyyy)');
  const from = parseDay(tuNgay);
  if (from === null) return badRequest(`tuNgay is not a date dd/MM/yyyy: ${tuNgay}`);
  const to = parseDay(denNgay);
  if (to === null) return badRequest(`denNgay is not a date dd/MM/yyyy: ${denNgay}`);
  if (to < from) return badRequest('denNgay is before tuNgay');
  return { from, to: to + DAY_SEC };
}

class McdtService {
  /** Token `/__control` needs over HTTP; null: the endpoint is off. */
  controlToken: string | null = null;
  private faults: McdtFaults = { ...NO_FAULTS };
  private requests = 0;
  private readonly agencyJson: string;
  private readonly procedureJson: string;

  constructor(
    private readonly data: McdtDataset,
    private readonly seed: number,
    private readonly apiKey: string,
  ) {
    this.agencyJson = JSON.stringify(data.agencies);
    this.procedureJson = JSON.stringify(data.procedures);
  }

  control(input: unknown): Reply {
    const cmd = parseMcdtControl(input);
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
    }
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = parseUrl(req);
    if (url.pathname === '/__control') return serveControl(req, res, (body) => this.control(body), this.controlToken);
    if (!url.pathname.startsWith('/api/')) return sendJson(res, 404, { error: 'NOT_FOUND' });
    if (req.headers.apikey !== this.apiKey) return sendJson(res, 401, { error: 'UNAUTHORIZED' });
    const n = ++this.requests;
    if (await playTransportFaults(req, res, this.faults, this.seed, n, SALT)) return;
    if (req.method !== 'GET') return sendJson(res, 405, { error: 'use GET' });
    switch (url.pathname) {
      case '/api/hoso':
        return this.dossiers(url.searchParams, res, n);
      case '/api/donvi':
        if (this.faults.badRecordRate === 0) return sendJsonText(res, 200, this.agencyJson);
        return sendJson(res, 200, this.data.agencies.map((a, k) => serveBroken(a, this.draw([k], SALT.badAgency, AGENCY_BREAKS))));
      case '/api/thutuc':
        if (this.faults.badRecordRate === 0) return sendJsonText(res, 200, this.procedureJson);
        return sendJson(res, 200, this.data.procedures.map((p, k) => serveBroken(p, this.draw([k], SALT.badProcedure, PROCEDURE_BREAKS))));
      case '/api/thanhtoan':
        return this.payments(url.searchParams, res);
      default:
        return sendJson(res, 404, { error: 'NOT_FOUND' });
    }
  }

  /** B1: a day window of dossiers ordered by (NgayCapNhat, MaHoSo), paged by inclusive row offsets. */
  private async dossiers(params: URLSearchParams, res: ServerResponse, request: number): Promise<void> {
    const window = dayWindow(params);
    if ('status' in window) return sendJson(res, window.status, window.body);
    const start = intParam(params.get('start'));
    const end = intParam(params.get('end'));
    if (start === null || end === null) return sendJson(res, 400, { error: 'start and end are required integers' });
    const everything = start === -1 && end === -1;
    if (!everything && (start < 0 || end < start || end - start >= PAGE_LIMIT)) {
      return sendJson(res, 400, { error: `need 0 <= start <= end and end - start < ${PAGE_LIMIT}, or start=-1&end=-1` });
    }
    const listed = this.data.window(window.from, window.to);
    let rows: number[] = Array.from(everything ? listed : listed.subarray(start, end + 1));
    const f = this.faults;
    if (!everything && start > 0 && start <= listed.length && unitHash(this.seed, window.from, window.to, start, SALT.duplicate) < f.duplicateRate) {
      rows = [listed[start - 1] ?? 0, ...rows];
    }
    const data = this.data;
    const serve = (i: number): unknown => this.serveDossier(i, data.dossier(i));
    await streamJson(res, 200, `{"TongSo":${listed.length},"DuLieu":[`, (function* () {
      for (const i of rows) yield JSON.stringify(serve(i));
    })(), ']}');
    if (!everything && f.pageDrift > 0 && rows.length > 0) {
      const r = new Rng(hash32(this.seed, request, SALT.drift));
      const served = [...new Set(rows)];
      const touched = new Set<number>();
      const want = Math.min(f.pageDrift, served.length);
      while (touched.size < want) touched.add(served[r.int(served.length)] ?? 0);
      data.touch([...touched]);
    }
  }

  /** B3: payments whose NgayCapNhat falls in the day window, unpaged. */
  private async payments(params: URLSearchParams, res: ServerResponse): Promise<void> {
    const window = dayWindow(params);
    if ('status' in window) return sendJson(res, window.status, window.body);
    const rows = this.data.payments(window.from, window.to).map((row) => serveBroken(row, this.draw(textUnit(row.Ma), SALT.badPayment, PAYMENT_BREAKS)));
    await streamJson(res, 200, '[', rows.map((row) => JSON.stringify(row)), ']');
  }

  /** The breakage a record draws under the bad-record fault. */
  private draw<R>(unit: readonly number[], salt: number, ways: Parameters<typeof drawBreakage<R>>[4]) {
    return drawBreakage(this.seed, unit, salt, this.faults.badRecordRate, ways);
  }

  /** How many records of each stream the bad-record fault breaks now, of those listed. */
  private badRecords(): Record<'agencies' | 'procedures' | 'dossiers' | 'payments', BrokenCounts> {
    const rate = this.faults.badRecordRate;
    const everything = this.data.window(-Infinity, Infinity);
    return {
      agencies: countBroken(this.seed, this.data.agencies.map((_, k) => [k]), SALT.badAgency, rate, AGENCY_BREAKS),
      procedures: countBroken(this.seed, this.data.procedures.map((_, k) => [k]), SALT.badProcedure, rate, PROCEDURE_BREAKS),
      dossiers: countBroken(this.seed, Array.from(everything, (i) => [i]), SALT.bad, rate, DOSSIER_BREAKS),
      payments: countBroken(this.seed, this.data.payments(-Infinity, Infinity).map((row) => textUnit(row.Ma)), SALT.badPayment, rate, PAYMENT_BREAKS),
    };
  }

  /** The dossier as this source would send it, with the text and record faults applied. */
  private serveDossier(i: number, dossier: RawDossier): unknown {
    const f = this.faults;
    let out: unknown = dossier;
    if (dossier.NgayNopHoSo !== null && dossier.NgayNopHoSo < this.data.legacyBefore && unitHash(this.seed, i, SALT.tcvn3) < f.tcvn3Rate) {
      out = mapStrings(out, toTcvn3Latin1);
    } else if (unitHash(this.seed, i, SALT.nfd) < f.nfdRate) {
      out = mapStrings(out, toNfd);
    }
    return isRecord(out) ? serveBroken(out, this.draw([i], SALT.bad, DOSSIER_BREAKS)) : out;
  }
}

export async function startMcdtSimulator(opts: McdtSimulatorOptions = {}): Promise<McdtSimulator> {
  const seed = opts.seed ?? 9;
  const data = new McdtDataset({
    seed,
    size: opts.size ?? 5000,
    historyFrom: opts.historyFrom ?? DEFAULT_HISTORY_FROM,
    now: skewedClock(opts.now, opts.clockSkewSeconds),
  });
  const service = new McdtService(data, seed, opts.apiKey ?? 'demo-mcdt-key');
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
