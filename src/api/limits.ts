import type { ApolloServerPlugin } from '@apollo/server';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  type GraphQLSchema,
  isLeafType,
  isListType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { type ComplexityEstimator, type ComplexityEstimatorArgs, fieldExtensionsEstimator, getComplexity } from 'graphql-query-complexity';
import type { Role } from '../auth/roles';
import type { ApiContext } from './context';
import { DEFAULT_PAGE_SIZE } from './pagination';

/**
 * What one GraphQL operation may cost, per role, checked after validation and before
 * execution (so before any SQL): nesting depth, aliases, and a cost estimate.
 *
 * Cost units: about one per object the answer holds, plus SQL_COST per statement a
 * field runs on its own. Leaves are free; a list of unknown length counts LIST_GUESS
 * items; a connection counts its page size (`first`/`last`, default 20).
 */
export interface OperationLimits {
  depth: number;
  aliases: number;
  cost: number;
}

export const LIMITS: Readonly<Record<Role, OperationLimits>> = {
  public: { depth: 8, aliases: 10, cost: 10_000 },
  viewer: { depth: 12, aliases: 30, cost: 25_000 },
  operator: { depth: 12, aliases: 30, cost: 25_000 },
  auditor: { depth: 12, aliases: 30, cost: 25_000 },
  admin: { depth: 12, aliases: 50, cost: 50_000 },
};

/** Introspection (`__schema`, `__type`) nests deeper than data queries; it gets its own bound. */
export const INTROSPECTION_DEPTH = 20;
export const SQL_COST = 100;
export const LIST_GUESS = 5;

/** Bounds on argument values, checked with the cost (before any SQL). */
export const INPUT_LIMITS = { stringLength: 1000, listLength: 100, nesting: 10, values: 2000 };

/** `complexity` of a Relay connection field: one statement, then each row of the page. */
export const connectionCost = ({ args, childComplexity }: ComplexityEstimatorArgs): number => {
  const rows = [args.first, args.last].find((n): n is number => typeof n === 'number' && n >= 0) ?? DEFAULT_PAGE_SIZE;
  return SQL_COST + Math.max(1, rows) * Math.max(1, childComplexity);
};

/** `complexity` of a connection's `edges`: the rows are counted by the connection. */
export const rowCost = ({ childComplexity }: ComplexityEstimatorArgs): number => childComplexity;

/** Leaves are free, objects count one, lists of unknown length LIST_GUESS objects. */
const defaultEstimator: ComplexityEstimator = ({ field, childComplexity }) => {
  if (isLeafType(getNamedType(field.type))) return 0;
  return isListType(getNullableType(field.type)) ? LIST_GUESS * (1 + childComplexity) : 1 + childComplexity;
};

export const tooComplex = (message: string, extra: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 }, ...extra } });

const badInput = (message: string, field: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field, http: { status: 400 } } });

/**
 * Every argument value within bounds: no NUL (PostgreSQL refuses it in text), no
 * string over the length limit, no list or nesting too long. Names the argument.
 */
function checkArguments(fieldName: string, args: Record<string, unknown>, budget: { values: number }): void {
  const stack: { value: unknown; path: string; depth: number }[] = Object.entries(args).map(([k, v]) => ({ value: v, path: `${fieldName}.${k}`, depth: 0 }));
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (--budget.values < 0) throw badInput(`the arguments hold more than ${INPUT_LIMITS.values} values`, path);
    if (depth > INPUT_LIMITS.nesting) throw badInput(`"${path}" nests more than ${INPUT_LIMITS.nesting} levels deep`, path);
    if (typeof value === 'string') {
      if (value.includes('\u0000')) throw badInput(`"${path}" contains a NUL character (\\u0000), which no text field can hold`, path);
      if (value.length > INPUT_LIMITS.stringLength) throw badInput(`"${path}" is ${value.length} characters long; at most ${INPUT_LIMITS.stringLength}`, path);
    } else if (Array.isArray(value)) {
      if (value.length > INPUT_LIMITS.listLength) throw badInput(`"${path}" lists ${value.length} values; at most ${INPUT_LIMITS.listLength}`, path);
      value.forEach((v, i) => stack.push({ value: v, path: `${path}[${i}]`, depth: depth + 1 }));
    } else if (value instanceof Date) {
      const year = value.getUTCFullYear();
      if (Number.isNaN(year) || year < 1 || year > 9999) throw badInput(`"${path}" must be a time between the years 1 and 9999`, path);
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: `${path}.${k}`, depth: depth + 1 });
    }
  }
}

/** Nesting depth and alias count of an operation, fragments expanded (validation has ruled out cycles). */
export function measureOperation(operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>) {
  let aliases = 0;
  let depth = 0;
  let introspectionDepth = 0;
  const walk = (set: SelectionSetNode, level: number, introspection: boolean, seen: ReadonlySet<string>) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        const inIntrospection = introspection || s.name.value === '__schema' || s.name.value === '__type';
        if (s.alias) aliases++;
        if (inIntrospection) introspectionDepth = Math.max(introspectionDepth, level);
        else depth = Math.max(depth, level);
        if (s.selectionSet) walk(s.selectionSet, level + 1, inIntrospection, seen);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        walk(s.selectionSet, level, introspection, seen);
      } else {
        const f = fragments.get(s.name.value);
        if (f && !seen.has(f.name.value)) walk(f.selectionSet, level, introspection, new Set([...seen, f.name.value]));
      }
    }
  };
  walk(operation.selectionSet, 1, false, new Set());
  return { depth, aliases, introspectionDepth };
}

