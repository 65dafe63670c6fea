import type { ProcedureRecord } from '../../model/records';
import type { UpsertSpec } from './bulk-upsert';

export const procedureSpec: UpsertSpec<ProcedureRecord> = {
  table: 'hub.procedure',
  key: { name: 'code', type: 'text', value: (r) => r.code },
  mergeNulls: true,
  columns: [
    { name: 'national_code', type: 'text', value: (r) => r.nationalCode },
    { name: 'name', type: 'text', value: (r) => r.name },
    { name: 'field_code', type: 'text', value: (r) => r.fieldCode },
    { name: 'field_name', type: 'text', value: (r) => r.fieldName },
    { name: 'service_level', type: 'int2', value: (r) => r.serviceLevel },
    { name: 'processing_time', type: 'float8', value: (r) => r.processingTime },
    { name: 'processing_time_unit', type: 'text', value: (r) => r.processingTimeUnit },
    { name: 'has_fee', type: 'bool', value: (r) => r.hasFee },
  ],
};
