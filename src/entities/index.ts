import { Agency } from './agency.entity';
import { ConnectorInstance } from './connector-instance.entity';
import { DossierEvent } from './dossier-event.entity';
import { Dossier } from './dossier.entity';
import { Procedure } from './procedure.entity';
import { QuarantinedRecord } from './quarantined-record.entity';
import { StreamState } from './stream-state.entity';
import { SyncRun } from './sync-run.entity';

export { Agency, ConnectorInstance, Dossier, DossierEvent, Procedure, QuarantinedRecord, StreamState, SyncRun };

export const ENTITIES = [Agency, ConnectorInstance, Dossier, DossierEvent, Procedure, QuarantinedRecord, StreamState, SyncRun];
