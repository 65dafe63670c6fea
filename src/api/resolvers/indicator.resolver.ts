import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { Dossier } from '../../entities';
import { INDICATOR_CODES, type IndicatorCode, INDICATORS } from '../../indicators/definitions';
import { estimateCells, groupGuess, MAX_INDICATOR_CELLS, MAX_RANGE_YEARS, periodCount } from '../../indicators/bounds';
import { indicatorsFromFacts } from '../../indicators/facts-query';
import { countExplained, explainSql, type IndicatorRequest, type IndicatorRow } from '../../indicators/query';
import { rowMapper } from '../row-mapper';
import { isSmallCell, MIN_CELL_DOSSIERS } from '../../indicators/suppression';
import { isDay } from '../../model/day';
import { withPgClient } from '../../store/pg';
import { toConnection } from '../connection';
import type { ApiContext } from '../context';
import { userInputError } from '../errors';
import { decodeCursor, encodeCursor, pageSize } from '../pagination';
import { DossierConnection } from '../types/dossier.types';
import { IndicatorCodeEnum, IndicatorGroupByEnum, IndicatorType, IndicatorValueType, PeriodUnitEnum } from '../types/indicator.types';
import { Requires, Sensitivity } from '../../auth/policy';
import { can, Permission } from '../../auth/roles';
import { connectionCost, SQL_COST, tooComplex } from '../limits';
import type { ComplexityEstimatorArgs } from 'graphql-query-complexity';

/** What an IndicatorValue needs to explain itself. */
type ValueWithRequest = IndicatorValueType & { request: IndicatorRequest };

/** Weighs an `indicators` request before it runs: one statement per code, then every cell; too many cells is refused. */
const indicatorCost = ({ args, childComplexity }: ComplexityEstimatorArgs): number => {
  const req = { codes: (args.codes as string[] | undefined) ?? [], from: String(args.from), to: String(args.to), unit: args.period as PeriodUnitEnum, groupBy: args.groupBy as IndicatorGroupByEnum, agencyCode: args.agencyCode as string | null };
  const cells = estimateCells(req);
  if (cells > MAX_INDICATOR_CELLS) {
    throw tooComplex(
      `indicators: ${new Set(req.codes).size} code(s) × ${periodCount(req.from, req.to, req.unit)} period(s) × ~${groupGuess(req.groupBy, req.agencyCode)} group(s) is about ${cells} cells; at most ${MAX_INDICATOR_CELLS}. Ask for a longer period unit, fewer codes or a shorter range.`,
      { cells, limit: MAX_INDICATOR_CELLS },
    );
  }
  return new Set(req.codes).size * SQL_COST + cells * (1 + childComplexity);
};

/** Built once: every value of a code shares its definition object. */
const DEFINITIONS = {} as Record<IndicatorCode, IndicatorType>;
for (const code of INDICATOR_CODES) DEFINITIONS[code] = { code, ...INDICATORS[code] };
const definition = (code: IndicatorCode): IndicatorType => DEFINITIONS[code];

/**
 * One value as served, written out as one object literal: spreading the rows and adding
 * to them (`{ ...row }`, `Object.assign`) cost about 5 µs a row, most of the resolver's
 * CPU (bench/README.md).
 */
function indicatorValue(row: IndicatorRow, withheld: boolean, request: IndicatorRequest): ValueWithRequest {
  return {
    indicator: DEFINITIONS[row.code],
    period: row.period,
    groupKey: row.groupKey,
    numerator: withheld ? null : row.numerator,
    denominator: withheld ? null : row.denominator,
    value: withheld ? null : row.value,
    threshold: row.threshold,
    score: withheld ? null : row.score,
    suppressed: withheld,
    request,
  };
}

@Resolver(() => IndicatorValueType)
export class IndicatorResolver {
  @Query(() => [IndicatorType], { description: 'The indicators the hub computes and their formulas' })
  @Sensitivity('public')
  @Requires(Permission.OPEN_DATA)
  indicatorDefinitions(): IndicatorType[] {
    return INDICATOR_CODES.map(definition);
  }

