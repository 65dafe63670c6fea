import type { ApolloServerPlugin } from '@apollo/server';
import type { ApiContext } from '../api/context';
import { PiiRead } from '../entities';
import { logger } from '../logger';

/**
 * Writes one ops.pii_read row per request that served personal data in clear, before
 * the answer leaves: if the row cannot be written, the data is withheld.
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
            await contextValue.em.insert(PiiRead, {
              readAt: new Date(),
              keyId: viewer.keyId,
              viewer: viewer.name ?? '(unnamed)',
              role: viewer.role,
              operationName: operationName ?? null,
              records: [...reads.records].sort(),
              fields: [...reads.fields].sort(),
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
