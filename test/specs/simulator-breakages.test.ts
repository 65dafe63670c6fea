import { describe, expect, it } from 'vitest';
import { MappingError } from '../../connectors/errors';
import { getConnector } from '../../connectors/registry';
import type { MappedRecord } from '../../connectors/types';
import { toPayload } from '../../connectors/qlvb/edxml';
import * as dvc from '../../src/simulators/dvc/breakages';
import * as mcdt from '../../src/simulators/mcdt/breakages';
import * as qlvb from '../../src/simulators/qlvb/breakages';
import { type Breakage, serveBroken } from '../../src/simulators/shared/bad-records';
import { DEFAULT_HISTORY_FROM } from '../../src/simulators/mcdt/dataset';
import { QlvbDataset } from '../../src/simulators/qlvb/dataset';
import { streamSamples } from '../support/stream-samples';

/**
 * The simulators and the hub read one contract: every way a simulator breaks a record
 * must end where the simulator says (its malformed-record counts are the yardstick of
 * the hub's quarantine). Malformed → the stream's map quarantines it; flawed → it is
 * stored, flagged `invalid:<field>`.
 */

const samples = streamSamples(200);

function outcome(map: (payload: unknown) => MappedRecord, payload: unknown): 'malformed' | 'flawed' | 'clean' {
  try {
    const record = map(payload);
    return (record.flags ?? []).some((f) => f.startsWith('invalid:')) ? 'flawed' : 'clean';
  } catch (error) {
    if (error instanceof MappingError) return 'malformed';
    throw error;
  }
}

const CASES: [string, readonly Breakage<never>[]][] = [
  ['mcdt/dossiers', mcdt.DOSSIER_BREAKS],
  ['mcdt/agencies', mcdt.AGENCY_BREAKS],
  ['mcdt/procedures', mcdt.PROCEDURE_BREAKS],
  ['mcdt/payments', mcdt.PAYMENT_BREAKS],
  ['dvc/dossiers', dvc.DOSSIER_BREAKS],
  ['dvc/payments', dvc.PAYMENT_BREAKS],
  ['dvc/ratings', dvc.RATING_BREAKS],
  ['dvc/procedures', dvc.PROCEDURE_BREAKS],
  ['dvc/agencies', dvc.AGENCY_BREAKS],
  ['qlvb/documents-incoming', qlvb.DOCUMENT_BREAKS],
  ['qlvb/documents-outgoing', qlvb.DOCUMENT_BREAKS],
];

describe('what a simulator breaks ends where it says', () => {
  it.each(CASES)('%s', (id, ways) => {
    const [kind, name] = id.split('/') as [string, string];
    const stream = getConnector(kind).streams.find((s) => s.definition.name === name)!;
    const rows = samples[id]!.slice(0, 40) as object[];
    for (const way of ways) {
      for (const [k, row] of rows.entries()) {
        const broken = serveBroken(row, { way, pick: k });
        expect(outcome((p) => stream.map(p), broken), `${id}: ${way.what}`).toBe(way.outcome);
      }
    }
  });

  it('qlvb/edxml: every way a package is broken, document and status packages alike', () => {
    const stream = getConnector('qlvb').streams.find((s) => s.definition.name === 'edxml')!;
    const data = new QlvbDataset({ seed: 11, size: 300, mcdtSize: 300, historyFrom: DEFAULT_HISTORY_FROM, now: new Date('2025-10-15T10:00:00+07:00') });
    const ids = data.pending(60);
    let status = 0;
    for (const [k, id] of ids.entries()) {
      const xml = data.packageXml(data.packageNumber(id)!);
      const isStatus = xml.includes('<edXML:Status>');
      if (isStatus) status++;
      for (const way of isStatus ? qlvb.STATUS_PACKAGE_BREAKS : qlvb.DOCUMENT_PACKAGE_BREAKS) {
        const broken = serveBroken({ xml }, { way, pick: k }).xml;
        expect(broken, way.what).not.toBe(xml);
        const payload = JSON.parse(JSON.stringify(toPayload(id, broken))) as unknown;
        expect(outcome((p) => stream.map(p), payload), way.what).toBe(way.outcome);
      }
    }
    expect(status).toBeGreaterThan(3);
    expect(status).toBeLessThan(ids.length);
  });
});
