import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { logger } from '../logger';
import { redactSecrets } from '../secrets/redact';

export function userInputError(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}) } });
}

/** Extensions a client may see besides `code` (the limit a refused query broke, the argument at fault). */
const KEPT_EXTENSIONS = ['field', 'cost', 'limit', 'depth', 'aliases', 'cells', 'errorCode', 'params'];

/** The SQLSTATE of a database error, wherever the driver or the ORM put it. */
function sqlStateOf(error: unknown): string | null {
  for (let e: unknown = error, i = 0; e && typeof e === 'object' && i < 4; i++) {
    const o = e as { code?: unknown; sqlState?: unknown; previous?: unknown; cause?: unknown };
    for (const c of [o.sqlState, o.code]) if (typeof c === 'string' && /^[0-9A-Z]{5}$/.test(c)) return c;
    e = o.previous ?? o.cause;
  }
  return null;
}

/**
 * Apollo's formatError hook: errors we raised on purpose (GraphQLError with a code,
 * or Apollo's own validation errors) pass through; a value the database cannot take
 * (SQLSTATE class 22) is the caller's error; a statement cut by the API's timeout
 * says so; anything else is logged and replaced by a generic message. Database
 * errors are logged by SQLSTATE only: their text can hold the statement and the
 * caller's input.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const where = { locations: formatted.locations, path: formatted.path };
  // graphql-js refuses over-long documents and deep introspection itself, before our limits run: the same answer as ours.
  if (/contains more tha[nt] \d+ tokens|Maximum introspection depth exceeded/.test(formatted.message)) {
    return { message: `${formatted.message.replace(/^Syntax Error: /, '')} (the query is too large; split it or ask for less)`, ...where, extensions: { code: 'QUERY_TOO_COMPLEX' } };
  }
  if (original instanceof GraphQLError && original.extensions?.code) {
    const kept = Object.fromEntries(KEPT_EXTENSIONS.filter((k) => original.extensions[k] !== undefined).map((k) => [k, original.extensions[k]]));
    return { ...formatted, extensions: { code: original.extensions.code, ...kept } };
  }
  const sqlState = sqlStateOf(original);
  const field = formatted.path?.filter((p) => typeof p === 'string').join('.');
  if (sqlState?.startsWith('22')) {
    logger.info({ sqlState, path: formatted.path }, 'a request value the database refused');
    return { message: `a value given to ${field ?? 'the query'} is not one the store can hold (out of range or malformed); check the arguments`, ...where, extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}) } };
  }
  if (sqlState === '57014') {
    logger.warn({ sqlState, path: formatted.path }, 'a statement ran past the API statement timeout');
    return { message: 'the query ran past the time allowed for one request; ask for fewer rows, a shorter period or a narrower filter', ...where, extensions: { code: 'QUERY_TIMEOUT' } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
    return { message: formatted.message, ...where, extensions: { code } };
  }
  if (sqlState) logger.error({ sqlState, errorClass: (original as Error)?.name, path: formatted.path }, 'database error while answering a GraphQL request');
  else logger.error({ errorClass: (original as Error)?.name, message: redactSecrets(String((original as Error)?.message ?? original)), path: formatted.path }, 'unexpected error while answering a GraphQL request');
  return { message: 'Internal server error: the hub logged the details', ...where, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
