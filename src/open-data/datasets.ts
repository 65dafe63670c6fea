import type { EntityManager } from '@mikro-orm/postgresql';
import { Agency, Procedure } from '../entities';
import { INDICATOR_CODES, INDICATORS } from '../indicators/definitions';
import { computeIndicator } from '../indicators/query';
import { MIN_CELL_DOSSIERS, suppressSmallCells } from '../indicators/suppression';
import { withPgClient } from '../store/pg';
import { readFreshness } from './freshness';

/**
 * The open datasets (cơ sở dữ liệu mở): what citizens and businesses may download
 * without a key, at stable URLs under /open-data/, as CSV and JSON, each field
 * described in Vietnamese and English. Nothing at dossier level; indicator cells
 * from fewer than MIN_CELL_DOSSIERS dossiers are suppressed.
 */
export const LICENCE = {
  id: 'CC-BY-4.0',
  vi: 'Giấy phép Creative Commons Ghi công 4.0 Quốc tế: được tự do sao chép, phân phối, sử dụng, kể cả cho mục đích thương mại, với điều kiện ghi rõ nguồn "Cơ sở dữ liệu mở tỉnh Bắc Kạn".',
  en: 'Creative Commons Attribution 4.0 International: free to copy, share and use, commercially too, when the source "Bắc Kạn province open data" is credited.',
  url: 'https://creativecommons.org/licenses/by/4.0/',
};

type Cell = string | number | boolean | null;
export interface FieldDescription {
  name: string;
  type: 'string' | 'number' | 'integer' | 'boolean' | 'date' | 'datetime';
  vi: string;
  en: string;
}

export interface Dataset {
  name: string;
  title: { vi: string; en: string };
  description: { vi: string; en: string };
  fields: readonly FieldDescription[];
  /** A dataset split by year has `{year}` in its path. */
  byYear: boolean;
  rows(em: EntityManager, year: number | null): Promise<Record<string, Cell>[]>;
}

const day = (d: Date | null) => (d ? d.toISOString() : null);

const indicators: Dataset = {
  name: 'indicators',
  title: { vi: 'Chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg) theo cơ quan và tháng', en: 'Service indicators (Decision 766/QĐ-TTg) per agency and month' },
  description: {
    vi: `Mỗi dòng là một chỉ số của một cơ quan (cộng dồn các đơn vị trực thuộc) trong một tháng. Ô tính từ dưới ${MIN_CELL_DOSSIERS} hồ sơ được ẩn (suppressed = true) để không thể nhận ra người nộp.`,
    en: `One row per indicator, agency (including the units under it) and month. A cell computed from fewer than ${MIN_CELL_DOSSIERS} dossiers is withheld (suppressed = true) so that no applicant can be singled out.`,
  },
  byYear: true,
  fields: [
    { name: 'indicator', type: 'string', vi: 'Mã chỉ số', en: 'Indicator code' },
    { name: 'indicator_number', type: 'string', vi: 'Số hiệu chỉ số trong Quyết định 766', en: 'Indicator number in Decision 766' },
    { name: 'indicator_name', type: 'string', vi: 'Tên chỉ số (tiếng Anh)', en: 'Indicator name' },
    { name: 'period', type: 'date', vi: 'Ngày đầu tháng (giờ Việt Nam)', en: 'First day of the month (Vietnam time)' },
    { name: 'agency_code', type: 'string', vi: 'Mã định danh cơ quan', en: 'Agency identifier code' },
    { name: 'agency_name', type: 'string', vi: 'Tên cơ quan', en: 'Agency name' },
    { name: 'numerator', type: 'number', vi: 'Tử số (để trống khi bị ẩn)', en: 'Numerator (empty when suppressed)' },
    { name: 'denominator', type: 'integer', vi: 'Số hồ sơ dùng để tính (để trống khi bị ẩn)', en: 'Dossiers the value is computed from (empty when suppressed)' },
    { name: 'value', type: 'number', vi: 'Giá trị: phần trăm, hoặc số ngày với chỉ số thời gian', en: 'Value: percent, or days for the time indicator' },
    { name: 'unit', type: 'string', vi: 'PERCENT hoặc DAYS', en: 'PERCENT or DAYS' },
    { name: 'threshold', type: 'number', vi: 'Ngưỡng chấm điểm (phần trăm)', en: 'Scoring threshold (percent)' },
    { name: 'score', type: 'number', vi: 'Tỷ lệ điểm đạt được, 0 đến 1', en: 'Share of the points earned, 0 to 1' },
    { name: 'suppressed', type: 'boolean', vi: `true khi ô tính từ dưới ${MIN_CELL_DOSSIERS} hồ sơ và bị ẩn`, en: `true when the cell is withheld (fewer than ${MIN_CELL_DOSSIERS} dossiers)` },
  ],
  async rows(em, year) {
    const names = new Map((await em.find(Agency, {}, { fields: ['code', 'name'] })).map((a) => [a.code, a.name]));
    return withPgClient(em, async (client) => {
      const out: Record<string, Cell>[] = [];
      for (const code of INDICATOR_CODES) {
        const def = INDICATORS[code];
        const rows = await computeIndicator(client, { code, unit: 'MONTH', from: `${year}-01-01`, to: `${year! + 1}-01-01`, groupBy: 'AGENCY' });
        for (const r of rows.map(suppressSmallCells)) {
          out.push({
            indicator: code,
            indicator_number: def.number,
            indicator_name: def.name,
            period: r.period,
            agency_code: r.groupKey,
            agency_name: names.get(r.groupKey) ?? null,
            numerator: r.numerator,
            denominator: r.denominator,
            value: r.value,
            unit: def.unit,
            threshold: def.threshold,
            score: r.score,
            suppressed: r.suppressed,
          });
        }
      }
      return out;
    });
  },
};

