import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Sensitivity } from '../../auth/policy';

export enum DocumentCountGroupByEnum {
  NONE = 'NONE',
  REGISTER = 'REGISTER',
  SENDING_AGENCY = 'SENDING_AGENCY',
  RECEIVING_AGENCY = 'RECEIVING_AGENCY',
}
registerEnumType(DocumentCountGroupByEnum, {
  name: 'DocumentCountGroupBy',
  description: 'Nhóm số văn bản theo / What document counts are grouped by',
  valuesConfig: {
    NONE: { description: 'Một số mỗi kỳ / One count per period' },
    REGISTER: { description: 'Theo sổ: đến (INCOMING), đi (OUTGOING), chỉ trục liên thông (EXCHANGE) / Per register' },
    SENDING_AGENCY: { description: 'Theo cơ quan ban hành (mã định danh) / Per sending (issuing) agency code' },
    RECEIVING_AGENCY: { description: 'Theo đơn vị xử lý (nhận); văn bản gửi nhiều đơn vị được đếm ở mỗi đơn vị / Per receiving (handling) unit code; a document handled by several units counts in each' },
  },
});

export enum DossierCountGroupByEnum {
  NONE = 'NONE',
  AGENCY = 'AGENCY',
  PROCEDURE = 'PROCEDURE',
  FIELD = 'FIELD',
  STATUS = 'STATUS',
  CHANNEL = 'CHANNEL',
}
registerEnumType(DossierCountGroupByEnum, {
  name: 'DossierCountGroupBy',
  description: 'Nhóm số hồ sơ theo / What dossier counts are grouped by',
  valuesConfig: {
    NONE: { description: 'Một số mỗi kỳ / One count per period' },
    AGENCY: { description: 'Theo cơ quan tiếp nhận (mã trực tiếp, không cộng dồn cây đơn vị) / Per receiving agency code, as recorded (not rolled up the agency tree)' },
    PROCEDURE: { description: 'Theo mã thủ tục quốc gia / Per national procedure code' },
    FIELD: { description: 'Theo lĩnh vực / Per procedure field' },
    STATUS: { description: 'Theo trạng thái hồ sơ / Per dossier status' },
    CHANNEL: { description: 'Theo kênh nộp: trực tiếp, trực tuyến, bưu chính / Per submission channel' },
  },
});

@InputType({ description: 'Lọc văn bản / Document filters: all given conditions must hold' })
export class DocumentCountFilter {
  @Field(() => String, { nullable: true, description: 'Sổ: INCOMING (đến), OUTGOING (đi), EXCHANGE / Register' })
  register?: string | null;

  @Field(() => String, { nullable: true, description: 'Mã cơ quan ban hành (gửi) / Sending (issuing) agency code' })
  sendingAgencyCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Mã đơn vị xử lý (nhận) / Receiving (handling) unit code' })
  receivingAgencyCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Loại văn bản / Document type' })
  documentType?: string | null;
}

@ObjectType('CountRow', { description: 'Một ô thống kê: số bản ghi trong một kỳ và một nhóm / One count: records of one period and group' })
export class CountRowType {
  @Field(() => String, { description: 'Ngày đầu kỳ (yyyy-MM-dd, giờ Việt Nam) / First local day of the period' })
  @Sensitivity('internal')
  period!: string;

  @Field(() => String, { description: 'Khóa nhóm (mã cơ quan, mã thủ tục, trạng thái…) hoặc ALL; NONE khi không có / Group key, ALL without grouping, NONE when the record has none' })
  @Sensitivity('internal')
  groupKey!: string;

  @Field(() => String, { nullable: true, description: 'Tên nhóm khi biết (tên cơ quan) / Group name when known (agency name)' })
  @Sensitivity('internal')
  groupName!: string | null;

  @Field(() => Int, { description: 'Số bản ghi / Count' })
  @Sensitivity('internal')
  count!: number;
}
