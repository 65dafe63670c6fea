import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { logger } from '../logger';

export function userInputError(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}) } });
}

/**
 * Apollo's formatError hook: errors we raised on purpose (GraphQLError with a code,
 * or Apollo's own validation errors) pass through; anything else is logged and
 * replaced by a generic message, so no stack trace or SQL leaks to clients.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof GraphQLError && original.extensions?.code) {
    return { ...formatted, extensions: { code: original.extensions.code, ...(original.extensions.field ? { field: original.extensions.field } : {}) } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
  }
  logger.error({ err: original }, 'unexpected error while answering a GraphQL request');
  return { message: 'Internal server error: the hub logged the details', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
