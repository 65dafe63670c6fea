import type { ApolloServerPlugin } from '@apollo/server';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ApiContext } from '../api/context';
import { logger } from '../logger';
import { actorOf, recordAudit } from '../audit/record';
import { runTransaction } from '../store/copy';
import { withPgClient } from '../store/pg';
import type { PiiReads } from './field-policy';
import type { Viewer } from './roles';

/**
 * Writes one ops.pii_read row for the personal fields `reads` served in clear, chained
 * into the audit log (action `pii.read`) in the same transaction: unchained, it is not
 * recorded. Throws when either cannot be written (the caller withholds the data).
 * A raw client transaction, not `em.transactional`: MikroORM runs that inside an
 * AsyncLocalStorage, after which Node runs promise hooks for every request of the process.
 */
export async function recordPiiReads(root: EntityManager, viewer: Viewer, operationName: string | null, reads: PiiReads): Promise<void> {
  const records = [...reads.records].sort();
  const fields = [...reads.fields].sort();
  await withPgClient(root, (client) =>
    runTransaction(client, async () => {
      const { rows } = await client.query<{ id: string }>(
        'insert into ops.pii_read (read_at, key_id, viewer, role, operation_name, records, fields) values ($1, $2, $3, $4, $5, $6, $7) returning id::text as id',
        [new Date(), viewer.keyId, viewer.name ?? '(unnamed)', viewer.role, operationName, records, fields],
      );
      await recordAudit(client, { action: 'pii.read', actor: actorOf(viewer), target: { type: 'pii_read', id: rows[0]!.id }, details: { operationName, records, fields } });
    }),
  );
}

/** What a client is told when a personal-data read could not be recorded. */
export const PII_WITHHELD = { message: 'The personal data asked for could not be recorded as read, so it is withheld. Try again later.', extensions: { code: 'PII_LOG_UNAVAILABLE' } };

/**
 * Writes one ops.pii_read row per request that served personal data in clear, before
 * the answer leaves, chained into the audit log (action `pii.read`): if either cannot be
 * written, the data is withheld.
 */
export function piiReadLogPlugin(): ApolloServerPlugin<ApiContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        async willSendResponse({ contextValue, operationName, response }) {
          const reads = contextValue.piiReads;
          if (reads.empty) return;
          try {
            await recordPiiReads(contextValue.em, contextValue.viewer, operationName ?? null, reads);
          } catch (error) {
            logger.error({ errorClass: (error as Error)?.name, sqlState: (error as { code?: string })?.code }, 'could not record a personal-data read; the answer is withheld');
            response.body = { kind: 'single', singleResult: { errors: [PII_WITHHELD] } };
            response.http.status = 503;
          }
        },
      });
    },
  };
}
