import { localDay } from '../normalise';
import type { Connector } from '../types';
import { McdtClient } from './client';
import { type McdtConfig, McdtConfigSchema } from './config';
import { agenciesStream, proceduresStream } from './streams/catalogues';
import { dossiersStream } from './streams/dossiers';
import { paymentsStream } from './streams/payments';

/** MCĐT: the provincial electronic one-stop-shop (shared/source-systems.md §B). */
export const mcdtConnector: Connector<McdtConfig> = {
  kind: 'mcdt',
  title: 'Electronic one-stop-shop (MCĐT)',
  configSchema: McdtConfigSchema,
  secretFields: ['apiKey'],
  async check(config, ctx) {
    try {
      // The cheapest authenticated call: one row of today's listing.
      const today = localDay(ctx.now());
      await new McdtClient({ ...config, maxRetries: 0 }, ctx).dossiers(today, today, 0, 0);
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  },
  streams: [agenciesStream, proceduresStream, dossiersStream, paymentsStream],
};
