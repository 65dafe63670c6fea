import type { FilterQuery } from '@mikro-orm/postgresql';
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

@Resolver(() => DocumentType)
export class DocumentResolver {
  @Query(() => DocumentConnection, { nullable: true, complexity: connectionCost, description: 'Documents, most recently changed first (Relay connection)' })
  @Sensitivity('internal')
  @Requires(Permission.RECORDS)
  async documents(
    @Ctx() { em }: ApiContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, at most 100 (default 20)' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('filter', () => DocumentFilter, { nullable: true }) filter: DocumentFilter | null,
  ): Promise<DocumentConnection> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after);
    const where: FilterQuery<Document> = {};
    if (filter?.register != null) where.register = filter.register;
    if (filter?.state != null) where.state = filter.state;
    if (filter?.issuerCode != null) where.issuerCode = filter.issuerCode;
    if (filter?.edxmlDocumentId != null) where.edxmlDocumentId = filter.edxmlDocumentId;
    const page = await em.find(Document, cursor ? { $and: [where, { id: { $lt: cursor.id } }] } : where, { orderBy: { id: 'desc' }, limit: limit + 1 });
    return toConnection(page, limit, (d) => encodeCursor({ value: null, id: d.id }), () => em.count(Document, where)) as unknown as DocumentConnection;
  }

  @Query(() => DocumentType, { nullable: true, description: 'One document by its global id' })
  @Sensitivity('internal')
  @Requires(Permission.RECORDS)
  async document(@Ctx() { em }: ApiContext, @Arg('id', () => ID) id: string): Promise<Document | null> {
    const { type, id: n } = fromGlobalId(id);
    return type === 'Document' ? em.findOne(Document, { id: n }) : null;
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
  async exchangeHistory(@Root() d: Document, @Ctx() { em }: ApiContext): Promise<EdxmlPackage[]> {
    if (!d.edxmlDocumentId) return [];
    return em.find(EdxmlPackage, { $or: [{ documentId: d.edxmlDocumentId }, { targetDocumentId: d.edxmlDocumentId }] }, { orderBy: { id: 'asc' } });
  }

  @FieldResolver(() => [SourceRecordType], { nullable: true, description: 'Lineage: the source records behind this document, with every version and the runs that brought them' })
  @Sensitivity('internal')
  @Requires(Permission.LINEAGE)
  async sources(@Root() d: Document, @Ctx() { loaders }: ApiContext): Promise<SourceRecord[]> {
    const records = await loaders.sourcesByKey.load(d.sourceId);
    return records.filter((r) => r.sourceSystem === d.sourceSystem && r.stream.startsWith('documents'));
  }
}
