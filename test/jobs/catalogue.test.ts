import { describe, expect, it } from 'vitest';
import { assertCatalogue, CatalogueError, catalogueName } from '../../jobs/catalogue';
import { JOB_NAMES } from '../../jobs/types';

describe('job catalogue', () => {
  it('refuses to start without a handler for every job name, naming the missing ones', () => {
    const handlers = { [JOB_NAMES.SYNC_STREAM]: () => Promise.resolve(null), [JOB_NAMES.SCHEDULE_TICK]: () => Promise.resolve(null) };
    expect(() => assertCatalogue(handlers)).toThrow(CatalogueError);
    expect(() => assertCatalogue(handlers)).toThrow(/no handler for the job\(s\) backfill-window, backfill/);
    const all = Object.fromEntries(Object.values(JOB_NAMES).map((n) => [n, () => Promise.resolve(null)]));
    expect(assertCatalogue(all)).toBe(all);
  });

  it('maps jobs of the first catalogue (named after their id) to the sync handler, and nothing else', () => {
    expect(catalogueName('sync.mcdt.dossiers')).toBe(JOB_NAMES.SYNC_STREAM);
    expect(catalogueName('schedule-tick')).toBe(JOB_NAMES.SCHEDULE_TICK);
    expect(catalogueName('mystery')).toBeNull();
  });
});
