import { Sensitivity } from '../../auth/policy';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum IntegrityCheck {
  UNREPRESENTED_RECORD = 'UNREPRESENTED_RECORD',
  STALE_UNIFIED_ROW = 'STALE_UNIFIED_ROW',
  UNLINKED_PORTAL_COPY = 'UNLINKED_PORTAL_COPY',
  ORPHAN_PORTAL_DOSSIER = 'ORPHAN_PORTAL_DOSSIER',
  DANGLING_LINK = 'DANGLING_LINK',
  DOCUMENT_NOT_UNIFIED = 'DOCUMENT_NOT_UNIFIED',
  RUN_COUNTERS = 'RUN_COUNTERS',
}

registerEnumType(IntegrityCheck, {
  name: 'IntegrityCheck',
  description: 'A promise of the store (README, "hub verify")',
  valuesConfig: {
    UNREPRESENTED_RECORD: { description: 'A live source record with no live unified row' },
    STALE_UNIFIED_ROW: { description: 'A live unified row with no live source record behind it' },
    UNLINKED_PORTAL_COPY: { description: 'A live portal copy that belongs to no live unified dossier' },
    ORPHAN_PORTAL_DOSSIER: { description: 'A dossier served from the portal that no live portal copy links to' },
    DANGLING_LINK: { description: 'A link that points at a missing row' },
    DOCUMENT_NOT_UNIFIED: { description: 'A register row or edXML document package whose unified document is missing or gone' },
    RUN_COUNTERS: { description: 'Run counters that do not add up, or that differ from what the raw layer holds' },
  },
});

@ObjectType('IntegrityViolation')
export class IntegrityViolationType {
  @Field(() => IntegrityCheck)
  @Sensitivity('internal')
  check!: IntegrityCheck;

  @Field(() => String, { nullable: true, description: 'Connector name (or source system) concerned' })
  @Sensitivity('internal')
  connector!: string | null;

  @Field(() => String, { nullable: true })
  @Sensitivity('internal')
  stream!: string | null;

  @Field(() => String, { description: 'The key to find it by: a source key, a dossier code, a run' })
  @Sensitivity('internal')
  key!: string;

  @Field(() => String)
  @Sensitivity('internal')
  detail!: string;
}

@ObjectType('IntegrityReport', { description: 'The store checked against its invariant, now' })
export class IntegrityReportType {
  @Field(() => Boolean, { description: 'True when no violation was found' })
  @Sensitivity('internal')
  ok!: boolean;

  @Field(() => Date)
  @Sensitivity('internal')
  checkedAt!: Date;

  @Field(() => Int, { description: 'Every violation found' })
  @Sensitivity('internal')
  violationCount!: number;

  @Field(() => [IntegrityViolationType], { description: 'Examples, at most `examples` per check' })
  @Sensitivity('internal')
  violations!: IntegrityViolationType[];
}
