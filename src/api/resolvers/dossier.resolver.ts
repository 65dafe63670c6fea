import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { Agency, Dossier, Procedure, type SourceRecord } from '../../entities';
import type { SupplementRound } from '../../entities/dossier.entity';
import { type Connection, toConnection } from '../connection';
import type { ApiContext } from '../context';
import { plainColumnsFor, plainRowMapper, rowMapper } from '../row-mapper';
import { selectedFields } from '../selection';
import { dossierFilterSql } from '../dossier-filter';
import { queryRows } from '../../store/pg';
import { userInputError } from '../errors';
import { toGlobalId } from '../global-id';
import { decodeCursor, encodeCursor, keysetCondition, pageSize } from '../pagination';
import { AgencyType, ProcedureType } from '../types/catalogue.types';
import { DocumentType } from '../types/document.types';
import { SourceRecordType } from '../types/lineage.types';
import { DossierLinkType, FieldSourceType, PaymentType, RatingType } from '../types/unified.types';
import { ApplicantType, DossierConnection, DossierEventType, DossierFilter, DossierOrder, DossierType, SupplementRoundType } from '../types/dossier.types';
import { DossierOrderField, OrderDirection } from '../types/enums';
import { Requires, Sensitivity } from '../../auth/policy';
import { Permission } from '../../auth/roles';
import { PERSON_NAMES, RECORD_REF } from '../../auth/field-policy';
import { connectionCost } from '../limits';
import { AS_OF_EVENTS, dossierAsOf } from '../../audit/as-of';

const DEFAULT_ORDER: DossierOrder = { field: DossierOrderField.RECEIVED_AT, direction: OrderDirection.DESC };

const sortValue = (d: DossierRow, field: DossierOrderField): string | null => {
  const v = { received_at: d.receivedAt, submitted_at: d.submittedAt, due_at: d.dueAt, finished_at: d.finishedAt, source_updated_at: d.sourceUpdatedAt }[field];
  return v ? v.toISOString() : null;
};

const toDate = (v: string | null) => (v ? new Date(v) : null);

/** Every column the API reads; not the search text, which only filters use. */
const DOSSIER_COLUMNS = [
  'id', 'code', 'other_code', 'source_system', 'origin', 'agency_code', 'agency_name', 'procedure_code', 'national_procedure_code', 'procedure_name',
  'field_code', 'field_name', 'channel', 'service_level', 'applicant_type', 'applicant_name', 'applicant_id_type', 'applicant_id_number', 'applicant_phone',
  'applicant_email', 'applicant_address', 'summary', 'submitted_at', 'received_at', 'due_at', 'finished_at', 'returned_at', 'refused_at', 'refusal_reason',
  'status', 'supplements', 'has_digitised_components', 'result_digitised', 'result_document_number', 'result_signed_at', 'online_payment', 'vneid_verified',
  'field_sources', 'source_updated_at', 'content_hash', 'first_run_id', 'last_run_id', 'created_at', 'updated_at', 'gone_at',
];
/** Columns behind each GraphQL field of a dossier that is not simply its snake_case column. */
const FIELD_COLUMNS: Record<string, readonly string[]> = {
  __typename: [],
  id: ['id'],
  agency: ['agency_code'],
  procedure: ['procedure_code'],
  applicant: ['applicant_type', 'applicant_name', 'applicant_id_type', 'applicant_id_number', 'applicant_phone', 'applicant_email', 'applicant_address'],
  fieldSources: ['source_system', 'code', 'last_run_id', 'field_sources'],
  payments: ['code', 'other_code'],
  ratings: ['code', 'other_code', 'applicant_name'],
  sources: ['code', 'other_code'],
  resultDocuments: ['code', 'result_document_number', 'result_signed_at'],
  events: ['id', 'applicant_name'],
  links: ['id'],
  supplements: ['id', 'supplements', 'applicant_name'],
};
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The columns a page must read for the fields selected under edges.node (all of them when in doubt). */
function pageColumns(info: GraphQLResolveInfo, orderColumn: string): string[] {
  const fields = selectedFields(info, ['edges', 'node']);
  // id, code and the applicant's name always: cursors, lineage keys, and the names masked out of free text.
  const columns = new Set(['id', 'code', 'applicant_name', orderColumn]);
  for (const f of fields ?? []) {
    const known = FIELD_COLUMNS[f] ?? (DOSSIER_COLUMNS.includes(snake(f)) ? [snake(f)] : null);
    if (!known) return DOSSIER_COLUMNS;
    for (const c of known) columns.add(c);
  }
  return [...columns];
}

