import { describe, expect, it } from 'vitest';
import { planWindows, runOrder } from '../../jobs/backfill';

describe('backfill window order', () => {
  it('queues the newest window first, then the oldest, inwards; every window exactly once', () => {
    const windows = planWindows('2024-01-01', '2024-03-01', 10).map((w) => ({ stream: 'dossiers', ...w }));
    const order = runOrder(windows).map((w) => w.from);
    expect(order).toEqual(['2024-02-20', '2024-01-01', '2024-02-10', '2024-01-11', '2024-01-31', '2024-01-21']);
    expect([...order].sort()).toEqual(windows.map((w) => w.from));
    expect(runOrder([{ from: '2024-01-01' }]).map((w) => w.from)).toEqual(['2024-01-01']);
    expect(runOrder([])).toEqual([]);
  });
});
