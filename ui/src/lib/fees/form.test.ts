import { describe, expect, it } from 'vitest';
import { emptyDraft, fixedFeeHint, newTier, placeFeeErrors, volumeExample } from './form';

describe('fee form', () => {
  it('reads a fixed fee as minor units of the currency, and only whole ones', () => {
    expect(fixedFeeHint('30', 'usd')).toBe('= $0.30');
    expect(fixedFeeHint('30', 'jpy')).toBe('= ¥30');
    expect(fixedFeeHint('1234', 'bhd')).toMatch(/1\.234/);
    expect(fixedFeeHint('25.5', 'usd')).toBeNull();
    expect(fixedFeeHint('-5', 'usd')).toBeNull();
    expect(volumeExample('usd')).toBe('10000 = $10,000.00');
    expect(volumeExample('jpy')).toBe('10000 = ¥10,000');
  });

  it('starts a new tier right after the last one', () => {
    const first = newTier([]);
    expect(first.volumeMin).toBe('0');
    expect(newTier([{ ...first, volumeMax: '10000' }]).volumeMin).toBe('10001');
    expect(newTier([{ ...first, volumeMax: '' }]).volumeMin).toBe('');
  });

  it('keeps an error with its row: errors name rows by the index they were sent at', () => {
    const draft = emptyDraft();
    draft.tiers = [newTier([]), newTier([])];
    const second = draft.tiers[1]!.key;
    const placed = placeFeeErrors(
      [
        { field: 'feeTiers[1].volumeMin', code: 'invalidValue', message: 'gap' },
        { field: 'feeTiers[7].volumeMin', code: 'invalidValue', message: 'no such row' },
        { field: 'defaultFeeFixed', code: 'required', message: 'fixed' },
      ],
      draft,
    );
    expect(placed.cells).toEqual({ [`tier:${second}:volumeMin`]: 'gap', defaultFeeFixed: 'fixed' });
    expect(placed.other).toEqual(['no such row']);
    expect(placed.first).toBe(`tier:${second}:volumeMin`);
  });
});