/** A dossier row as list pages build it: a plain object, which type-graphql passes to field resolvers as it is. */
type DossierRow = Dossier;

/** A catalogue row a page node carries, read with the page (null: no such code in the catalogue). */
const OWN_AGENCY = Symbol('agency read with the page');
const OWN_PROCEDURE = Symbol('procedure read with the page');
interface CarriedCatalogue {
  [OWN_AGENCY]?: Agency | null;
  [OWN_PROCEDURE]?: Procedure | null;
}

/**
 * How a page joins one catalogue: only the selected columns when they are all plain
 * ones (`partial`: the node carries that row), else the whole row as JSON (for the loaders).
 */
function catalogueJoin(em: ApiContext['em'], entity: typeof Agency | typeof Procedure, alias: string, table: string, key: string, fields: ReadonlySet<string> | null) {
  const join = `left join ${table} ${alias} on ${alias}.code = d.${key}`;
  const plain = plainColumnsFor(em, entity, fields);
  if (plain) {
    const columns = [...new Set(['code', ...plain])];
    const prefix = `_${alias}_`;
    const toRow = plainRowMapper<object>(em, entity, columns, undefined, prefix);
    const select = columns.map((c) => `${alias}.${c} as ${prefix}${c}`).join(', ');
    return { partial: true, join, select, read: (row: Record<string, unknown>) => (row[`${prefix}code`] == null ? null : toRow(row)) };
  }
  const toRow = rowMapper<object>(em, entity);
  return { partial: false, join, select: `to_jsonb(${alias}) as _${alias}`, read: (row: Record<string, unknown>) => (row[`_${alias}`] ? toRow(row[`_${alias}`] as Record<string, unknown>) : null) };
}

/** ` where …` for live (or all) dossiers matching a filter; `$n` values appended to `params`. */
function whereSql(filter: DossierFilter | null, includeGone: boolean, params: unknown[]): string {
  const conditions = [includeGone ? null : 'gone_at is null', dossierFilterSql(filter, params)].filter(Boolean);
  return conditions.length ? ` where ${conditions.join(' and ')}` : '';
}

const flip = (d: OrderDirection) => (d === OrderDirection.ASC ? OrderDirection.DESC : OrderDirection.ASC);

@Resolver(() => DossierType)
export class DossierResolver {
  @Query(() => DossierConnection, { nullable: true, complexity: connectionCost, description: 'Dossiers, newest accepted first unless orderBy says otherwise (Relay connection: first/after forwards, last/before backwards)' })
  @Sensitivity('internal')
  @Requires(Permission.RECORDS)
  dossiers(
    @Ctx() { em, loaders }: ApiContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, at most 100 (default 20)' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('last', () => Int, { nullable: true, description: 'Page size counted back from "before" (or from the end)' }) last: number | null,
    @Arg('before', () => String, { nullable: true }) before: string | null,
    @Arg('filter', () => DossierFilter, { nullable: true }) filter: DossierFilter | null,
    @Arg('orderBy', () => DossierOrder, { nullable: true }) orderBy: DossierOrder | null,
    @Arg('includeGone', () => Boolean, { nullable: true, description: 'Also dossiers gone at source (with goneAt); left out by default' }) includeGone: boolean | null,
  ): DossierConnection {
    if (first != null && last != null) throw userInputError('pass "first" or "last", not both', 'last');
    const backwards = last != null || (before != null && first == null);
    const limit = backwards ? pageSize(last, 'last') : pageSize(first);
    const order = orderBy ?? DEFAULT_ORDER;
    // Backwards pages read the reverse order from `before`, then turn the rows around.
    const direction = backwards ? flip(order.direction) : order.direction;
    const cursor = backwards ? decodeCursor(before, 'before', 'timestamp') : decodeCursor(after, 'after', 'timestamp');
    const count = async () => {
      const params: unknown[] = [];
      const [row] = await queryRows<{ count: string }>(em, `select count(*) as count from hub.dossier${whereSql(filter, includeGone === true, params)}`, params);
      return Number(row?.count ?? 0);
    };
    // The page is read only when edges or pageInfo are asked for: a dashboard asking
    // for totalCount alone costs one count.
    let page: Promise<Connection<Dossier>> | undefined;
    const load = () => (page ??= this.page(em, loaders, info, filter, includeGone === true, order, backwards, direction, cursor, limit, before, after, count));
    return {
      get edges() {
        return load().then((c) => c.edges);
      },
      get pageInfo() {
        return load().then((c) => c.pageInfo);
      },
      get totalCount() {
        return count();
      },
    } as unknown as DossierConnection;
  }

