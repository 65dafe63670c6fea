/** Shapes of the API answers the console reads (see schema/schema.graphql). */
export interface Connection<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: T }[];
}

export interface Freshness {
  connectorName: string;
  sourceSystem: string;
  stream: string;
  lastSuccessAt: string | null;
  lastRunStatus: string | null;
  newestRecordAt: string | null;
}

export interface Run {
  id: string;
  runId: number;
  connectorName: string;
  stream: string;
  status: string;
  attempt: number;
  startedAt: string;
  finishedAt: string | null;
  readCount: number;
  insertedCount: number;
  updatedCount: number;
  unchangedCount: number;
  failedCount: number;
  goneCount: number;
  errorClass: string | null;
  errorMessage: string | null;
  jobId: string | null;
  cursorBefore?: string | null;
  cursorAfter?: string | null;
}

export interface Quarantined {
  id: string;
  connectorId: number;
  stream: string;
  sourceKey: string | null;
  reason: string;
  payloadFields: string[];
  firstRunId: number;
  lastRunId: number;
  timesSeen: number;
  createdAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
  resolvedRunId: number | null;
}

export interface Agency {
  code: string;
  shortCode: string | null;
  name: string;
  level: number | null;
  parentCode: string | null;
  validTo?: string | null;
}

export interface IndicatorValue {
  indicator: { code: string; number?: string; threshold: number | null; unit?: string };
  groupKey: string;
  period: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  score?: number | null;
  suppressed?: boolean;
}

export interface DossierRow {
  code: string;
  procedureName: string | null;
  agencyCode: string;
  agencyName: string | null;
  status: string;
  channel: string;
  receivedAt: string | null;
  dueAt: string | null;
  finishedAt: string | null;
  origin: string;
}

export interface DocumentRow {
  id: string;
  numberSymbolRaw: string | null;
  documentType: string | null;
  subject: string | null;
  issuerName: string | null;
  issuedDate: string | null;
  register: string;
  state: string;
}

export interface ConnectorInfo {
  connectorId: number;
  name: string;
  kind: string;
  title: string;
  paused: boolean;
  schedule: { cron: string; timeZone: string; streams: string[] | null; nextFireTimes: string[] } | null;
}

export interface ConnectorRun {
  runId: number;
  connector: string;
  trigger: string;
  status: string;
  streams: string[];
  full: boolean;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  cancelRequestedAt: string | null;
  startedBy: { type: string; name: string | null } | null;
  progress: { fraction: number; read: number; inserted: number; updated: number; unchanged: number; failed: number; recordsPerSecond: number | null; etaSeconds: number | null; elapsedSeconds: number };
  streamRuns: { stream: string; status: string; attempts: number; syncRunId: number | null; fraction: number | null; message: string | null; read: number; inserted: number; updated: number; failed: number; errorMessage: string | null }[];
  error: { stream: string; errorClass: string | null; message: string | null } | null;
}
