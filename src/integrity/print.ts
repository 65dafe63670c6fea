import type { MikroORM } from '@mikro-orm/postgresql';
import { withPgClient } from '../store/pg';
import { formatViolation, verifyIntegrity } from './verify';

/** `hub verify`: prints each violation with its keys; the exit code is 0 only when there is none. */
export async function printIntegrity(orm: MikroORM, write: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<number> {
  const report = await withPgClient(orm, (client) => verifyIntegrity(client, 1000));
  for (const v of report.violations) write(formatViolation(v));
  if (report.ok) {
    write('The store is consistent: every source record has its unified row, every portal copy its dossier, every link its target, and the run counters add up.');
    return 0;
  }
  const listed = report.violations.length;
  write(`${report.violationCount} violation(s)${listed < report.violationCount ? ` (${listed} listed)` : ''}. A re-sync of the streams named (with --full for complete listings) usually repairs them; if not, keep this output for a bug report.`);
  return 1;
}
