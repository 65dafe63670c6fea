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
  description: 'Trạng thái xử lý hồ sơ, bộ mã quốc gia 1–10 / Dossier processing status, the national 1–10 code set',
  valuesConfig: {
    NEW: { description: '1 Mới đăng ký, chưa tiếp nhận / Submitted, not yet accepted' },
    ACCEPTED: { description: '2 Được tiếp nhận, bắt đầu tính thời gian / Accepted; the processing clock runs' },
    NOT_ACCEPTED: { description: '3 Không được tiếp nhận / Refused at intake' },
    PROCESSING: { description: '4 Đang xử lý / Processing' },
    SUPPLEMENT_REQUESTED: { description: '5 Yêu cầu bổ sung giấy tờ, chờ công dân / Supplement requested, waiting for the applicant' },
    PAYMENT_REQUESTED: { description: '6 Yêu cầu thực hiện nghĩa vụ tài chính / Payment of fees requested' },
    WITHDRAWN: { description: '7 Công dân yêu cầu rút hồ sơ / Withdrawn by the applicant' },
    STOPPED: { description: '8 Dừng xử lý / Processing stopped' },
    PROCESSED: { description: '9 Đã xử lý xong, có kết quả / Processed, result ready' },
    RETURNED: { description: '10 Đã trả kết quả / Result returned' },
  },
});

export enum Channel {
  COUNTER = 'COUNTER',
  ONLINE = 'ONLINE',
  POSTAL = 'POSTAL',
}
registerEnumType(Channel, {
  name: 'Channel',
  description: 'Kênh nộp hồ sơ / How the dossier was submitted',
  valuesConfig: {
    COUNTER: { description: 'Trực tiếp tại bộ phận một cửa / At the counter' },
    ONLINE: { description: 'Trực tuyến / Online' },
    POSTAL: { description: 'Qua bưu chính công ích / By public postal service' },
  },
});

export enum SyncRunStatus {
  RUNNING = 'running',
  SUCCEEDED = 'succeeded',
  PARTIAL = 'partial',
  FAILED = 'failed',
  CANCELLED = 'cancelled',
}
registerEnumType(SyncRunStatus, {
  name: 'SyncRunStatus',
  description: 'Trạng thái lần đồng bộ / Sync run status',
  valuesConfig: {
    RUNNING: { description: 'Đang chạy / In progress (or its worker died; a new attempt will resume it)' },
    SUCCEEDED: { description: 'Thành công / Read to the end; every record stored' },
    PARTIAL: { description: 'Thành công một phần, có bản ghi cách ly / Read to the end; some records quarantined as malformed' },
    FAILED: { description: 'Lỗi / Stopped by an error; see errorClass and errorMessage' },
    CANCELLED: { description: 'Đã dừng / Stopped on purpose (shutdown); resumes from its last checkpoint' },
  },
});

export enum OrderDirection {
  ASC = 'asc',
  DESC = 'desc',
}
registerEnumType(OrderDirection, { name: 'OrderDirection', description: 'Thứ tự / Sort direction', valuesConfig: { ASC: { description: 'Tăng dần / Ascending' }, DESC: { description: 'Giảm dần / Descending' } } });

export enum DossierOrderField {
  RECEIVED_AT = 'received_at',
  SUBMITTED_AT = 'submitted_at',
  DUE_AT = 'due_at',
  FINISHED_AT = 'finished_at',
  SOURCE_UPDATED_AT = 'source_updated_at',
}
registerEnumType(DossierOrderField, { name: 'DossierOrderField', description: 'Khóa sắp xếp; bản ghi thiếu giá trị xếp cuối / Sort keys; rows without the value come last' });
