/**
 * HTTP simulator of the DVC public-service portal (national-portal adapter style),
 * contract C of shared/source-systems.md: `POST /dvc/auth` (session login) and
 * `POST /dvc/api` (one service per call), plus `POST /__control` for tests
 * (faults, clock, mutations, sessions). node:http only.
 */
import { type BaseControl, isRecord, NO_TRANSPORT_FAULTS, parseControl, playTransportFaults, serveControl, type TransportFaults } from '../shared/faults';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { DEFAULT_HISTORY_FROM } from '../mcdt/dataset';
import { type BrokenCounts, type Breakage, countBroken, drawBreakage, serveBroken } from '../shared/bad-records';
import { closeServer, listen, parseUrl, readBody, sendJson, sendJsonText, streamJson } from '../shared/http';
import { Rng, hash32, unitHash } from '../shared/prng';
import { mapStrings, toNfd } from '../shared/text';
import { parseCompact, skewedClock } from '../shared/time';
import { AGENCY_BREAKS, DOSSIER_BREAKS, PAYMENT_BREAKS, PROCEDURE_BREAKS, RATING_BREAKS } from './breakages';
import { DvcDataset } from './dataset';

/** Switchable source misbehaviour; all off by default. Choices are fixed by the seed. Transport faults (errors, 429, slow, drops) come from shared/faults.ts. */
export interface DvcFaults extends TransportFaults {
  /** Fraction of records (fixed per record) whose text is served in NFD instead of NFC. */
  nfdRate: number;
  /** After each LayDanhSachHoSo page, this many of the dossiers just served change (NgayCapNhat = now), so later pages shift. */
  pageDrift: number;
  /** Chance (fixed per window and page) that a page after the first begins with the previous page's last row again. */
  duplicateRate: number;
  /**
   * Fraction of records of every service (fixed per record) served broken, one way each
   * (breakages.ts): malformed (a field of the wrong type, an impossible date, no key) or
   * flawed (an optional field spoiled). `stats` counts both per stream.
   */
  badRecordRate: number;
  /** This many portal dossiers (a fixed pseudo-random set) vanish from every listing, with their payments and ratings. */
  deletedCount: number;
  /** A session answers `-1` (expired) after this many API calls; 0 is off. */
  sessionTtlCalls: number;
}

export type DvcControl =
  | BaseControl<DvcFaults>
  /** Every session issued so far answers `-1` from now on. */
  | { action: 'expireSessions' };

export interface DvcSimulatorOptions {
  /** Enables `POST /__control` over HTTP for requests carrying this token (X-Control-Token). */
  controlToken?: string;
  seed?: number;
  /** Number of one-stop-shop dossiers, as for the MCĐT simulator; the portal holds the online ones. */
  size?: number;
  username?: string;
  password?: string;
  historyFrom?: Date;
  /** The hub's clock (default: the wall clock); the simulator's own is this plus `clockSkewSeconds`. */
  now?: Date;
  /** Seconds the simulator's clock runs ahead of `now` (negative: behind). */
  clockSkewSeconds?: number;
  port?: number;
  host?: string;
}

export interface DvcSimulator {
  url: string;
  port: number;
  /** Same as POST /__control with that body; returns the same JSON. */
  control(cmd: DvcControl): unknown;
  close(): Promise<void>;
}

const NO_FAULTS: DvcFaults = {
  ...NO_TRANSPORT_FAULTS,
  nfdRate: 0,
  pageDrift: 0,
  duplicateRate: 0,
  badRecordRate: 0,
  deletedCount: 0,
  sessionTtlCalls: 0,
};

const RATE_FAULTS = ['nfdRate', 'duplicateRate', 'badRecordRate', 'errorRate', 'dropRate'] as const;
const COUNT_FAULTS = ['pageDrift', 'rateLimit', 'slowMs', 'deletedCount', 'sessionTtlCalls'] as const;

/** Salts that keep each fault's random choices independent of the others. */
const SALT = { nfd: 301, drift: 302, duplicate: 303, bad: 304, error: 305, drop: 306, badPayment: 307, badRating: 308, badProcedure: 309, badAgency: 310 } as const;

const PAGE_LIMIT = 200;
const IDLE_KEEP_ALIVE_MS = 3000;
const EXPIRED = { error_code: '-1', message: 'Phiên làm việc hết hạn' } as const;

