import { buildUrl, DEFAULT_HTTP, requestJson } from '../http';
import { toSlashDate } from '../normalise';
import type { ReadContext } from '../types';
import type { McdtConfig } from './config';
import type { RawAgency, RawDossierPage, RawPayment, RawProcedure } from './raw';

/** The MCĐT API (shared/source-systems.md §B), one method per endpoint. */
export class McdtClient {
  constructor(
    private readonly config: McdtConfig,
    private readonly ctx: ReadContext,
  ) {}

  private get<T>(path: string, query: Record<string, string | number> = {}): Promise<T> {
    return requestJson<T>({ url: buildUrl(this.config.baseUrl, path, query), headers: { ApiKey: this.config.apiKey } }, this.ctx, {
      ...DEFAULT_HTTP,
      timeoutMs: this.config.timeoutMs,
      maxRetries: this.config.maxRetries,
    });
  }

  /** B1: dossiers changed on the days [from, to] (`yyyy-MM-dd`), rows start..end inclusive. */
  dossiers(from: string, to: string, start: number, end: number): Promise<RawDossierPage> {
    return this.get('api/hoso', { tuNgay: toSlashDate(from), denNgay: toSlashDate(to), start, end });
  }

  /** B2: the agency catalogue. */
  agencies(): Promise<RawAgency[]> {
    return this.get('api/donvi');
  }

  /** B2: the local procedure catalogue. */
  procedures(): Promise<RawProcedure[]> {
    return this.get('api/thutuc');
  }

  /** B3: counter and transfer payments changed on the days [from, to]. */
  payments(from: string, to: string): Promise<RawPayment[]> {
    return this.get('api/thanhtoan', { tuNgay: toSlashDate(from), denNgay: toSlashDate(to) });
  }
}