const agencies: Dataset = {
  name: 'agencies',
  title: { vi: 'Danh mục cơ quan, đơn vị', en: 'Agency catalogue' },
  description: { vi: 'Các cơ quan, đơn vị theo mã định danh điện tử, kể cả đơn vị đã sắp xếp năm 2025 với thời hạn hiệu lực.', en: 'Agencies by electronic identifier code, including units rearranged in 2025 with their validity dates.' },
  byYear: false,
  fields: [
    { name: 'code', type: 'string', vi: 'Mã định danh điện tử', en: 'Electronic identifier code' },
    { name: 'name', type: 'string', vi: 'Tên cơ quan', en: 'Name' },
    { name: 'parent_code', type: 'string', vi: 'Mã cơ quan cấp trên', en: 'Code of the parent agency' },
    { name: 'level', type: 'integer', vi: 'Cấp: 1 tỉnh, 2 sở/huyện, 3 xã, 4 đơn vị dưới xã', en: 'Level: 1 province, 2 department or district, 3 commune, 4 below a commune' },
    { name: 'valid_from', type: 'date', vi: 'Ngày bắt đầu hiệu lực', en: 'First day of validity' },
    { name: 'valid_to', type: 'date', vi: 'Ngày hết hiệu lực', en: 'Last day of validity' },
    { name: 'successor_code', type: 'string', vi: 'Mã đơn vị tiếp nhận sau sắp xếp', en: 'Code of the unit that took over' },
  ],
  async rows(em) {
    return (await em.find(Agency, {}, { orderBy: { code: 'asc' } })).map((a) => ({
      code: a.code, name: a.name, parent_code: a.parentCode, level: a.level, valid_from: a.validFrom, valid_to: a.validTo, successor_code: a.successorCode,
    }));
  },
};

const procedures: Dataset = {
  name: 'procedures',
  title: { vi: 'Danh mục thủ tục hành chính', en: 'Administrative procedure catalogue' },
  description: { vi: 'Thủ tục hành chính đang áp dụng, mức độ dịch vụ công trực tuyến, thời hạn giải quyết và lệ phí.', en: 'Administrative procedures in use, online service level, legal processing time and fees.' },
  byYear: false,
  fields: [
    { name: 'code', type: 'string', vi: 'Mã thủ tục tại tỉnh', en: 'Local procedure code' },
    { name: 'national_code', type: 'string', vi: 'Mã thủ tục quốc gia', en: 'National procedure code' },
    { name: 'name', type: 'string', vi: 'Tên thủ tục', en: 'Name' },
    { name: 'field_code', type: 'string', vi: 'Mã lĩnh vực', en: 'Field code' },
    { name: 'field_name', type: 'string', vi: 'Tên lĩnh vực', en: 'Field name' },
    { name: 'service_level', type: 'integer', vi: 'Mức độ: 2 không trực tuyến, 3 một phần, 4 toàn trình', en: 'Level: 2 not online, 3 partly online, 4 fully online' },
    { name: 'processing_time', type: 'number', vi: 'Thời hạn giải quyết', en: 'Legal processing time' },
    { name: 'processing_time_unit', type: 'string', vi: 'DAYS (ngày) hoặc WORKING_DAYS (ngày làm việc)', en: 'DAYS or WORKING_DAYS' },
    { name: 'has_fee', type: 'boolean', vi: 'Có phí, lệ phí', en: 'Has a fee' },
  ],
  async rows(em) {
    return (await em.find(Procedure, {}, { orderBy: { code: 'asc' } })).map((p) => ({
      code: p.code, national_code: p.nationalCode, name: p.name, field_code: p.fieldCode, field_name: p.fieldName, service_level: p.serviceLevel,
      processing_time: p.processingTime, processing_time_unit: p.processingTimeUnit, has_fee: p.hasFee,
    }));
  },
};

const freshness: Dataset = {
  name: 'freshness',
  title: { vi: 'Độ mới của dữ liệu', en: 'Data freshness' },
  description: { vi: 'Dữ liệu được cập nhật đến khi nào: lần đồng bộ thành công gần nhất của từng nguồn.', en: 'How current the data is: the last successful sync of each source stream.' },
  byYear: false,
  fields: [
    { name: 'source_system', type: 'string', vi: 'Hệ thống nguồn: mcdt (một cửa), dvc (cổng dịch vụ công), qlvb (quản lý văn bản)', en: 'Source system: mcdt (one-stop shop), dvc (public-service portal), qlvb (documents)' },
    { name: 'stream', type: 'string', vi: 'Loại dữ liệu', en: 'Kind of data' },
    { name: 'last_success_at', type: 'datetime', vi: 'Lần đồng bộ thành công gần nhất (UTC)', en: 'Last successful sync (UTC)' },
    { name: 'newest_record_at', type: 'datetime', vi: 'Thời điểm thay đổi của bản ghi mới nhất tại nguồn (UTC)', en: 'Change time at the source of the newest record (UTC)' },
  ],
  async rows(em) {
    return (await readFreshness(em)).map((f) => ({ source_system: f.sourceSystem, stream: f.stream, last_success_at: day(f.lastSuccessAt), newest_record_at: day(f.newestRecordAt) }));
  },
};

export const DATASETS: readonly Dataset[] = [indicators, agencies, procedures, freshness];
