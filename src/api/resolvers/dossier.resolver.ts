import type { Knex } from '@mikro-orm/postgresql';
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { Dossier, type SourceRecord } from '../../entities';
import type { SupplementRound } from '../../entities/dossier.entity';
import { toConnection } from '../connection';
import type { ApiContext } from '../context';
import { maskAddress, maskEmail, maskTail } from '../mask';
import { decodeCursor, encodeCursor, keysetCondition, pageSize } from '../pagination';
import { AgencyType, ProcedureType } from '../types/catalogue.types';
import { SourceRecordType } from '../types/lineage.types';
import { ApplicantType, DossierConnection, DossierEventType, DossierFilter, DossierOrder, DossierType, SupplementRoundType } from '../types/dossier.types';
import { DossierOrderField, OrderDirection } from '../types/enums';

const DEFAULT_ORDER: DossierOrder = { field: DossierOrderField.RECEIVED_AT, direction: OrderDirection.DESC };

function applyFilter(q: Knex.QueryBuilder, f: DossierFilter | null | undefined): Knex.QueryBuilder {
  if (!f) return q;
  if (f.agencyCode != null) q = q.where('agency_code', f.agencyCode.normalize('NFC'));
  if (f.procedureCode != null) q = q.where((w) => void w.where('procedure_code', f.procedureCode).orWhere('national_procedure_code', f.procedureCode));
  if (f.status != null) q = q.where('status', f.status);
  if (f.statusIn != null) q = q.whereIn('status', f.statusIn);
  if (f.channel != null) q = q.where('channel', f.channel);
  if (f.receivedFrom != null) q = q.where('received_at', '>=', f.receivedFrom);
  if (f.receivedTo != null) q = q.where('received_at', '<', f.receivedTo);
  return q;
}

const sortValue = (d: Dossier, field: DossierOrderField): string | null => {
  const v = { received_at: d.receivedAt, submitted_at: d.submittedAt, due_at: d.dueAt, finished_at: d.finishedAt, source_updated_at: d.sourceUpdatedAt }[field];
  return v ? v.toISOString() : null;
};

const toDate = (v: string | null) => (v ? new Date(v) : null);

@Resolver(() => DossierType)
export class DossierResolver {
  @Query(() => DossierConnection, { description: 'Dossiers, newest accepted first unless orderBy says otherwise (Relay connection)' })
  async dossiers(
    @Ctx() { em }: ApiContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, at most 100 (default 20)' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('filter', () => DossierFilter, { nullable: true }) filter: DossierFilter | null,
    @Arg('orderBy', () => DossierOrder, { nullable: true }) orderBy: DossierOrder | null,
  ): Promise<DossierConnection> {
    const limit = pageSize(first);
    const order = orderBy ?? DEFAULT_ORDER;
    const cursor = decodeCursor(after);
    const knex = em.getKnex();
    let q = applyFilter(knex('hub.dossier').select('*'), filter);
    if (cursor) {
      const [sql, bindings] = keysetCondition(order.field, order.direction, cursor);
      q = q.whereRaw(sql, bindings as Knex.ValueDict[]);
    }
    const rows = (await q.orderByRaw(`${order.field} ${order.direction} nulls last, id ${order.direction}`).limit(limit + 1)) as Record<string, unknown>[];
    const nodes = rows.map((row) => em.map(Dossier, row));
    return toConnection(nodes, limit, (node) => encodeCursor({ value: sortValue(node, order.field), id: node.id }), async () => {
      const [{ count }] = (await applyFilter(knex('hub.dossier').count({ count: '*' }), filter)) as [{ count: string }];
      return Number(count);
    }) as unknown as DossierConnection;
  }

  @Query(() => DossierType, { nullable: true, description: 'One dossier by its code (MaHoSo)' })
  async dossier(@Ctx() { em }: ApiContext, @Arg('code', () => String) code: string): Promise<DossierType | null> {
    return (await em.findOne(Dossier, { code: code.normalize('NFC').trim() })) as unknown as DossierType | null;
  }

  @FieldResolver(() => AgencyType, { nullable: true, description: 'The agency from the catalogue, when it is known' })
  agency(@Root() d: Dossier, @Ctx() { loaders }: ApiContext) {
    return loaders.agencyByCode.load(d.agencyCode);
  }

  @FieldResolver(() => ProcedureType, { nullable: true, description: 'The procedure from the catalogue, when it is known' })
  procedure(@Root() d: Dossier, @Ctx() { loaders }: ApiContext) {
    return loaders.procedureByCode.load(d.procedureCode);
  }

  @FieldResolver(() => ApplicantType)
  applicant(@Root() d: Dossier): ApplicantType {
    return {
      type: d.applicantType,
      name: d.applicantName,
      idType: d.applicantIdType,
      idNumber: maskTail(d.applicantIdNumber),
      phone: maskTail(d.applicantPhone),
      email: maskEmail(d.applicantEmail),
      address: maskAddress(d.applicantAddress),
    };
  }

  @FieldResolver(() => [DossierEventType], { description: 'Process log, oldest first' })
  async events(@Root() d: Dossier, @Ctx() { loaders }: ApiContext): Promise<DossierEventType[]> {
    return loaders.eventsByDossierId.load(d.id);
  }

  @FieldResolver(() => [SourceRecordType], { description: 'Lineage: the source records behind this dossier (by its code and its other code), with every version and the runs that brought them' })
  async sources(@Root() d: Dossier, @Ctx() { loaders }: ApiContext): Promise<SourceRecord[]> {
    const keys = [d.code, ...(d.otherCode ? [d.otherCode] : [])];
    const found = await loaders.sourcesByKey.loadMany(keys);
    return found.flatMap((f) => (f instanceof Error ? [] : f));
  }

  @FieldResolver(() => [SupplementRoundType])
  supplements(@Root() d: Dossier): SupplementRoundType[] {
    return (d.supplements ?? []).map((s: SupplementRound) => ({
      requestedAt: toDate(s.requestedAt),
      content: s.content,
      suppliedAt: toDate(s.suppliedAt),
      previousDueAt: toDate(s.previousDueAt),
      newDueAt: toDate(s.newDueAt),
    }));
  }
}
