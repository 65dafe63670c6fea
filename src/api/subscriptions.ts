import type { Server } from 'node:http';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import { getOperationAST, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { SyncJobData } from '../../jobs/types';
import type { AuthResult } from '../auth/authenticate';
import { PiiReads } from '../auth/field-policy';
import { PII_WITHHELD, recordPiiReads } from '../auth/pii-log';
import type { Viewer } from '../auth/roles';
import { logger } from '../logger';
import { type ApiContext, createContext } from './context';

/**
 * GraphQL subscriptions over graphql-ws on the same port and path as /graphql. The
 * caller's key goes in `connectionParams.Authorization` ("Bearer bkh_…"); a wrong or
 * missing key closes the socket (4403), as a wrong key gets 401 over HTTP. Personal
 * fields follow the same policy as over HTTP (src/auth/field-policy.ts): masked without
 * `pii:read`, in clear with it, and each event that served any in clear is recorded
 * (ops.pii_read, chained into the audit log) before it is sent, or withheld.
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
        // The viewer as authenticated, its grants (pii:read) included.
        viewers.set(ctx.extra, auth.viewer);
        return true;
      },
      context: (ctx) => createContext(orm.em, viewers.get(ctx.extra), queue),
      // One event is one answer: its clear personal reads are recorded before it leaves.
      onNext: async (_ctx, _id, _payload, args) => {
        const context = args.contextValue as ApiContext;
        if (context.piiReads.empty) return;
        const reads = context.piiReads;
        context.piiReads = new PiiReads();
        try {
          await recordPiiReads(orm.em, context.viewer, getOperationAST(args.document, args.operationName)?.name?.value ?? null, reads);
        } catch (error) {
          logger.error({ errorClass: (error as Error)?.name, sqlState: (error as { code?: string })?.code }, 'could not record a personal-data read; the event is withheld');
          return { errors: [PII_WITHHELD] };
        }
      },
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
