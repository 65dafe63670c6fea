import { toPayload } from '../../connectors/qlvb/edxml';
import { DvcDataset } from '../../src/simulators/dvc/dataset';
import { DEFAULT_HISTORY_FROM, McdtDataset } from '../../src/simulators/mcdt/dataset';
import { QlvbDataset } from '../../src/simulators/qlvb/dataset';

/**
 * Valid raw records of every stream, straight from the simulators' datasets (no HTTP),
 * as JSON: the way the engine sees a payload. Keyed `connector kind/stream name`.
 */
export function streamSamples(size = 400): Record<string, unknown[]> {
  const opts = { seed: 11, size, historyFrom: DEFAULT_HISTORY_FROM, now: new Date('2025-10-15T10:00:00+07:00') };
  const json = (rows: readonly unknown[]): unknown[] => rows.map((row) => JSON.parse(JSON.stringify(row)) as unknown);
  const mcdt = new McdtDataset(opts);
  const dvc = new DvcDataset(opts);
  const qlvb = new QlvbDataset({ ...opts, size: Math.round(size * 0.75), mcdtSize: size });
  const documents = Array.from({ length: qlvb.size }, (_, i) => qlvb.view(i).raw);
  return {
    'mcdt/agencies': json(mcdt.agencies),
    'mcdt/procedures': json(mcdt.procedures),
    'mcdt/dossiers': json(Array.from(mcdt.window(-Infinity, Infinity), (i) => mcdt.dossier(i))),
    'mcdt/payments': json(mcdt.payments(-Infinity, Infinity)),
    'dvc/agencies': json(dvc.agencies),
    'dvc/procedures': json(dvc.procedures),
    'dvc/dossiers': json(Array.from(dvc.window(-Infinity, Infinity), (p) => dvc.dossier(p))),
    'dvc/payments': json(dvc.payments(-Infinity, Infinity).map((ref) => dvc.payment(ref))),
    'dvc/ratings': json(dvc.ratings(-Infinity, Infinity).map((ref) => dvc.rating(ref))),
    'qlvb/documents-incoming': json(documents.filter((d) => d.LoaiSo === 'DEN')),
    'qlvb/documents-outgoing': json(documents.filter((d) => d.LoaiSo === 'DI')),
    'qlvb/edxml': json(qlvb.pending(Number.MAX_SAFE_INTEGER).map((id) => toPayload(id, qlvb.packageXml(qlvb.packageNumber(id) ?? 0)))),
  };
}
