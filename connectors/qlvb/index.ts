import type { Connector } from '../types';
import { QlvbClient } from './client';
import { type QlvbConfig, QlvbConfigSchema } from './config';
import { incomingDocumentsStream, outgoingDocumentsStream } from './streams/documents';
import { edxmlStream } from './streams/edxml';

/** QLVB: the document management and operations system and its edXML exchange axis (shared/source-systems.md §A). */
export const qlvbConnector: Connector<QlvbConfig> = {
  kind: 'qlvb',
  title: 'Document management and operations (QLVB, edXML exchange)',
  configSchema: QlvbConfigSchema,
  secretFields: ['apiKey'],
  async check(config, ctx) {
    try {
      // The cheapest authenticated call: one row of the incoming register.
      await new QlvbClient({ ...config, maxRetries: 0 }, ctx).documents('den', `${config.startDate}T00:00:00`, 1, 1);
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  },
  streams: [incomingDocumentsStream, outgoingDocumentsStream, edxmlStream],
};
