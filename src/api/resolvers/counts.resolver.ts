import type { Knex } from '@mikro-orm/postgresql';
import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { Requires, Sensitivity } from '../../auth/policy';
import { Permission } from '../../auth/roles';
import { MAX_RANGE_YEARS } from '../../indicators/bounds';
import { isDay } from '../../model/day';
import type { ApiContext } from '../context';
import { applyDossierFilter } from '../dossier-filter';
import { userInputError } from '../errors';
import { SQL_COST } from '../limits';
import { CountRowType, DocumentCountFilter, DocumentCountGroupByEnum, DossierCountGroupByEnum } from '../types/counts.types';
import { DossierFilter } from '../types/dossier.types';
import { DossierStatus } from '../types/enums';
import { PeriodUnitEnum } from '../types/indicator.types';

const TZ = 'Asia/Ho_Chi_Minh';
/** Longest answer: past this, ask for a longer period or a narrower filter. */
export const MAX_COUNT_ROWS = 10_000;
const UNIT: Record<PeriodUnitEnum, string> = { MONTH: 'month', QUARTER: 'quarter', YEAR: 'year' };

function checkRange(from: string, to: string): void {
  if (!isDay(from)) throw userInputError(`"from" must be a day written yyyy-MM-dd; got ${JSON.stringify(from)}`, 'from');
  if (!isDay(to)) throw userInputError(`"to" must be a day written yyyy-MM-dd; got ${JSON.stringify(to)}`, 'to');
  if (to <= from) throw userInputError(`"to" (${to}) must be after "from" (${from}); it is exclusive`, 'to');
  if (Date.parse(to) - Date.parse(from) > (MAX_RANGE_YEARS * 366 + 1) * 86_400_000) throw userInputError(`the range may span at most ${MAX_RANGE_YEARS} years`, 'to');
}

async function rows(q: Knex.QueryBuilder): Promise<CountRowType[]> {
  const found = (await q.limit(MAX_COUNT_ROWS + 1)) as { period: string; group_key: string | null; group_name: string | null; count: string }[];
  if (found.length > MAX_COUNT_ROWS) throw userInputError(`more than ${MAX_COUNT_ROWS} counts; ask for a longer period, a shorter range or a narrower filter`, 'groupBy');
  return found.map((r) => ({ period: r.period, groupKey: r.group_key ?? 'NONE', groupName: r.group_name, count: Number(r.count) }));
}

/**
 * Counts per period (Vietnam days, as the indicators) and group, for dashboards:
 * documents by the day they entered their register (arrival day; issue day for
 * outgoing documents and those only the exchange brought), dossiers by acceptance.
 */
@Resolver()
export class CountsResolver {
  @Query(() => [CountRowType], {
    nullable: true,
    complexity: SQL_COST,
    description:
      'Số văn bản theo kỳ và nhóm (ngày vào sổ: ngày đến, hoặc ngày ban hành với văn bản đi) / Documents per period and group, by the day they entered their register (arrival day; issue day for outgoing documents and those known only from the exchange). Documents gone at source are left out.',
  })
  @Sensitivity('internal')
  @Requires(Permission.RECORDS)
  async documentCounts(
    @Ctx() { em }: ApiContext,
    @Arg('from', () => String, { description: 'Ngày đầu (yyyy-MM-dd) / First local day' }) from: string,
    @Arg('to', () => String, { description: 'Ngày sau ngày cuối (không gồm) / Day after the last (exclusive)' }) to: string,
    @Arg('period', () => PeriodUnitEnum, { defaultValue: PeriodUnitEnum.MONTH }) period: PeriodUnitEnum,
    @Arg('groupBy', () => DocumentCountGroupByEnum, { defaultValue: DocumentCountGroupByEnum.NONE }) groupBy: DocumentCountGroupByEnum,
    @Arg('filter', () => DocumentCountFilter, { nullable: true }) filter: DocumentCountFilter | null,
  ): Promise<CountRowType[]> {
    checkRange(from, to);
    const knex = em.getKnex();
    const day = 'coalesce(d.arrival_date, d.issued_date)';
    const q = knex('hub.document as d').whereNull('d.gone_at').whereRaw(`${day} >= ?::date and ${day} < ?::date`, [from, to]);
    q.select(knex.raw(`to_char(date_trunc(?, ${day}), 'YYYY-MM-DD') as period`, [UNIT[period]]));
    if (filter?.register != null) q.where('d.register', filter.register);
    if (filter?.sendingAgencyCode != null) q.where('d.issuer_code', filter.sendingAgencyCode.normalize('NFC'));
    if (filter?.receivingAgencyCode != null) q.whereRaw('d.handling_units @> ?::jsonb', [JSON.stringify([{ code: filter.receivingAgencyCode.normalize('NFC') }])]);
    if (filter?.documentType != null) q.where('d.document_type', filter.documentType);
    switch (groupBy) {
      case DocumentCountGroupByEnum.NONE:
        q.select(knex.raw(`'ALL' as group_key, null as group_name`));
        break;
      case DocumentCountGroupByEnum.REGISTER:
        q.select(knex.raw('d.register as group_key, null as group_name'));
        break;
      case DocumentCountGroupByEnum.SENDING_AGENCY:
        q.select(knex.raw('d.issuer_code as group_key, max(d.issuer_name) as group_name'));
        break;
      case DocumentCountGroupByEnum.RECEIVING_AGENCY:
        q.joinRaw('cross join lateral jsonb_array_elements(d.handling_units) as u(unit)').select(knex.raw(`u.unit->>'code' as group_key, max(u.unit->>'name') as group_name`));
        break;
    }
    q.select(knex.raw('count(distinct d.id) as count')).groupByRaw('1, 2').orderByRaw('1, 2');
    return rows(q);
  }

