import { parseArgs } from 'node:util';
import { wholeNumberFlag } from '../support/args';

export interface GraphqlBenchArgs {
  /** Dossiers to load into the scratch store. */
  size: number;
  /** McdtDataset seed: the same seed and size give the same dossiers. */
  seed: number;
  /** Keep the scratch database instead of dropping it. */
  keep: boolean;
  /** Use this already loaded database (left in place at the end) instead of loading one. */
  reuse: string | null;
  /** Seconds of load per query and server (autocannon -d). */
  duration: number;
  /** Concurrent HTTP connections (autocannon -c). */
  connections: number;
  /** Seconds of unmeasured load per query and server before its measured run. */
  warmup: number;
}

export const DEFAULT_SIZE = 1_000_000;
export const DEFAULT_SEED = 9;

export const USAGE = `Usage: npm run bench:graphql -- [--size N] [--seed S] [--keep | --reuse DB] [--duration S] [--connections C] [--warmup S]

  --size N         dossiers to load (default ${DEFAULT_SIZE.toLocaleString('en-US')}; e.g. 50000 for a quick run)
  --seed S         dataset seed (default ${DEFAULT_SEED})
  --keep           keep the scratch database hub_gqlbench_<pid> (its name is printed)
  --reuse DB       skip loading: benchmark the database DB that an earlier --keep left (not dropped)
  --duration S     seconds of measured load per query and server (default 10)
  --connections C  concurrent HTTP connections (default 10)
  --warmup S       seconds of unmeasured load before each measured run (default 3)
  --help           this text
Environment: BENCH_GQL_INDICATOR_CACHE=off starts the hub without its indicator answer cache (every answer computed), to compare.

Env: BENCH_DATABASE_URL (or DATABASE_URL): the PostgreSQL server to use; only its
host, port and credentials count, the scratch database gets its own name.`;

const integer = (flag: string, raw: string, min: number, max: number): number => wholeNumberFlag(flag, raw, min, max, USAGE);

/** Reads the command line; throws with the usage text on a bad flag. Returns null for --help. */
export function parseGraphqlBenchArgs(argv: readonly string[]): GraphqlBenchArgs | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        size: { type: 'string' },
        seed: { type: 'string' },
        keep: { type: 'boolean', default: false },
        reuse: { type: 'string' },
        duration: { type: 'string' },
        connections: { type: 'string' },
        warmup: { type: 'string' },
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
  if (v.reuse !== undefined && !/^[a-z_][a-z0-9_]*$/i.test(v.reuse)) throw new Error(`--reuse takes a database name, got "${v.reuse}"\n\n${USAGE}`);
  if (v.reuse !== undefined && v.keep) throw new Error(`--reuse never drops its database; --keep is not needed\n\n${USAGE}`);
  return {
    // The simulator's dataset holds at most 4 000 000 dossiers.
    size: v.size === undefined ? DEFAULT_SIZE : integer('--size', v.size, 1_000, 4_000_000),
    seed: v.seed === undefined ? DEFAULT_SEED : integer('--seed', v.seed, 0, 2 ** 31 - 1),
    keep: v.keep,
    reuse: v.reuse ?? null,
    duration: v.duration === undefined ? 10 : integer('--duration', v.duration, 1, 600),
    connections: v.connections === undefined ? 10 : integer('--connections', v.connections, 1, 100),
    warmup: v.warmup === undefined ? 3 : integer('--warmup', v.warmup, 0, 120),
  };
}
