import { SourceAuthError, SourceRequestError, SourceUnavailableError } from '../errors';
import { buildUrl, DEFAULT_HTTP, type HttpOptions, requestJson } from '../http';
import type { ReadContext } from '../types';
import type { DvcConfig } from './config';
import type {
  DvcService,
  RawApiReply,
  RawApiRequest,
  RawAuthReply,
  RawAuthRequest,
  RawListParams,
  RawNationalProcedure,
  RawOnlinePayment,
  RawPortalAgency,
  RawPortalDossier,
  RawRating,
} from './raw';

/** A successful list answer: the page's rows and the window's row count. */
export interface DvcPage<T> {
  result: T[];
  total: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The portal adapter (shared/source-systems.md §C): one session, logged in on the
 * first call; a call answered `-1` (session expired) logs in again and is repeated
 * once. Transport faults are retried by requestJson.
 */
export class DvcClient {
  private session: string | null = null;
  private readonly http: HttpOptions;

  constructor(
    private readonly config: DvcConfig,
    private readonly ctx: ReadContext,
  ) {
    this.http = { ...DEFAULT_HTTP, timeoutMs: config.timeoutMs, maxRetries: config.maxRetries };
  }

  private url(path: string): string {
    return buildUrl(this.config.baseUrl, path);
  }

  /** `POST /dvc/auth`. A refusal (`error_code` not 0) is a SourceAuthError: retrying will not help. */
  private async login(): Promise<string> {
    const body: RawAuthRequest = { username: this.config.username, password: this.config.password };
    const reply = await requestJson<unknown>({ method: 'POST', url: this.url('dvc/auth'), body }, this.ctx, this.http);
    if (!isObject(reply)) throw new SourceUnavailableError(`POST /dvc/auth answered something that is not a JSON object`);
    const { session, error_code: code, message } = reply as Partial<RawAuthReply>;
    if (String(code) !== '0' || typeof session !== 'string' || session === '') {
      throw new SourceAuthError(
        `the DVC portal refused the login of "${this.config.username}" (error_code ${JSON.stringify(code)}): ${typeof message === 'string' && message ? message : 'no message'}. Check the connector's username and password.`,
      );
    }
    this.session = session;
    return session;
  }

  /** `POST /dvc/api` for one service; checks the envelope and renews an expired session once. */
  private async call<T>(service: DvcService, params: Partial<RawListParams> = {}): Promise<DvcPage<T>> {
    for (let renewed = false; ; renewed = true) {
      const session = this.session ?? (await this.login());
      const body: RawApiRequest = { session, madonvi: this.config.agencyCode, service, ...params };
      const reply = await requestJson<unknown>({ method: 'POST', url: this.url('dvc/api'), body }, this.ctx, this.http);
      if (!isObject(reply) || !('error_code' in reply)) throw new SourceUnavailableError(`DVC ${service} answered without an error_code`);
      const { error_code: code, message, result, total } = reply as Partial<RawApiReply<T>>;
      const said = typeof message === 'string' && message ? message : 'no message';
      if (String(code) === '-1') {
        if (renewed) throw new SourceUnavailableError(`DVC ${service}: the session expired again right after logging in (${said})`);
        this.ctx.log('DVC session expired; logging in again', { service });
        this.session = null;
        continue;
      }
      if (String(code) !== '00') throw new SourceRequestError(`DVC ${service} answered error_code ${JSON.stringify(code)}: ${said}`);
      if (!Array.isArray(result)) throw new SourceUnavailableError(`DVC ${service} answered "00" without a result list`);
      return { result, total: typeof total === 'number' && Number.isInteger(total) && total >= 0 ? total : result.length };
    }
  }

  /** LayDanhSachHoSo: online dossiers changed in [tuNgay, denNgay] (`yyyyMMddHHmmss`, inclusive). */
  dossiers(params: RawListParams): Promise<DvcPage<RawPortalDossier>> {
    return this.call('LayDanhSachHoSo', params);
  }

  /** LayDanhSachThanhToan: payment-platform transactions changed in the window. */
  payments(params: RawListParams): Promise<DvcPage<RawOnlinePayment>> {
    return this.call('LayDanhSachThanhToan', params);
  }

  /** LayDanhSachDanhGia: satisfaction ratings changed in the window. */
  ratings(params: RawListParams): Promise<DvcPage<RawRating>> {
    return this.call('LayDanhSachDanhGia', params);
  }

  /** LayDanhSachTTHC: the national procedure catalogue. */
  async procedures(): Promise<RawNationalProcedure[]> {
    return (await this.call<RawNationalProcedure>('LayDanhSachTTHC')).result;
  }

  /** LayDanhMucCoQuan: the agency catalogue. */
  async agencies(): Promise<RawPortalAgency[]> {
    return (await this.call<RawPortalAgency>('LayDanhMucCoQuan')).result;
  }
}
