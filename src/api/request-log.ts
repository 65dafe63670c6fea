import type { ApolloServerPlugin } from '@apollo/server';
import { Kind } from 'graphql';
import type { Logger } from 'pino';
import { logger as processLogger } from '../logger';
import { graphqlDuration } from '../metrics/metrics';
import type { ApiContext } from './context';

const NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
/** Operation names are chosen by callers: past this many distinct ones, new names count as "other". */
const MAX_OPERATION_LABELS = 200;

/**
 * One log line and one histogram observation per GraphQL request: operation name,
 * duration, the caller's role (and key id, never the key), outcome and error codes.
 * Variables and the query text are never logged: they may hold personal data.
 * Outcome: ok (no errors), partial (data and errors), error (no data).
 */
export function requestLogPlugin(log: Logger = processLogger): ApolloServerPlugin<ApiContext> {
  const seen = new Set<string>();
  const label = (name: string | null | undefined) => {
    if (!name) return 'anonymous';
    if (!NAME.test(name)) return 'invalid';
    if (seen.has(name)) return name;
    if (seen.size >= MAX_OPERATION_LABELS) return 'other';
    seen.add(name);
    return name;
  };
  return {
    requestDidStart({ request }) {
      const started = performance.now();
      return Promise.resolve({
        willSendResponse({ contextValue, response, operationName, document }) {
          // A request refused at validation has no resolved operation: take the name it was written with.
          const written = document?.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)?.name?.value;
          const operation = operationName ?? request.operationName ?? written ?? null;
          const seconds = (performance.now() - started) / 1000;
          const single = response.body.kind === 'single' ? response.body.singleResult : null;
          const errors = single?.errors ?? [];
          const outcome = errors.length === 0 ? 'ok' : single?.data ? 'partial' : 'error';
          const name = label(operation);
          graphqlDuration.observe({ operation: name, outcome }, seconds);
          const codes = [...new Set(errors.map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : 'ERROR')))];
          log.info(
            { operation: operation && NAME.test(operation) ? operation : name, durationMs: Math.round(seconds * 1000), role: contextValue.viewer.role, keyId: contextValue.viewer.keyId, outcome, status: response.http.status ?? 200, ...(codes.length ? { errorCodes: codes } : {}) },
            'graphql request',
          );
          return Promise.resolve();
        },
      });
    },
  };
}
