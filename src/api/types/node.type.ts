import { Field, ID, InterfaceType } from 'type-graphql';
import { Document, Dossier, SyncRun } from '../../entities';
import { Sensitivity } from '../../auth/policy';

/** Relay's Node: anything with a global id can be fetched again with `node(id)`. */
@InterfaceType('Node', {
  resolveType: (value: unknown) => (value instanceof Dossier ? 'Dossier' : value instanceof Document ? 'Document' : value instanceof SyncRun ? 'SyncRun' : undefined),
})
export abstract class NodeInterface {
  @Field(() => ID, { description: 'Global id' })
  @Sensitivity('public')
  id!: string;
}