  @Query(() => [CountRowType], {
    nullable: true,
    complexity: SQL_COST,
    description:
      'Số hồ sơ theo kỳ (ngày tiếp nhận, giờ Việt Nam) và nhóm / Dossiers per period (of acceptance, Vietnam days) and group, with any dossier filter. Dossiers gone at source are left out.',
  })
  @Sensitivity('internal')
  @Requires(Permission.RECORDS)
  async dossierCounts(
    @Ctx() { em }: ApiContext,
    @Arg('from', () => String, { description: 'Ngày đầu (yyyy-MM-dd) / First local day' }) from: string,
    @Arg('to', () => String, { description: 'Ngày sau ngày cuối (không gồm) / Day after the last (exclusive)' }) to: string,
    @Arg('period', () => PeriodUnitEnum, { defaultValue: PeriodUnitEnum.MONTH }) period: PeriodUnitEnum,
    @Arg('groupBy', () => DossierCountGroupByEnum, { defaultValue: DossierCountGroupByEnum.NONE }) groupBy: DossierCountGroupByEnum,
    @Arg('filter', () => DossierFilter, { nullable: true }) filter: DossierFilter | null,
  ): Promise<CountRowType[]> {
    checkRange(from, to);
    const knex = em.getKnex();
    const q = knex('hub.dossier as x')
      .whereNull('x.gone_at')
      .whereRaw('x.received_at >= (?::timestamp at time zone ?) and x.received_at < (?::timestamp at time zone ?)', [from, TZ, to, TZ])
      .select(knex.raw(`to_char(date_trunc(?, x.received_at at time zone ?), 'YYYY-MM-DD') as period`, [UNIT[period], TZ]));
    applyDossierFilter(q, filter);
    const group: Record<DossierCountGroupByEnum, string> = {
      NONE: `'ALL'`,
      AGENCY: 'x.agency_code',
      PROCEDURE: 'x.national_procedure_code',
      FIELD: 'x.field_code',
      STATUS: 'x.status::text',
      CHANNEL: 'x.channel',
    };
    q.select(knex.raw(`${group[groupBy]} as group_key`));
    q.select(knex.raw(groupBy === DossierCountGroupByEnum.AGENCY ? 'max(x.agency_name) as group_name' : 'null as group_name'));
    q.select(knex.raw('count(*) as count')).groupByRaw('1, 2').orderByRaw('1, 2');
    const counted = await rows(q);
    // Statuses by the enum's name, as the schema writes them elsewhere.
    if (groupBy === DossierCountGroupByEnum.STATUS) for (const r of counted) r.groupKey = DossierStatus[Number(r.groupKey)] ?? r.groupKey;
    return counted;
  }
}
