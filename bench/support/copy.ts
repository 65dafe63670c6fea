import { closeSync, createReadStream, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DossierRecord } from '../../src/model/records';
import { copyValue, escapeCopyText as escapeText } from '../../src/store/copy';
import { contentHash, type UpsertSpec } from '../../src/store/writers/bulk-upsert';
import { dossierSpec } from '../../src/store/writers/dossier.writer';

/** The unified dossier columns the hub writes (hub.dossier), in COPY order. */
const SPEC_COLUMNS = [dossierSpec.key, ...dossierSpec.columns];
export const COPY_COLUMNS = [...SPEC_COLUMNS.map((c) => c.name), 'content_hash', 'source_system', 'first_run_id', 'last_run_id'];

/** hub.dossier's upsert, aimed at a scratch table of the same shape. */
export const referenceUpsertSpec = (table: string): UpsertSpec<DossierRecord> => ({ ...dossierSpec, table });

/** One dossier as a line of COPY text: the unified columns plus hash, source and run ids, as the hub stores them. */
export function copyLine(record: DossierRecord, meta: { sourceSystem: string; runId: number }): string {
  const fields = SPEC_COLUMNS.map((c) => copyValue(c.type, c.value(record)));
  fields.push(contentHash(record), escapeText(meta.sourceSystem), String(meta.runId), String(meta.runId));
  return `${fields.join('\t')}\n`;
}

/** A temporary file of COPY text, so a million rows need no memory while they wait. */
export class CopyFile {
  readonly path = path.join(tmpdir(), `hub-bench-${process.pid}.copy`);
  private fd: number | null = openSync(this.path, 'w');
  bytes = 0;
  rows = 0;

  append(lines: string, rows: number): void {
    if (this.fd === null) throw new Error('the COPY file is closed');
    const buffer = Buffer.from(lines, 'utf8');
    writeSync(this.fd, buffer);
    this.bytes += buffer.length;
    this.rows += rows;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  remove(): void {
    this.close();
    rmSync(this.path, { force: true });
  }
}

/** Streams the file through `COPY table (columns) FROM STDIN` (text format); returns rows and seconds. */
export async function timedCopy(client: PoolClient, table: string, file: string, signal: AbortSignal): Promise<{ rows: number; seconds: number }> {
  const started = performance.now();
  const sink = client.query(copyFrom(`copy ${table} (${COPY_COLUMNS.map((c) => `"${c}"`).join(', ')}) from stdin`));
  await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), sink, { signal });
  return { rows: sink.rowCount, seconds: (performance.now() - started) / 1000 };
}
