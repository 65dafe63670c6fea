import type { Server } from 'node:http';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { SyncJobData } from '../../jobs/types';
import type { AuthResult } from '../auth/authenticate';
import { makeViewer, type Viewer } from '../auth/roles';
import { createContext } from './context';

/**
 * GraphQL subscriptions over graphql-ws on the same port and path as /graphql. The
 * caller's key goes in `connectionParams.Authorization` ("Bearer bkh_…"); a wrong or
 * missing key closes the socket (4403), as a wrong key gets 401 over HTTP. Personal
 * fields are always masked here (pii:read is not honoured: the record of clear reads
 * is kept per HTTP request only).
 */
export function serveSubscriptions(
  server: Server,
  schema: GraphQLSchema,
  authenticate: (authorization: string | undefined) => Promise<AuthResult>,
  orm: MikroORM,
  queue: Queue<SyncJobData> | null,
): { close(): Promise<void> } {
  const wss = new WebSocketServer({ server, path: '/graphql' });
  const viewers = new WeakMap<object, Viewer>();
  const cleanup = useServer<Record<string, unknown> | undefined>(
    {
      schema,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const header = params.Authorization ?? params.authorization;
        if (typeof header !== 'string') return false;
        const auth = await authenticate(header);
        if (!auth.ok || auth.viewer.role === 'public') return false;
        viewers.set(ctx.extra, makeViewer(auth.viewer.role, [], { keyId: auth.viewer.keyId, name: auth.viewer.name, via: auth.viewer.via }));
        return true;
      },
      context: (ctx) => createContext(orm.em, viewers.get(ctx.extra), queue),
    },
    wss,
  );
  return {
    async close() {
      for (const client of wss.clients) client.terminate();
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