export const usesIntrospection = (operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): boolean => {
  const visit = (set: SelectionSetNode, seen: ReadonlySet<string>): boolean =>
    set.selections.some((s) => {
      if (s.kind === Kind.FIELD) return s.name.value === '__schema' || s.name.value === '__type' || (s.selectionSet ? visit(s.selectionSet, seen) : false);
      if (s.kind === Kind.INLINE_FRAGMENT) return visit(s.selectionSet, seen);
      const f = fragments.get(s.name.value);
      return f && !seen.has(f.name.value) ? visit(f.selectionSet, new Set([...seen, f.name.value])) : false;
    });
  return visit(operation.selectionSet, new Set());
};

/** The checks for one operation by one viewer; throws the GraphQL error to answer with. Returns the estimated cost. */
export function checkOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  ctx: Pick<ApiContext, 'viewer'>,
  opts: { introspection: boolean },
): number {
  if (!schema.getRootType(operation.operation)) {
    throw new GraphQLError(`this API takes no ${operation.operation} operations`, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
  }
  const limits = LIMITS[ctx.viewer.role];
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  if (!opts.introspection && usesIntrospection(operation, fragments)) {
    throw new GraphQLError('Introspection is off for callers without an API key', { extensions: { code: 'INTROSPECTION_DISABLED', http: { status: 400 } } });
  }
  const shape = measureOperation(operation, fragments);
  if (shape.depth > limits.depth) throw tooComplex(`the query nests ${shape.depth} levels deep; ${ctx.viewer.role} callers may nest ${limits.depth}`, { depth: shape.depth, limit: limits.depth });
  if (shape.introspectionDepth > INTROSPECTION_DEPTH) throw tooComplex(`the introspection query nests ${shape.introspectionDepth} levels deep; at most ${INTROSPECTION_DEPTH}`);
  if (shape.aliases > limits.aliases) throw tooComplex(`the query uses ${shape.aliases} aliases; ${ctx.viewer.role} callers may use ${limits.aliases}`, { aliases: shape.aliases, limit: limits.aliases });
  const budget = { values: INPUT_LIMITS.values };
  const argumentsInBounds: ComplexityEstimator = ({ field, args }) => {
    checkArguments(field.name, args, budget);
    return undefined;
  };
  let cost: number;
  try {
    cost = getComplexity({
      schema,
      query: document,
      variables: variables ?? {},
      operationName: operation.name?.value,
      estimators: [argumentsInBounds, fieldExtensionsEstimator(), defaultEstimator],
      context: ctx,
    });
  } catch (error) {
    if (error instanceof GraphQLError && error.extensions?.code) throw error;
    // Variables that do not fit their types, or too many nodes to weigh.
    const message = error instanceof Error ? error.message : String(error);
    if (/maximum allowed number of nodes/.test(message)) throw tooComplex('the query has too many fields to weigh');
    throw new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
  }
  if (cost > limits.cost) {
    throw tooComplex(`the query is estimated at ${Math.round(cost)} cost units; ${ctx.viewer.role} callers may spend ${limits.cost} per request. Ask for fewer rows (first), fewer aliases or a shorter period.`, {
      cost: Math.round(cost),
      limit: limits.cost,
    });
  }
  return cost;
}

/** Operations a document passed with, per document: at most this many (role, operation, variables) each. */
const PASSED_PER_DOCUMENT = 50;

/**
 * Runs `checkOperation` for every request, after validation and before execution. A
 * document that passed for a role with the same operation and variables passes again
 * without being weighed again: the checks depend on nothing else, and Apollo hands out
 * the same parsed document for the same query text (weighing was about 3% of a list
 * request's CPU, bench/README.md).
 */
export function limitsPlugin(schemaPromise: Promise<GraphQLSchema>, opts: { production: boolean }): ApolloServerPlugin<ApiContext> {
  const passed = new WeakMap<DocumentNode, Set<string>>();
  return {
    async requestDidStart() {
      const schema = await schemaPromise;
      return {
        didResolveOperation({ document, operation, request, contextValue }) {
          if (!operation) return Promise.resolve();
          const introspection = !(opts.production && contextValue.viewer.role === 'public');
          const key = JSON.stringify([contextValue.viewer.role, introspection, operation.name?.value ?? null, request.variables ?? null]);
          const seen = passed.get(document);
          if (seen?.has(key)) return Promise.resolve();
          checkOperation(schema, document, operation, request.variables, contextValue, { introspection });
          if (!seen) passed.set(document, new Set([key]));
          else if (seen.size < PASSED_PER_DOCUMENT) seen.add(key);
          return Promise.resolve();
        },
      };
    },
  };
}
