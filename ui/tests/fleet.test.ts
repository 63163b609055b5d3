// Fleet dialog payload: ticked types with counts, unticked ones 0 only when they had a count before.
import { describe, expect, it } from 'vitest';
import { fleetCounts } from '../src/lib/fleet';

describe('fleetCounts', () => {
  it('sends ticked counts and zeroes only previously counted types', () => {
    const r = fleetCounts(
      ['VL', 'PL', 'AGRI', 'TP'],
      {
        VL: { checked: true, count: '3' },
        PL: { checked: false, count: '2' },
        AGRI: { checked: false, count: '' },
      },
      { PL: 2, TP: 0 },
    );
    expect(r).toEqual({ counts: { VL: 3, PL: 0 }, invalid: [] });
  });

  it('flags counts that are not whole non-negative numbers', () => {
    const r = fleetCounts(
      ['VL', 'PL', 'TP'],
      { VL: { checked: true, count: '' }, PL: { checked: true, count: '-1' }, TP: { checked: true, count: '1.5' } },
      {},
    );
    expect(r.invalid).toEqual(['VL', 'PL', 'TP']);
  });
});