  private async page(
    em: ApiContext['em'],
    loaders: ApiContext['loaders'],
    info: GraphQLResolveInfo,
    filter: DossierFilter | null,
    includeGone: boolean,
    order: DossierOrder,
    backwards: boolean,
    direction: OrderDirection,
    cursor: ReturnType<typeof decodeCursor>,
    limit: number,
    before: string | null,
    after: string | null,
    count: () => Promise<number>,
  ): Promise<Connection<Dossier>> {
    const columns = pageColumns(info, order.field);
    const nodeFields = selectedFields(info, ['edges', 'node']);
    const joinAgency = nodeFields?.has('agency') === true;
    const joinProcedure = nodeFields?.has('procedure') === true;
    const params: unknown[] = [];
    let where = whereSql(filter, includeGone, params);
    if (cursor) {
      const keyset = keysetCondition(order.field, direction, cursor, backwards, params);
      where = where ? `${where} and ${keyset}` : ` where ${keyset}`;
    }
    const nulls = backwards ? 'nulls first' : 'nulls last';
    const orderBy = (alias: string) => `${alias}${order.field} ${direction} ${nulls}, ${alias}id ${direction}`;
    params.push(limit + 1);
    let sql = `select ${columns.join(', ')} from hub.dossier${where} order by ${orderBy('')} limit $${params.length}`;
    // The catalogue rows of the page come in the page query (joined to the page, not to the
    // table). When only plain columns of them are selected, only those are read and each
    // node carries its own (partial) row; otherwise whole rows prime the loaders.
    const joins = [
      joinAgency ? catalogueJoin(em, Agency, 'a', 'hub.agency', 'agency_code', selectedFields(info, ['edges', 'node', 'agency'])) : null,
      joinProcedure ? catalogueJoin(em, Procedure, 'p', 'hub.procedure', 'procedure_code', selectedFields(info, ['edges', 'node', 'procedure'])) : null,
    ];
    if (joinAgency || joinProcedure) {
      sql = `select d.*${joins.map((j) => (j ? `, ${j.select}` : '')).join('')} from (${sql}) d${joins.map((j) => (j ? ` ${j.join}` : '')).join('')} order by ${orderBy('d.')}`;
    }
    const rows = await queryRows<Record<string, unknown>>(em, sql, params);
    const toDossier = plainRowMapper(em, Dossier, columns, DossierType);
    const [agencies, procedures] = joins;
    const primed = new Set<string>();
    const nodes = rows.map((row) => {
      const d = toDossier(row) as DossierRow & CarriedCatalogue;
      if (agencies?.partial) d[OWN_AGENCY] = agencies.read(row) as Agency | null;
      else if (agencies && d.agencyCode && !primed.has(`a|${d.agencyCode}`)) {
        primed.add(`a|${d.agencyCode}`);
        loaders.agencyByCode.prime(d.agencyCode, agencies.read(row) as Agency | null);
      }
      if (procedures?.partial) d[OWN_PROCEDURE] = procedures.read(row) as Procedure | null;
      else if (procedures && d.procedureCode && !primed.has(`p|${d.procedureCode}`)) {
        primed.add(`p|${d.procedureCode}`);
        loaders.procedureByCode.prime(d.procedureCode, procedures.read(row) as Procedure | null);
      }
      return d;
    });
    const connection = toConnection(nodes, limit, (node) => encodeCursor({ value: sortValue(node, order.field), id: node.id }), count);
    if (backwards) {
      connection.edges.reverse();
      connection.pageInfo = {
        hasNextPage: before != null,
        hasPreviousPage: rows.length > limit,
        startCursor: connection.edges[0]?.cursor ?? null,
        endCursor: connection.edges.at(-1)?.cursor ?? null,
      };
    } else {
      connection.pageInfo.hasPreviousPage = after != null;
    }
    return connection;
  }

