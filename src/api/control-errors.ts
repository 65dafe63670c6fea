import { GraphQLError } from 'graphql';
import { ControlError } from '../control/errors';

/**
 * A control service's refusal as a GraphQL error: BAD_USER_INPUT, the field at fault
 * in `extensions.field`, the service's stable code in `extensions.errorCode` (and its
 * `params`) for clients that translate. Anything else goes on unchanged.
 */
export function toGraphQLError(error: unknown): unknown {
  if (!(error instanceof ControlError)) return error;
  return new GraphQLError(error.message, {
    extensions: { code: 'BAD_USER_INPUT', errorCode: error.code, ...(error.field ? { field: error.field } : {}), params: error.params },
  });
}

/** Runs a control service, turning its refusals into GraphQL errors. */
export async function control<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toGraphQLError(error);
  }
}
