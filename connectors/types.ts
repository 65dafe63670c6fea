import type { z } from 'zod';
import type { UnifiedKind, UnifiedRecord } from '../src/model/records';
import type { StreamSpec } from './spec/record';

/**
 * The plug-in contract every source connector implements. The sync engine knows
 * only this file: a new source system is a new folder here plus a registry line.
 *
 * Glossary
 * - stream: one kind of record a source lists (dossiers, agencies, …), read incrementally.
 * - state: a stream's small, JSON-serialisable checkpoint (a cursor, a page offset).
 * - checkpoint: a message saying "everything before this is read; resume from `state`".
 *   The engine commits the records before it and the state in one transaction.
 */

export type StreamStateValue = Record<string, unknown>;

/** A raw record as the source sent it, with its key when one can be read. */
export interface SourceRecord {
  key: string | null;
  payload: unknown;
}

export type ReadMessage =
  | { type: 'records'; records: SourceRecord[] }
  | {
      type: 'checkpoint';
      state: StreamStateValue;
      /**
       * Called once the records before this checkpoint are committed, never before:
       * e.g. acknowledging edXML packages at the source. If the process dies between
       * commit and acknowledgement the source serves them again; the store's keys make
       * that redelivery a no-op.
       */
      afterCommit?: () => Promise<void>;
    }
  /** Progress for people: how far through the stream (0–1) and what is being read. */
  | { type: 'progress'; fraction: number | null; message: string };

/** A date window of a backfill: days [from, to) as yyyy-MM-dd, in the source's local calendar. */
export interface ReadWindow {
  from: string;
  to: string;
}

export interface ReadContext {
  signal: AbortSignal;
  /** The clock; tests and simulators may move it. */
  now(): Date;
  log(message: string, fields?: Record<string, unknown>): void;
}

export interface StreamDefinition {
  name: string;
  /** The unified kind its records map to. */
  kind: UnifiedKind;
  description: string;
  /** The source field(s) that identify a record. */
  primaryKey: string[];
  /** The source field the stream advances on, if incremental. */
  cursorField: string | null;
}

/**
 * A unified record as a stream's `map` returns it. `flags` name what the record was
 * stored without (`invalid:<field>`: a wrong value its spec lets the hub leave empty);
 * the engine keeps them on the record's source version, beside its own quirk flags.
 */
export type MappedRecord = UnifiedRecord & { flags?: readonly string[] };

export interface Stream<C> {
  definition: StreamDefinition;
  /** What a valid raw record of this stream is: every field, its format, the key and cursor. */
  spec: StreamSpec;
  /** Reads from `state` (null on the first run) onwards, yielding records and checkpoints. */
  read(config: C, state: StreamStateValue | null, ctx: ReadContext): AsyncIterable<ReadMessage>;
  /**
   * Reads only the records changed in [window.from, window.to) (a backfill window),
   * from `state` (null at the window's start; this window's own checkpoint, never the
   * stream's). Streams without it cannot be backfilled by windows.
   */
  readWindow?(config: C, window: ReadWindow, state: StreamStateValue | null, ctx: ReadContext): AsyncIterable<ReadMessage>;
  /** Pure: one raw payload to its unified record, if it passes `spec`. Throws MappingError for a bad record. */
  map(payload: unknown): MappedRecord;
  /**
   * True when every run reads the whole listing (catalogues): a key the store has
   * that a complete run did not see is flagged as gone at source.
   */
  fullListing?: boolean;
  /**
   * True when reading on depends on the previous checkpoint's `afterCommit` having
   * run (a queue read from its head, emptied by acknowledgements). The engine then
   * does not read ahead of its commits.
   */
  sequential?: boolean;
}

export type CheckResult = { ok: true } | { ok: false; reason: string };

export interface Connector<C = unknown> {
  /** Registry key, e.g. `mcdt`. */
  kind: string;
  title: string;
  /** Validates a stored or submitted config; its messages name the field. */
  configSchema: z.ZodType<C, z.ZodTypeDef, unknown>;
  /** Config fields that hold secrets: never logged or served. */
  secretFields: readonly string[];
  /** Can it connect with this config? A readable reason when not. */
  check(config: C, ctx: ReadContext): Promise<CheckResult>;
  /** The streams, in the order a full sync should run them (catalogues first). */
  streams: readonly Stream<C>[];
}

/** A connector with its config type erased, for the registry. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyConnector = Connector<any>;
