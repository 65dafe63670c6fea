import { registerEnumType } from 'type-graphql';

/** National dossier status set (domain.md A2.2); the value is the source code 1–10. */
export enum DossierStatus {
  NEW = 1,
  ACCEPTED = 2,
  NOT_ACCEPTED = 3,
  PROCESSING = 4,
  SUPPLEMENT_REQUESTED = 5,
  PAYMENT_REQUESTED = 6,
  WITHDRAWN = 7,
  STOPPED = 8,
  PROCESSED = 9,
  RETURNED = 10,
}
registerEnumType(DossierStatus, {
  name: 'DossierStatus',
  description: 'Dossier processing status, the national 1–10 code set',
  valuesConfig: {
    NEW: { description: '1 Mới đăng ký: submitted, not yet accepted' },
    ACCEPTED: { description: '2 Được tiếp nhận: accepted; the processing clock runs' },
    NOT_ACCEPTED: { description: '3 Không được tiếp nhận: refused at intake' },
    PROCESSING: { description: '4 Đang xử lý' },
    SUPPLEMENT_REQUESTED: { description: '5 Yêu cầu bổ sung giấy tờ: waiting for the applicant' },
    PAYMENT_REQUESTED: { description: '6 Yêu cầu thực hiện nghĩa vụ tài chính' },
    WITHDRAWN: { description: '7 Công dân yêu cầu rút hồ sơ' },
    STOPPED: { description: '8 Dừng xử lý' },
    PROCESSED: { description: '9 Đã xử lý xong: result ready' },
    RETURNED: { description: '10 Đã trả kết quả: result returned' },
  },
});

export enum Channel {
  COUNTER = 'COUNTER',
  ONLINE = 'ONLINE',
  POSTAL = 'POSTAL',
}
registerEnumType(Channel, { name: 'Channel', description: 'How the dossier was submitted: at the counter, online, or by public postal service' });

export enum SyncRunStatus {
  RUNNING = 'running',
  SUCCEEDED = 'succeeded',
  PARTIAL = 'partial',
  FAILED = 'failed',
  CANCELLED = 'cancelled',
}
registerEnumType(SyncRunStatus, {
  name: 'SyncRunStatus',
  valuesConfig: {
    RUNNING: { description: 'In progress (or its worker died; a new attempt will resume it)' },
    SUCCEEDED: { description: 'Read to the end; every record stored' },
    PARTIAL: { description: 'Read to the end; some records quarantined as malformed' },
    FAILED: { description: 'Stopped by an error; see errorClass and errorMessage' },
    CANCELLED: { description: 'Stopped on purpose (shutdown); resumes from its last checkpoint' },
  },
});

export enum OrderDirection {
  ASC = 'asc',
  DESC = 'desc',
}
registerEnumType(OrderDirection, { name: 'OrderDirection' });

export enum DossierOrderField {
  RECEIVED_AT = 'received_at',
  SUBMITTED_AT = 'submitted_at',
  DUE_AT = 'due_at',
  FINISHED_AT = 'finished_at',
  SOURCE_UPDATED_AT = 'source_updated_at',
}
registerEnumType(DossierOrderField, { name: 'DossierOrderField', description: 'Sort keys; rows without the value come last' });