interface Reply {
  status: number;
  body: unknown;
}

/** A paged list request: [from, to] inclusive in epoch seconds. */
interface ListQuery {
  from: number;
  to: number;
  pageIndex: number;
  pageSize: number;
}

function badRequest(message: string): Reply {
  return { status: 400, body: { error: message } };
}

/** A refused API call: `"02"` (bad parameter) goes with HTTP 400, the other codes with 200. */
function apiError(code: '01' | '02', message: string): Reply {
  return { status: code === '02' ? 400 : 200, body: { error_code: code, message } };
}

/** Checks a /__control body; returns the command or an error message. */
function parseDvcControl(body: unknown): DvcControl | string {
  return parseControl<DvcFaults, { action: 'expireSessions' }>(body, { rate: RATE_FAULTS, count: COUNT_FAULTS }, {
    actions: ['expireSessions'],
    parse: (b) => (b.action === 'expireSessions' ? { action: 'expireSessions' } : undefined),
  });
}

/** A positive integer sent as a number or as digits (the portal's clients do both). */
function intParam(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : null;
}

/** The window and paging of a list service, or the `"02"` answer naming the bad parameter. */
function listQuery(body: Record<string, unknown>): ListQuery | Reply {
  const from = typeof body.tuNgay === 'string' ? parseCompact(body.tuNgay) : null;
  if (from === null) return apiError('02', `tuNgay phải là thời điểm yyyyMMddHHmmss, nhận được ${JSON.stringify(body.tuNgay)}`);
  const to = typeof body.denNgay === 'string' ? parseCompact(body.denNgay) : null;
  if (to === null) return apiError('02', `denNgay phải là thời điểm yyyyMMddHHmmss, nhận được ${JSON.stringify(body.denNgay)}`);
  if (to < from) return apiError('02', 'denNgay phải không sớm hơn tuNgay');
  const pageIndex = intParam(body.pageIndex);
  if (pageIndex === null || pageIndex < 1) return apiError('02', 'pageIndex phải là số nguyên từ 1');
  const pageSize = intParam(body.pageSize);
  if (pageSize === null || pageSize < 1 || pageSize > PAGE_LIMIT) return apiError('02', `pageSize phải là số nguyên từ 1 đến ${PAGE_LIMIT}`);
  return { from, to, pageIndex, pageSize };
}

class DvcService {
  /** Token `/__control` needs over HTTP; null: the endpoint is off. */
  controlToken: string | null = null;
  private faults: DvcFaults = { ...NO_FAULTS };
  private requests = 0;
  /** Live sessions and the calls made with each; an expired session is forgotten, so it answers `-1` like an unknown one. */
  private readonly sessions = new Map<string, number>();
  private logins = 0;
  private readonly agencyCodes: ReadonlySet<string>;
  private readonly procedureJson: string;
  private readonly agencyJson: string;
  private readonly answer: (rows: readonly unknown[]) => string;

  constructor(
    private readonly data: DvcDataset,
    private readonly seed: number,
    private readonly username: string,
    private readonly password: string,
  ) {
    const answer = (rows: readonly unknown[]): string => JSON.stringify({ error_code: '00', message: '', result: rows, total: rows.length });
    this.answer = answer;
    this.procedureJson = answer(data.procedures);
    this.agencyJson = answer(data.agencies);
    this.agencyCodes = new Set(data.agencies.map((a) => a.MADONVI));
  }