  @Query(() => DossierType, { nullable: true, description: 'One dossier by its code (MaHoSo)' })
  @Sensitivity('internal')
  @Requires(Permission.RECORDS)
  async dossier(
    @Ctx() { em }: ApiContext,
    @Arg('code', () => String) code: string,
    @Arg('asOf', () => Date, { nullable: true, description: 'Rebuild the dossier as the hub had it at this moment, from the raw versions it had received by then (null if it had none)' }) asOf: Date | null,
  ): Promise<DossierType | null> {
    const current = await em.findOne(Dossier, { code: code.normalize('NFC').trim() });
    if (!current || !asOf) return current as unknown as DossierType | null;
    if (asOf.getTime() > Date.now()) throw userInputError('"asOf" is in the future', 'asOf');
    return (await dossierAsOf(em, current, asOf)) as unknown as DossierType | null;
  }

  @FieldResolver(() => ID)
  @Sensitivity('public')
  id(@Root() d: DossierRow): string {
    return toGlobalId('Dossier', d.id);
  }

  @FieldResolver(() => [DossierLinkType], { nullable: true, description: 'Copies in other systems joined to this dossier, and the rule that joined each' })
  @Sensitivity('internal')
  @Requires(Permission.LINEAGE)
  links(@Root() d: DossierRow, @Ctx() { loaders }: ApiContext) {
    return loaders.linksByDossierId.load(d.id);
  }

  @FieldResolver(() => [FieldSourceType], {
    nullable: true,
    description:
      'Per field, the source record and run that supplied its value. Survivorship: processing state, dates and applicant from the one-stop-shop; online payment and VNeID verification from the portal; a dossier only the portal knows takes everything from the portal.',
  })
  @Sensitivity('internal')
  @Requires(Permission.LINEAGE)
  fieldSources(@Root() d: DossierRow): FieldSourceType[] {
    const own = { sourceSystem: d.sourceSystem, sourceKey: d.code, runId: d.lastRunId };
    const fields = ['status', 'receivedAt', 'dueAt', 'finishedAt', 'returnedAt', 'channel', 'agencyCode', 'procedureCode', 'applicant', 'onlinePayment', 'vneidVerified'];
    return fields.map((field) => {
      const other = d.fieldSources[field];
      return other ? { field, sourceSystem: other.source, sourceKey: other.key, runId: other.runId } : { field, ...own };
    });
  }

  @FieldResolver(() => [PaymentType], { description: 'Payments from every source, by the dossier\'s codes' })
  @Sensitivity('internal')
  async payments(@Root() d: DossierRow, @Ctx() { loaders }: ApiContext) {
    return (await loaders.paymentsByCode.loadMany([d.code, ...(d.otherCode ? [d.otherCode] : [])])).flatMap((r) => (r instanceof Error ? [] : r));
  }

  @FieldResolver(() => [RatingType])
  @Sensitivity('internal')
  async ratings(@Root() d: DossierRow, @Ctx() { loaders }: ApiContext) {
    const ratings = (await loaders.ratingsByCode.loadMany([d.code, ...(d.otherCode ? [d.otherCode] : [])])).flatMap((r) => (r instanceof Error ? [] : r));
    return ratings.map((r) => Object.assign(r, { [PERSON_NAMES]: [d.applicantName] }));
  }

