import { type ClassType, Field, Int, ObjectType } from 'type-graphql';
import { Sensitivity } from '../auth/policy';
import { rowCost } from './limits';
import { PageInfo } from './types/page-info.type';

export interface ConnectionOptions {
  /** The level of the list itself: its edges, cursors, page info and count have it too. */
  sensitivity: 'public' | 'internal';
  /** What `totalCount` counts, e.g. "Dossiers matching the filter (all pages)". */
  totalCount?: string;
}

/**
 * The Relay types of one list: `{name}Edge` (cursor, node) and `{name}Connection`
 * (edges, pageInfo, totalCount), one definition for every list of the API. Resolvers
 * answer with `toConnection` (src/api/connection.ts).
 */
export function connectionTypes<N extends object>(name: string, node: ClassType<N>, opts: ConnectionOptions) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String)
    @Sensitivity(opts.sensitivity)
    cursor!: string;

    @Field(() => node)
    @Sensitivity(opts.sensitivity)
    node!: N;
  }

  @ObjectType(`${name}Connection`)
  class Connection {
    @Field(() => [Edge], { complexity: rowCost })
    @Sensitivity(opts.sensitivity)
    edges!: Edge[];

    @Field(() => PageInfo)
    @Sensitivity(opts.sensitivity)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: opts.totalCount })
    @Sensitivity(opts.sensitivity)
    totalCount!: number | Promise<number>;
  }

  return { Edge, Connection };
}
