import type { MikroORM } from '@mikro-orm/postgresql';
import { expect } from 'vitest';
import { runStream, type RunStreamOptions, type RunSummary } from '../../src/engine/run-stream';
import { formatViolation, verifyIntegrity } from '../../src/integrity/verify';
import { withPgClient } from '../../src/store/pg';

/** Fails the test with every violation of the store's invariant (src/integrity/verify.ts). */
export async function expectIntegrity(orm: MikroORM): Promise<void> {
  const report = await withPgClient(orm, (client) => verifyIntegrity(client, 20));
  expect(report.violations.map(formatViolation), `${report.violationCount} integrity violation(s)`).toEqual([]);
}

/** runStream, then the invariant: every sync in the suite leaves the store consistent. */
export async function runStreamChecked(opts: RunStreamOptions): Promise<RunSummary> {
  const summary = await runStream(opts);
  await expectIntegrity(opts.orm);
  return summary;
}
