import { SourceUnavailableError } from '../../errors';
import type { ReadMessage, SourceRecord, Stream } from '../../types';
import { QlvbClient } from '../client';
import type { QlvbConfig } from '../config';
import { toPayload } from '../edxml';
import { mapEdxmlPayload } from '../map';
import { EdxmlPackageSpec } from '../spec';

/** At most this many pending-list batches per run, so a queue that never empties still ends the run. */
const MAX_BATCHES = 1000;

/**
 * A2, the edXML pending queue: list the waiting ids, fetch each package, yield
 * them, then a checkpoint whose `afterCommit` acknowledges exactly those ids, so
 * a package leaves the queue only once it is stored. The queue is the cursor:
 * the state only records when the last batch was read.
 *
 * A package that cannot be parsed is yielded too (its payload carries the
 * reason, and `map` throws a MappingError so the engine quarantines it) and is
 * acknowledged like the others: the exchange has no dead-letter queue, and an
 * unreadable package left pending would be served first on every run forever.
 */
export const edxmlStream: Stream<QlvbConfig> = {
  definition: {
    name: 'edxml',
    kind: 'edxmlPackage',
    description: 'edXML packages waiting on the exchange axis (GET /edxml/cho-nhan, /edxml/goi-tin/{id}), acknowledged after commit',
    primaryKey: ['packageId'],
    cursorField: null,
  },
  async *read(config, _state, ctx): AsyncGenerator<ReadMessage> {
    const client = new QlvbClient(config, ctx);
    // Ids yielded in this run: if the engine acknowledges late, or an acknowledgement
    // failed, they are still listed, and must not be fetched again in a loop.
    const seen = new Set<string>();
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const list = await client.pending(config.packageBatch);
      if (!list || !Array.isArray(list.ids)) throw new SourceUnavailableError('GET /edxml/cho-nhan answered without ids');
      const ids = [...new Set(list.ids.filter((id): id is string => typeof id === 'string' && id !== '' && !seen.has(id)))];
      if (ids.length === 0) break;
      const records: SourceRecord[] = [];
      for (const id of ids) {
        seen.add(id);
        const xml = await client.packageXml(id);
        if (xml === null) {
          ctx.log('edXML package gone before it was fetched; skipped', { packageId: id });
          continue;
        }
        records.push({ key: id, payload: toPayload(id, xml) });
      }
      const received = records.map((r) => r.key ?? '');
      if (records.length) yield { type: 'records', records };
      yield {
        type: 'checkpoint',
        state: { lastBatchAt: ctx.now().toISOString(), lastBatchSize: received.length },
        afterCommit: async () => {
          for (const id of received) {
            if (!(await client.acknowledge(id))) ctx.log('edXML package already gone when acknowledged', { packageId: id });
          }
        },
      };
      yield { type: 'progress', fraction: null, message: `edXML packages received: ${seen.size}` };
    }
  },
  spec: EdxmlPackageSpec,
  map: mapEdxmlPayload,
  // The pending list is read from its head: the next batch is only visible once this one is acknowledged.
  sequential: true,
};
