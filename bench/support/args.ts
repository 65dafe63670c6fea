import { parseArgs } from 'node:util';

export interface BenchArgs {
  /** Dossiers the simulator holds and the first load reads. */
  size: number;
  /** Simulator seed: the same seed and size give the same dossiers. */
  seed: number;
  /** Keep the scratch database (and print its URL) instead of dropping it. */
  keep: boolean;
  /** Ingest with the audit log (run manifests, their index on raw versions, checkpoints, append-only triggers); off only to measure its cost. */
  auditLog: boolean;
  /** Also load the same dossiers without the audit log, into a scratch database of its own, and print both first loads side by side. */
  auditCost: boolean;
}

export const DEFAULT_SIZE = 200_000;
export const FULL_SIZE = 1_000_000;
export const DEFAULT_SEED = 9;

export const USAGE = `Usage: npm run bench:ingest -- [--size N | --full] [--seed S] [--keep] [--no-audit-log | --audit-cost]

  --size N   dossiers to load (default ${DEFAULT_SIZE.toLocaleString('en-US')})
  --full     same as --size ${FULL_SIZE}
  --seed S   simulator seed (default ${DEFAULT_SEED})
  --keep     keep the scratch database hub_bench_<pid> for inspection
  --no-audit-log  ingest without the audit log (no run manifests, no index of
             raw versions by run, no append-only trigger on them, no field digests)
  --audit-cost    also run the first load without the audit log, into a fresh scratch
             database of its own from the same simulator, and print both side by side
  --help     this text

Env: BENCH_DATABASE_URL (or DATABASE_URL): the PostgreSQL server to use; only its
host, port and credentials count, the scratch database gets its own name.`;

/** A whole-number flag (underscores allowed: 1_000_000) within bounds; the error shows `usage`. */
export function wholeNumberFlag(flag: string, raw: string, min: number, max: number, usage: string): number {
  const text = raw.replace(/_/g, '');
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new Error(`${flag} must be a whole number in ${min}..${max}, got "${raw}"\n\n${usage}`);
  }
  return value;
}

const integer = (flag: string, raw: string, min: number, max: number): number => wholeNumberFlag(flag, raw, min, max, USAGE);

/** Reads the command line; throws with the usage text on a bad flag. Returns null for --help. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        size: { type: 'string' },
        full: { type: 'boolean', default: false },
        seed: { type: 'string' },
        keep: { type: 'boolean', default: false },
        'no-audit-log': { type: 'boolean', default: false },
        'audit-cost': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new Error(`${(error as Error).message}\n\n${USAGE}`);
  }
  const v = parsed.values;
  if (v.help) return null;
  if (v.full && v.size !== undefined) throw new Error(`give --size or --full, not both\n\n${USAGE}`);
  if (v['audit-cost'] && v['no-audit-log']) throw new Error(`give --no-audit-log or --audit-cost, not both (--audit-cost measures both)\n\n${USAGE}`);
  // The simulator holds at most 4 000 000 dossiers; 100 keeps "1% changed" at least one.
  const size = v.full ? FULL_SIZE : v.size === undefined ? DEFAULT_SIZE : integer('--size', v.size, 100, 4_000_000);
  const seed = v.seed === undefined ? DEFAULT_SEED : integer('--seed', v.seed, 0, 2 ** 31 - 1);
  return { size, seed, keep: v.keep, auditLog: !v['no-audit-log'], auditCost: v['audit-cost'] };
}
