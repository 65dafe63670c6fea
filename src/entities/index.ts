import { Agency } from './agency.entity';
import { ApiKey } from './api-key.entity';
import { ConnectorInstance } from './connector-instance.entity';
import { Document, DocumentColumns, DocumentEntry } from './document.entity';
import { DossierEvent } from './dossier-event.entity';
import { DossierLink } from './dossier-link.entity';
import { Dossier } from './dossier.entity';
import { EdxmlPackage } from './edxml-package.entity';
import { Payment } from './payment.entity';
import { PiiRead } from './pii-read.entity';
import { AuditCheckpoint } from './audit-checkpoint.entity';
import { AuditEvent } from './audit-event.entity';
import { AuditHead } from './audit-head.entity';
import { BackfillWindow } from './backfill-window.entity';
import { ConnectorRun } from './connector-run.entity';
import { ConnectorRunStream } from './connector-run-stream.entity';
import { PortalDossier } from './portal-dossier.entity';
import { Procedure } from './procedure.entity';
import { QuarantinedRecord } from './quarantined-record.entity';
import { Rating } from './rating.entity';
import { SourceRecordVersion } from './source-record-version.entity';
import { SourceRecord } from './source-record.entity';
import { StreamState } from './stream-state.entity';
import { SyncRun } from './sync-run.entity';
import { RunCounters } from './run-counters';
import { Tracked } from './tracked';

export {
  Agency, ApiKey, AuditCheckpoint, AuditEvent, AuditHead, BackfillWindow, ConnectorInstance, ConnectorRun, ConnectorRunStream, Document, DocumentEntry, Dossier, DossierEvent, DossierLink, EdxmlPackage, Payment, PiiRead, PortalDossier, Procedure,
  QuarantinedRecord, Rating, SourceRecord, SourceRecordVersion, StreamState, SyncRun,
};

export const ENTITIES = [
  Tracked, RunCounters, DocumentColumns, Agency, ApiKey, AuditCheckpoint, AuditEvent, AuditHead, BackfillWindow, ConnectorInstance, ConnectorRun, ConnectorRunStream, Document, DocumentEntry, Dossier, DossierEvent, DossierLink, EdxmlPackage, Payment, PiiRead, PortalDossier, Procedure,
  QuarantinedRecord, Rating, SourceRecord, SourceRecordVersion, StreamState, SyncRun,
];