  @Query(() => [IndicatorValueType], {
    complexity: indicatorCost,
    description: `Decision 766 indicators per period and group; each value carries its numerator, denominator and the dossiers behind it. Without a key, cells of fewer than ${MIN_CELL_DOSSIERS} dossiers are suppressed.`,
  })
  @Sensitivity('public')
  @Requires(Permission.OPEN_DATA)
  async indicators(
    @Ctx() { em, viewer, indicatorAnswers }: ApiContext,
    @Arg('codes', () => [IndicatorCodeEnum]) codes: IndicatorCode[],
    @Arg('from', () => String, { description: 'First local day, yyyy-MM-dd' }) from: string,
    @Arg('to', () => String, { description: 'Day after the last, yyyy-MM-dd (exclusive)' }) to: string,
    @Arg('period', () => PeriodUnitEnum, { defaultValue: PeriodUnitEnum.MONTH }) period: PeriodUnitEnum,
    @Arg('groupBy', () => IndicatorGroupByEnum, { defaultValue: IndicatorGroupByEnum.NONE }) groupBy: IndicatorGroupByEnum,
    @Arg('agencyCode', () => String, { nullable: true, description: 'Only this agency and the agencies under it' }) agencyCode: string | null,
  ): Promise<ValueWithRequest[]> {
    if (!isDay(from)) throw userInputError(`"from" must be a day written yyyy-MM-dd; got ${JSON.stringify(from)}`, 'from');
    if (!isDay(to)) throw userInputError(`"to" must be a day written yyyy-MM-dd; got ${JSON.stringify(to)}`, 'to');
    if (to <= from) throw userInputError(`"to" (${to}) must be after "from" (${from}); it is exclusive`, 'to');
    if (Date.parse(to) - Date.parse(from) > (MAX_RANGE_YEARS * 366 + 1) * 86_400_000) throw userInputError(`the range may span at most ${MAX_RANGE_YEARS} years`, 'to');
    if (!codes.length) throw userInputError('"codes" must name at least one indicator', 'codes');
    // Small cells are withheld from callers who may only see open data.
    const suppress = !can(viewer, Permission.INDICATORS_DETAIL);
    const compute = async () => {
      // From the roll-ups kept at sync time (src/indicators/facts.ts), all codes in one statement.
      const rows = await withPgClient(em, (client) => indicatorsFromFacts(client, { codes, unit: period, from, to, groupBy, agencyCode }));
      // One request object per code, shared by its values (the drill-down reads it).
      const requests = new Map(codes.map((code) => [code, { code, unit: period, from, to, groupBy, agencyCode }]));
      return rows.map((row) => indicatorValue(row, suppress && isSmallCell(row), requests.get(row.code)!));
    };
    if (!indicatorAnswers) return compute();
    // The values as served, shared by every caller with the same arguments and the same suppression (the only
    // caller-dependent part of them; the fields under a value are checked per request). Codes keep their order:
    // it orders the values.
    const key = JSON.stringify([suppress, [...new Set(codes)], period, from, to, groupBy, agencyCode ?? null]);
    return indicatorAnswers.answer(key, compute);
  }

  @FieldResolver(() => DossierConnection, { nullable: true, complexity: (a) => SQL_COST + connectionCost(a), description: 'Explain this number: the dossiers in the denominator (or, with inNumerator, those counted or not counted in the numerator)' })
  @Sensitivity('internal')
  @Requires(Permission.RECORDS)
  async dossiers(
    @Root() v: ValueWithRequest,
    @Ctx() { em }: ApiContext,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('inNumerator', () => Boolean, { nullable: true }) inNumerator: boolean | null,
  ): Promise<DossierConnection> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after);
    const request = { ...v.request, period: v.period, groupKey: v.groupKey, inNumerator };
    // One statement per value: the explaining ids joined to their dossier rows.
    const [sql, params] = explainSql({ ...request, afterId: cursor?.id ?? 0, limit: limit + 1 });
    const found = await withPgClient(em, (client) => client.query<Record<string, unknown>>(`select d.* from (${sql}) e join hub.dossier d on d.id = e.id order by d.id`, params));
    const rows = found.rows.map(rowMapper(em, Dossier));
    const count = async () => (inNumerator === null ? (v.denominator ?? 0) : withPgClient(em, (client) => countExplained(client, request)));
    return toConnection(rows, limit, (d) => encodeCursor({ value: null, id: d.id }), count) as unknown as DossierConnection;
  }
}
