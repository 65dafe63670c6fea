import type { EntityManager } from '@mikro-orm/postgresql';
import { cliActor, recordAudit } from '../audit/record';
import { rebuildIndicatorFacts } from '../indicators/rebuild';
import { withPgClient } from '../store/pg';

export const INDICATORS_USAGE = `indicators rebuild          recompute the indicator roll-ups from the dossiers (after a
                              formula changed, or when \`hub verify\` reports INDICATOR_FACTS)`;

/** `hub indicators <sub>`: returns the exit code; writes what it did to stdout. */
export async function runIndicatorsCommand(em: EntityManager, args: readonly string[]): Promise<number> {
  const [sub] = args;
  if (sub !== 'rebuild') {
    console.error(`Usage: hub ${INDICATORS_USAGE}`);
    return 64;
  }
  const result = await withPgClient(em, (client) =>
    rebuildIndicatorFacts(client, (r) => recordAudit(client, { action: 'indicators.rebuild', actor: cliActor(), target: { type: 'indicators', id: 'facts' }, details: { ...r } })),
  );
  console.log(`Rebuilt the indicator roll-ups in ${(result.ms / 1000).toFixed(1)} s: ${result.dossiers} dossiers, ${result.dayRows} day rows, ${result.monthRows} month rows.`);
  return 0;
}
