import type { AgencyRecord } from '../../model/records';
import type { UpsertSpec } from './bulk-upsert';

export const agencySpec: UpsertSpec<AgencyRecord> = {
  table: 'hub.agency',
  key: { name: 'code', type: 'text', value: (r) => r.code },
  // The one-stop-shop and the portal both list agencies; only the former has validity dates.
  mergeNulls: true,
  columns: [
    { name: 'name', type: 'text', value: (r) => r.name },
    { name: 'parent_code', type: 'text', value: (r) => r.parentCode },
    { name: 'level', type: 'int2', value: (r) => r.level },
    { name: 'valid_from', type: 'date', value: (r) => r.validFrom },
    { name: 'valid_to', type: 'date', value: (r) => r.validTo },
    { name: 'successor_code', type: 'text', value: (r) => r.successorCode },
  ],
};
