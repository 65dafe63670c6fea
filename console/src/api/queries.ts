/** Every GraphQL operation the console sends, named so the API's request log shows which page asked. */

export const VIEWER = `query ConsoleViewer { viewer { role name permissions } }`;

export const FRESHNESS = `query ConsoleFreshness {
  dataFreshness { connectorName sourceSystem stream lastSuccessAt lastRunStatus newestRecordAt }
}`;

const RUN_FIELDS = `id runId connectorName stream status attempt startedAt finishedAt readCount insertedCount updatedCount unchangedCount failedCount goneCount errorClass errorMessage jobId`;

export const RUNS = `query ConsoleRuns($first: Int, $after: String, $filter: SyncRunFilter) {
  syncRuns(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { ${RUN_FIELDS} } }
  }
}`;

export const RUN = `query ConsoleRun($id: ID!) {
  node(id: $id) { ... on SyncRun { ${RUN_FIELDS} cursorBefore cursorAfter } }
}`;

const QUARANTINE_FIELDS = `id connectorId stream sourceKey reason payloadFields firstRunId lastRunId timesSeen createdAt lastSeenAt resolvedAt resolvedRunId`;

export const QUARANTINE = `query ConsoleQuarantine($first: Int, $after: String, $filter: QuarantineFilter) {
  quarantine(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { ${QUARANTINE_FIELDS} } }
  }
}`;

export const AGENCIES = `query ConsoleAgencies($filter: AgencyFilter, $after: String) {
  agencies(first: 100, filter: $filter, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { code shortCode name level parentCode validTo } }
  }
}`;

export const AGENCY = `query ConsoleAgency($code: String!) { agency(code: $code) { code shortCode name level parentCode } }`;

export const INDICATORS = `query ConsoleIndicators($codes: [IndicatorCode!]!, $from: String!, $to: String!, $period: PeriodUnit!, $groupBy: IndicatorGroupBy!, $agencyCode: String) {
  indicators(codes: $codes, from: $from, to: $to, period: $period, groupBy: $groupBy, agencyCode: $agencyCode) {
    indicator { code number threshold unit } groupKey period numerator denominator value score suppressed
  }
}`;

const DOSSIER_ROW = `code procedureName agencyCode agencyName status channel receivedAt dueAt finishedAt origin`;

export const DRILL = `query ConsoleDrill($codes: [IndicatorCode!]!, $from: String!, $to: String!, $period: PeriodUnit!, $agencyCode: String, $inNumerator: Boolean, $after: String) {
  indicators(codes: $codes, from: $from, to: $to, period: $period, groupBy: NONE, agencyCode: $agencyCode) {
    indicator { code threshold } period numerator denominator value
    dossiers(first: 50, after: $after, inNumerator: $inNumerator) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { ${DOSSIER_ROW} } }
    }
  }
}`;

export const DOSSIERS = `query ConsoleDossiers($filter: DossierFilter, $after: String) {
  dossiers(first: 50, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { ${DOSSIER_ROW} } }
  }
}`;

export const DOSSIER = `query ConsoleDossier($code: String!) {
  dossier(code: $code) {
    ${DOSSIER_ROW} otherCode procedureCode nationalProcedureCode fieldName submittedAt returnedAt sourceUpdatedAt onlinePayment summary
    applicant { type name idNumber phone email address }
    events { seq occurredAt status content department }
    payments { sourceSystem method amount paidAt succeeded status }
  }
}`;

/** Lineage, asked separately: only auditors and admins may read it, the rest of the dossier is for viewers too. */
export const DOSSIER_SOURCES = `query ConsoleDossierSources($code: String!) {
  dossier(code: $code) {
    code
    links { sourceSystem sourceKey rule runId linkedAt }
    fieldSources { field sourceSystem sourceKey runId }
    sources { id sourceSystem stream sourceKey version firstSeenAt changedAt goneAt flags
      versions { version runId receivedAt changedFields flags } }
  }
}`;

export const DOCUMENTS = `query ConsoleDocuments($filter: DocumentFilter, $after: String) {
  documents(first: 50, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id numberSymbolRaw documentType subject issuerName issuedDate register state } }
  }
}`;

export const AUDIT_EVENTS = `query ConsoleAuditEvents($filter: AuditEventFilter, $after: String) {
  auditEvents(first: 50, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { seq at action actorType actorId actorName actorRole targetType targetId before after details hash } }
  }
  auditHead { seq hash signedAt keyId }
}`;

export const AUDIT_VERIFY = `query ConsoleAuditVerify {
  auditVerify { ok checkedAt entries checkpoints manifests versions findingCount findings { kind seq run record detail } }
}`;

// The control plane (connectors, connector runs, quarantine replay): operators and admins.

export const CONNECTORS = `query ConsoleConnectors {
  connectors { connectorId name kind title paused schedule { cron timeZone streams nextFireTimes } }
}`;

const CONNECTOR_RUN_FIELDS = `runId connector trigger status streams full requestedAt startedAt finishedAt cancelRequestedAt
  startedBy { type name }
  progress { fraction read inserted updated unchanged failed recordsPerSecond etaSeconds elapsedSeconds }
  streamRuns { stream status attempts syncRunId fraction message read inserted updated failed errorMessage }
  error { stream errorClass message }`;

export const CONNECTOR_RUNS = `query ConsoleConnectorRuns($connector: String, $first: Int) {
  connectorRuns(first: $first, connector: $connector) { totalCount edges { node { ${CONNECTOR_RUN_FIELDS} } } }
}`;

export const TEST_CONNECTOR = `mutation ConsoleTestConnector($name: String!) { testConnector(name: $name) { ok reason durationMs } }`;
export const TRIGGER_SYNC = `mutation ConsoleTriggerSync($connector: String!) { triggerSync(connector: $connector) { ${CONNECTOR_RUN_FIELDS} } }`;
export const PAUSE_CONNECTOR = `mutation ConsolePauseConnector($name: String!) { pauseConnector(name: $name) { name paused } }`;
export const RESUME_CONNECTOR = `mutation ConsoleResumeConnector($name: String!) { resumeConnector(name: $name) { name paused } }`;
export const CANCEL_RUN = `mutation ConsoleCancelRun($runId: Int!) { cancelRun(runId: $runId) { runId status cancelRequestedAt } }`;
export const REPLAY_QUARANTINED = `mutation ConsoleReplayQuarantined($ids: [Int!]) {
  replayQuarantined(ids: $ids) { considered resolved stillFailing { id reason } skipped { id reason } runIds }
}`;
