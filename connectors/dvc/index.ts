import type { Connector } from '../types';
import { DvcClient } from './client';
import { type DvcConfig, DvcConfigSchema } from './config';
import { agenciesStream, proceduresStream } from './streams/catalogues';
import { dossiersStream } from './streams/dossiers';
import { paymentsStream } from './streams/payments';
import { ratingsStream } from './streams/ratings';
import { toCompact } from './streams/windowed';

/** DVC: the public-service portal, national-portal adapter style (shared/source-systems.md §C). */
export const dvcConnector: Connector<DvcConfig> = {
  kind: 'dvc',
  title: 'Public-service portal (DVC)',
  configSchema: DvcConfigSchema,
  secretFields: ['password'],
  async check(config, ctx) {
    try {
      // Logs in, then the cheapest call: one row of the dossiers changed this second.
      const now = toCompact(ctx.now());
      await new DvcClient({ ...config, maxRetries: 0 }, ctx).dossiers({ tuNgay: now, denNgay: now, pageIndex: 1, pageSize: 1 });
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  },
  streams: [agenciesStream, proceduresStream, dossiersStream, paymentsStream, ratingsStream],
};