  @FieldResolver(() => [DocumentType], { description: 'Result documents: matched by the result number/symbol and signing day, or by the dossier code in a document\'s subject' })
  @Sensitivity('internal')
  resultDocuments(@Root() d: DossierRow, @Ctx() { loaders }: ApiContext) {
    const day = d.resultSignedAt ? new Date(d.resultSignedAt.getTime() + 7 * 3600_000).toISOString().slice(0, 10) : '';
    return loaders.resultDocuments.load(`${d.code}|${d.resultDocumentNumber ?? ''}|${day}`);
  }

  @FieldResolver(() => AgencyType, { nullable: true, description: 'The agency from the catalogue, when it is known' })
  @Sensitivity('internal')
  agency(@Root() d: DossierRow, @Ctx() { loaders }: ApiContext) {
    const own = (d as DossierRow & CarriedCatalogue)[OWN_AGENCY];
    return own !== undefined ? own : loaders.agencyByCode.load(d.agencyCode);
  }

  @FieldResolver(() => ProcedureType, { nullable: true, description: 'The procedure from the catalogue, when it is known' })
  @Sensitivity('internal')
  procedure(@Root() d: DossierRow, @Ctx() { loaders }: ApiContext) {
    const own = (d as DossierRow & CarriedCatalogue)[OWN_PROCEDURE];
    return own !== undefined ? own : loaders.procedureByCode.load(d.procedureCode);
  }

  @FieldResolver(() => ApplicantType)
  @Sensitivity('internal')
  applicant(@Root() d: DossierRow): ApplicantType {
    // Personal fields are masked (or recorded when served in clear) by src/auth/field-policy.ts.
    return {
      [RECORD_REF]: `Dossier:${d.id}`,
      type: d.applicantType,
      name: d.applicantName,
      idType: d.applicantIdType,
      idNumber: d.applicantIdNumber,
      phone: d.applicantPhone,
      email: d.applicantEmail,
      address: d.applicantAddress,
    } as ApplicantType;
  }

  @FieldResolver(() => [DossierEventType], { description: 'Process log, oldest first' })
  @Sensitivity('internal')
  async events(@Root() d: DossierRow, @Ctx() { loaders }: ApiContext): Promise<DossierEventType[]> {
    const events = (d as DossierRow & { [AS_OF_EVENTS]?: DossierEventType[] })[AS_OF_EVENTS] ?? (await loaders.eventsByDossierId.load(d.id));
    return events.map((e) => Object.assign(e, { [RECORD_REF]: `Dossier:${d.id}`, [PERSON_NAMES]: [d.applicantName] }));
  }

  @FieldResolver(() => [SourceRecordType], { nullable: true, description: 'Lineage: every source record behind this dossier (by its code, its other code and its linked copies, the portal copy included), with every version and the runs that brought them' })
  @Sensitivity('internal')
  @Requires(Permission.LINEAGE)
  async sources(@Root() d: DossierRow, @Ctx() { loaders }: ApiContext): Promise<SourceRecord[]> {
    // Its codes, and the keys of the copies linked to it (the portal copy among them).
    const links = await loaders.linksByDossierId.load(d.id);
    const keys = [...new Set([d.code, ...(d.otherCode ? [d.otherCode] : []), ...links.map((l) => l.sourceKey)])];
    const found = await loaders.sourcesByKey.loadMany(keys);
    const byId = new Map<string, SourceRecord>();
    for (const f of found) if (!(f instanceof Error)) for (const r of f) byId.set(r.id, r);
    return [...byId.values()].sort((a, b) => Number(a.id) - Number(b.id));
  }

  @FieldResolver(() => [SupplementRoundType])
  @Sensitivity('internal')
  supplements(@Root() d: DossierRow): SupplementRoundType[] {
    return (d.supplements ?? []).map((s: SupplementRound) => ({
      [RECORD_REF]: `Dossier:${d.id}`,
      [PERSON_NAMES]: [d.applicantName],
      requestedAt: toDate(s.requestedAt),
      content: s.content,
      suppliedAt: toDate(s.suppliedAt),
      previousDueAt: toDate(s.previousDueAt),
      newDueAt: toDate(s.newDueAt),
    }));
  }
}
