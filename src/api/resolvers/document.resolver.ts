import { type FilterQuery, raw } from '@mikro-orm/postgresql';
import { isDay } from '../../model/day';
import { userInputError } from '../errors';
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { Document, EdxmlPackage, type SourceRecord } from '../../entities';
import { toConnection } from '../connection';
import { fromGlobalId, toGlobalId } from '../global-id';
import type { ApiContext } from '../context';
import { decodeCursor, encodeCursor, pageSize } from '../pagination';
import { DocumentConnection, DocumentFilter, DocumentType, EdxmlPackageType, OrganType } from '../types/document.types';
import { SourceRecordType } from '../types/lineage.types';
import { Requires, Sensitivity } from '../../auth/policy';
import { Permission } from '../../auth/roles';
import { connectionCost } from '../limits';
import { searchPattern } from '../dossier-filter';
import { documentAsOf } from '../../audit/as-of';

@Resolver(() => DocumentType)
export class DocumentResolver {
  @Query(() => DocumentConnection, {
    nullable: true,
    complexity: connectionCost,
    description: 'Documents, newest first (Relay connection): one per edXML DocumentId across both registers and the exchange; a register row without one is a document of its own',
  })
  @Sensitivity('internal')
  @Requires(Permission.RECORDS)
  async documents(
    @Ctx() { em }: ApiContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, at most 100 (default 20)' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('filter', () => DocumentFilter, { nullable: true }) filter: DocumentFilter | null,
    @Arg('includeGone', () => Boolean, { nullable: true, description: 'Also documents gone at source (with goneAt); left out by default' }) includeGone: boolean | null,
  ): Promise<DocumentConnection> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after);
    for (const [bound, field] of [[filter?.dateFrom, 'filter.dateFrom'], [filter?.dateTo, 'filter.dateTo']] as const) {
      if (bound != null && !isDay(bound)) throw userInputError(`must be a day written yyyy-MM-dd; got ${JSON.stringify(bound)}`, field);
    }
    // Built afresh for each query: a raw() fragment is spent once used.
    const whereOf = (): FilterQuery<Document> => {
      const where: FilterQuery<Document> = includeGone ? {} : { goneAt: null };
      if (filter?.register != null) where.register = filter.register;
      if (filter?.state != null) where.state = filter.state;
      if (filter?.issuerCode != null) where.issuerCode = filter.issuerCode;
      if (filter?.edxmlDocumentId != null) where.edxmlDocumentId = filter.edxmlDocumentId;
      if (filter?.search != null) where.searchText = { $like: searchPattern(filter.search) };
      if (filter?.sendingAgencyCode != null) where.issuerCode = filter.sendingAgencyCode.normalize('NFC');
      const and: FilterQuery<Document>[] = [];
      // The register day: arrival, or issue when there is no arrival (outgoing, exchange only).
      if (filter?.dateFrom != null) and.push({ $or: [{ arrivalDate: { $gte: filter.dateFrom } }, { arrivalDate: null, issuedDate: { $gte: filter.dateFrom } }] });
      if (filter?.dateTo != null) and.push({ $or: [{ arrivalDate: { $lt: filter.dateTo } }, { arrivalDate: null, issuedDate: { $lt: filter.dateTo } }] });
      if (filter?.receivingAgencyCode != null) and.push({ [raw('handling_units @> ?::jsonb', [JSON.stringify([{ code: filter.receivingAgencyCode.normalize('NFC') }])])]: true });
      if (and.length) where.$and = and;
      return where;
    };
    const page = await em.find(Document, cursor ? { $and: [whereOf(), { id: { $lt: cursor.id } }] } : whereOf(), { orderBy: { id: 'desc' }, limit: limit + 1 });
    return toConnection(page, limit, (d) => encodeCursor({ value: null, id: d.id }), () => em.count(Document, whereOf())) as unknown as DocumentConnection;
  }

  @Query(() => DocumentType, { nullable: true, description: 'One document by its global id' })
  @Sensitivity('internal')
  @Requires(Permission.RECORDS)
  async document(
    @Ctx() { em }: ApiContext,
    @Arg('id', () => ID) id: string,
    @Arg('asOf', () => Date, { nullable: true, description: 'Rebuild the document as the hub had it at this moment, from the raw versions of its register rows and edXML packages it had received by then (null if it had none)' }) asOf: Date | null,
  ): Promise<Document | null> {
    const { type, id: n } = fromGlobalId(id);
    const current = type === 'Document' ? await em.findOne(Document, { id: n }) : null;
    if (!current || !asOf) return current;
    if (asOf.getTime() > Date.now()) throw userInputError('"asOf" is in the future', 'asOf');
    return documentAsOf(em, current, asOf);
  }

  @FieldResolver(() => ID)
  @Sensitivity('public')
  id(@Root() d: Document): string {
    return toGlobalId('Document', d.id);
  }

  @FieldResolver(() => [OrganType])
  @Sensitivity('internal')
  handlingUnits(@Root() d: Document): OrganType[] {
    return d.handlingUnits;
  }

  @FieldResolver(() => [EdxmlPackageType], { description: 'edXML history: the package that brought it, revocations, replacements, status reports' })
  @Sensitivity('internal')
  async exchangeHistory(@Root() d: Document, @Ctx() { loaders }: ApiContext): Promise<EdxmlPackage[]> {
    if (!d.edxmlDocumentId) return [];
    return loaders.packagesByEdxmlDocumentId.load(d.edxmlDocumentId);
  }

  @FieldResolver(() => [String], { description: 'The registers that list this document (INCOMING, OUTGOING), none when only the exchange brought it' })
  @Sensitivity('internal')
  async registers(@Root() d: Document, @Ctx() { loaders }: ApiContext): Promise<string[]> {
    const entries = await loaders.entriesByDocumentKey.load(d.documentKey);
    return [...new Set(entries.filter((e) => e.goneAt === null).map((e) => e.register))].sort();
  }

  @FieldResolver(() => [SourceRecordType], { nullable: true, description: 'Lineage: the source records behind this document (its register rows and edXML packages), with every version and the runs that brought them' })
  @Sensitivity('internal')
  @Requires(Permission.LINEAGE)
  async sources(@Root() d: Document, @Ctx() { loaders }: ApiContext): Promise<SourceRecord[]> {
    const entries = await loaders.entriesByDocumentKey.load(d.documentKey);
    const packages = d.edxmlDocumentId ? await loaders.packagesByEdxmlDocumentId.load(d.edxmlDocumentId) : [];
    const wanted = [...entries.map((e) => ({ key: e.sourceId, system: e.sourceSystem, stream: 'documents' })), ...packages.map((p) => ({ key: p.packageId, system: p.sourceSystem, stream: 'edxml' }))];
    const found = await loaders.sourcesByKey.loadMany(wanted.map((w) => w.key));
    return found.flatMap((records, i) => (records instanceof Error ? [] : records.filter((r) => r.sourceSystem === wanted[i]!.system && r.stream.startsWith(wanted[i]!.stream))));
  }
}
