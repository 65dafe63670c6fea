import type { ApolloServerPlugin } from '@apollo/server';
import type { ApiContext } from '../api/context';
import { PiiRead } from '../entities';
import { logger } from '../logger';
import { actorOf, recordAudit } from '../audit/record';

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
          const { viewer } = contextValue;
          try {
            const records = [...reads.records].sort();
            const fields = [...reads.fields].sort();
            // The read enters the audit chain in the same transaction: unchained, it is not recorded.
            await contextValue.em.fork().transactional(async (em) => {
              const id = await em.insert(PiiRead, { readAt: new Date(), keyId: viewer.keyId, viewer: viewer.name ?? '(unnamed)', role: viewer.role, operationName: operationName ?? null, records, fields });
              await recordAudit(em, { action: 'pii.read', actor: actorOf(viewer), target: { type: 'pii_read', id: String(id) }, details: { operationName: operationName ?? null, records, fields } });
            });
          } catch (error) {
            logger.error({ errorClass: (error as Error)?.name, sqlState: (error as { code?: string })?.code }, 'could not record a personal-data read; the answer is withheld');
            response.body = { kind: 'single', singleResult: { errors: [{ message: 'The personal data asked for could not be recorded as read, so it is withheld. Try again later.', extensions: { code: 'PII_LOG_UNAVAILABLE' } }] } };
            response.http.status = 503;
          }
        },
      });
    },
  };
}
