import { buildUrl, DEFAULT_HTTP, type HttpOptions, requestJson, requestText } from '../http';
import type { ReadContext } from '../types';
import type { QlvbConfig } from './config';
import type { RawDocumentPage, RawPendingList } from './raw';

/** The QLVB API (shared/source-systems.md §A), one method per endpoint. */
export class QlvbClient {
  private readonly http: HttpOptions;

  constructor(
    private readonly config: QlvbConfig,
    private readonly ctx: ReadContext,
  ) {
    this.http = { ...DEFAULT_HTTP, timeoutMs: config.timeoutMs, maxRetries: config.maxRetries };
  }

  private url(path: string, query: Record<string, string | number> = {}): string {
    return buildUrl(this.config.baseUrl, path, query);
  }

  private get headers(): Record<string, string> {
    return { 'X-API-Key': this.config.apiKey };
  }

  /** A1: documents of a register changed at or after `since` (`yyyy-MM-ddTHH:mm:ss` local), one page. */
  documents(loai: 'den' | 'di', since: string, page: number, pageSize: number): Promise<RawDocumentPage> {
    return requestJson({ url: this.url('api/v1/van-ban', { loai, ngayCapNhatTu: since, page, pageSize }), headers: this.headers }, this.ctx, this.http);
  }

  /** A2: ids of the packages waiting for us, oldest first. */
  pending(top: number): Promise<RawPendingList> {
    return requestJson({ url: this.url('edxml/cho-nhan', { top }), headers: this.headers }, this.ctx, this.http);
  }

  /** A2: one package's edXML text, or null when the exchange no longer has it. */
  packageXml(id: string): Promise<string | null> {
    return requestText({ url: this.url(`edxml/goi-tin/${encodeURIComponent(id)}`), headers: { ...this.headers, accept: 'application/xml' }, notFoundAsNull: true }, this.ctx, this.http);
  }

  /** A2: acknowledges a package; false when the exchange no longer has it. */
  async acknowledge(id: string): Promise<boolean> {
    return (await requestText({ method: 'POST', url: this.url(`edxml/goi-tin/${encodeURIComponent(id)}/da-nhan`), headers: this.headers, notFoundAsNull: true }, this.ctx, this.http)) !== null;
  }
}
