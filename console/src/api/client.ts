/**
 * The console's only door to the hub: POST /graphql with the API key the user signed in
 * with. The key lives in sessionStorage, so it is gone when the tab closes.
 */
const KEY_STORAGE = 'hub.console.key';

export const storedKey = (): string | null => sessionStorage.getItem(KEY_STORAGE);
export const storeKey = (key: string): void => sessionStorage.setItem(KEY_STORAGE, key);
export const forgetKey = (): void => sessionStorage.removeItem(KEY_STORAGE);

export interface GraphQLErrorInfo {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [k: string]: unknown };
}

/** A request that failed as a whole (HTTP error, or errors and no data). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface Answer<T> {
  data: T;
  /** Errors of single fields (e.g. FORBIDDEN on a field the role may not read) beside data. */
  errors: GraphQLErrorInfo[];
}

const GRAPHQL_URL = new URL('../graphql', new URL(document.baseURI)).pathname;

/** Runs one operation; throws ApiError when nothing usable came back. */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}, key: string | null = storedKey()): Promise<Answer<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  let res: Response;
  try {
    res = await fetch(GRAPHQL_URL, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  } catch (error) {
    throw new ApiError(error instanceof Error ? error.message : String(error), 'NETWORK', 0);
  }
  let body: { data?: T | null; errors?: GraphQLErrorInfo[] };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new ApiError(`HTTP ${res.status}`, 'HTTP', res.status);
  }
  const errors = body.errors ?? [];
  if (!res.ok || body.data == null) {
    const first = errors[0];
    throw new ApiError(first?.message ?? `HTTP ${res.status}`, first?.extensions?.code ?? 'HTTP', res.status);
  }
  return { data: body.data, errors };
}

/** The error of one field of an answer, if that field failed. */
export const fieldError = (answer: Answer<unknown>, field: string): GraphQLErrorInfo | undefined => answer.errors.find((e) => e.path?.[0] === field);

/**
 * The Relay id of sync run `runId`, so a run cited by number (a quarantine entry, a
 * source version) can be opened with `node(id)`: base64url of "SyncRun:<id>" (src/api/global-id.ts).
 */
export const runNodeId = (runId: number | string): string => btoa(`SyncRun:${runId}`).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