  control(input: unknown): Reply {
    const cmd = parseDvcControl(input);
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
        return { status: 200, body: { ...this.data.stats(), requests: this.requests, logins: this.logins, sessions: this.sessions.size, badRecords: this.badRecords() } };
      case 'expireSessions': {
        const expired = this.sessions.size;
        this.sessions.clear();
        return { status: 200, body: { expired } };
      }
    }
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = parseUrl(req);
    if (url.pathname === '/__control') return serveControl(req, res, (body) => this.control(body), this.controlToken);
    if (url.pathname !== '/dvc/auth' && url.pathname !== '/dvc/api') return sendJson(res, 404, { error: 'NOT_FOUND' });
    const n = ++this.requests;
    if (await playTransportFaults(req, res, this.faults, this.seed, n, SALT)) return;
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'use POST' });
    const body = await this.readJson(req);
    if (!isRecord(body)) {
      const message = 'Dữ liệu gửi lên phải là một đối tượng JSON';
      return sendJson(res, 400, url.pathname === '/dvc/auth' ? { session: '', error_code: 1, message } : { error_code: '02', message });
    }
    return url.pathname === '/dvc/auth' ? this.login(body, res) : this.api(body, res, n);
  }

  private async readJson(req: IncomingMessage): Promise<unknown> {
    try {
      return JSON.parse(await readBody(req)) as unknown;
    } catch {
      return undefined;
    }
  }

  /** `POST /dvc/auth`: a session for the right credentials, `error_code` 1 (with HTTP 200) otherwise. */
  private login(body: Record<string, unknown>, res: ServerResponse): void {
    if (body.username !== this.username || body.password !== this.password) {
      return sendJson(res, 200, { session: '', error_code: 1, message: 'Tên đăng nhập hoặc mật khẩu không đúng' });
    }
    const session = randomUUID();
    this.sessions.set(session, 0);
    this.logins++;
    return sendJson(res, 200, { session, error_code: 0 });
  }

  /** Counts a call on the session; false when it is unknown or expired. */
  private useSession(token: unknown): boolean {
    if (typeof token !== 'string') return false;
    const calls = this.sessions.get(token);
    if (calls === undefined) return false;
    const ttl = this.faults.sessionTtlCalls;
    if (ttl > 0 && calls >= ttl) {
      this.sessions.delete(token);
      return false;
    }
    this.sessions.set(token, calls + 1);
    return true;
  }

  /** `POST /dvc/api`: session, calling unit, then the service. */
  private async api(body: Record<string, unknown>, res: ServerResponse, request: number): Promise<void> {
    if (!this.useSession(body.session)) return sendJson(res, 200, EXPIRED);
    if (typeof body.madonvi !== 'string' || !this.agencyCodes.has(body.madonvi)) {
      const reply = apiError('01', `Mã đơn vị (madonvi) không hợp lệ: ${JSON.stringify(body.madonvi)}`);
      return sendJson(res, reply.status, reply.body);
    }
    switch (body.service) {
      case 'LayDanhSachTTHC':
        if (this.faults.badRecordRate === 0) return sendJsonText(res, 200, this.procedureJson);
        return sendJsonText(res, 200, this.answer(this.data.procedures.map((row, k) => this.serve(row, [k], SALT.badProcedure, PROCEDURE_BREAKS))));
      case 'LayDanhMucCoQuan':
        if (this.faults.badRecordRate === 0) return sendJsonText(res, 200, this.agencyJson);
        return sendJsonText(res, 200, this.answer(this.data.agencies.map((row, k) => this.serve(row, [k], SALT.badAgency, AGENCY_BREAKS))));
      case 'LayDanhSachHoSo':
      case 'LayDanhSachThanhToan':
      case 'LayDanhSachDanhGia': {
        const q = listQuery(body);
        if ('status' in q) return sendJson(res, q.status, q.body);
        if (body.service === 'LayDanhSachHoSo') return this.dossiers(q, res, request);
        if (body.service === 'LayDanhSachThanhToan') return this.payments(q, res);
        return this.ratings(q, res);
      }
      default: {
        const reply = apiError('01', `Dịch vụ không tồn tại: ${JSON.stringify(body.service)}`);
        return sendJson(res, reply.status, reply.body);
      }
    }
  }

  /**
   * Listing positions [start, end) of one page (pageIndex from 1). With the duplicate
   * fault the page begins with the previous page's last row again.
   */
  private pageRange(q: ListQuery, total: number): { start: number; end: number } {
    const start = (q.pageIndex - 1) * q.pageSize;
    const repeat = start > 0 && start <= total && unitHash(this.seed, q.from, q.to, q.pageIndex, SALT.duplicate) < this.faults.duplicateRate;
    return { start: repeat ? start - 1 : start, end: Math.min(total, start + q.pageSize) };
  }

  private async send(res: ServerResponse, total: number, rows: readonly unknown[]): Promise<void> {
    await streamJson(res, 200, '{"error_code":"00","message":"","result":[', rows.map((row) => JSON.stringify(row)), `],"total":${total}}`);
  }

  /** LayDanhSachHoSo: dossiers by (NgayCapNhat, MaHoSoQG); pageDrift then changes some of the rows served. */
  private async dossiers(q: ListQuery, res: ServerResponse, request: number): Promise<void> {
    const listed = this.data.window(q.from, q.to + 1);
    const { start, end } = this.pageRange(q, listed.length);
    const rows = Array.from(listed.slice(start, end));
    await this.send(res, listed.length, rows.map((p) => this.serve(this.withNfd(this.data.dossier(p), [p]), [p], SALT.bad, DOSSIER_BREAKS)));
    const drift = this.faults.pageDrift;
    if (drift > 0 && rows.length > 0) {
      const r = new Rng(hash32(this.seed, request, SALT.drift));
      const served = [...new Set(rows)];
      const touched = new Set<number>();
      const want = Math.min(drift, served.length);
      while (touched.size < want) touched.add(served[r.int(served.length)] ?? 0);
      this.data.touch([...touched]);
    }
  }

  /** LayDanhSachThanhToan: online payments by (NgayCapNhat, MaThamChieu). */
  private async payments(q: ListQuery, res: ServerResponse): Promise<void> {
    const listed = this.data.payments(q.from, q.to + 1);
    const { start, end } = this.pageRange(q, listed.length);
    const rows = listed.slice(start, end).map((ref) =>
      this.serve(this.withNfd(this.data.payment(ref), [ref.p, ref.attempt]), [ref.p, ref.attempt], SALT.badPayment, PAYMENT_BREAKS),
    );
    await this.send(res, listed.length, rows);
  }

  /** LayDanhSachDanhGia: ratings by (NgayCapNhat, MaHoSo, ThoiGianDanhGia). */
  private async ratings(q: ListQuery, res: ServerResponse): Promise<void> {
    const listed = this.data.ratings(q.from, q.to + 1);
    const { start, end } = this.pageRange(q, listed.length);
    const rows = listed.slice(start, end).map((ref) =>
      this.serve(this.withNfd(this.data.rating(ref), [ref.p]), [ref.p], SALT.badRating, RATING_BREAKS),
    );
    await this.send(res, listed.length, rows);
  }

  /** The record in NFD when its fixed draw says so. */
  private withNfd<R extends object>(record: R, unit: readonly number[]): R {
    return unitHash(this.seed, ...unit, SALT.nfd) < this.faults.nfdRate ? (mapStrings(record, toNfd) as R) : record;
  }

  /** The record as served under the bad-record fault. */
  private serve<R extends object>(record: R, unit: readonly number[], salt: number, ways: readonly Breakage<R>[]): R {
    return serveBroken(record, drawBreakage(this.seed, unit, salt, this.faults.badRecordRate, ways));
  }

  /** How many records of each stream the bad-record fault breaks now, of those listed. */
  private badRecords(): Record<'agencies' | 'procedures' | 'dossiers' | 'payments' | 'ratings', BrokenCounts> {
    const rate = this.faults.badRecordRate;
    return {
      agencies: countBroken(this.seed, this.data.agencies.map((_, k) => [k]), SALT.badAgency, rate, AGENCY_BREAKS),
      procedures: countBroken(this.seed, this.data.procedures.map((_, k) => [k]), SALT.badProcedure, rate, PROCEDURE_BREAKS),
      dossiers: countBroken(this.seed, Array.from(this.data.window(-Infinity, Infinity), (p) => [p]), SALT.bad, rate, DOSSIER_BREAKS),
      payments: countBroken(this.seed, this.data.payments(-Infinity, Infinity).map((ref) => [ref.p, ref.attempt]), SALT.badPayment, rate, PAYMENT_BREAKS),
      ratings: countBroken(this.seed, this.data.ratings(-Infinity, Infinity).map((ref) => [ref.p]), SALT.badRating, rate, RATING_BREAKS),
    };
  }
}

export async function startDvcSimulator(opts: DvcSimulatorOptions = {}): Promise<DvcSimulator> {
  const seed = opts.seed ?? 9;
  const data = new DvcDataset({
    seed,
    size: opts.size ?? 5000,
    historyFrom: opts.historyFrom ?? DEFAULT_HISTORY_FROM,
    now: skewedClock(opts.now, opts.clockSkewSeconds),
  });
  const service = new DvcService(data, seed, opts.username ?? 'demo', opts.password ?? 'demo-dvc-pass');
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
