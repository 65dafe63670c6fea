import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { Document, Dossier, SyncRun } from '../../entities';
import type { ApiContext } from '../context';
import { fromGlobalId } from '../global-id';
import { NodeInterface } from '../types/node.type';
import { Requires, Sensitivity } from '../../auth/policy';
import { Permission } from '../../auth/roles';

@Resolver()
export class NodeResolver {
  @Query(() => NodeInterface, { nullable: true, description: 'Anything with a global id (Relay)' })
  @Sensitivity('internal')
  @Requires(Permission.RECORDS)
  async node(@Ctx() { em }: ApiContext, @Arg('id', () => ID) id: string): Promise<Dossier | Document | SyncRun | null> {
    const ref = fromGlobalId(id);
    switch (ref.type) {
      case 'Dossier':
        return em.findOne(Dossier, { id: ref.id });
      case 'Document':
        return em.findOne(Document, { id: ref.id });
      case 'SyncRun':
        return em.findOne(SyncRun, { id: ref.id });
    }
  }
}
