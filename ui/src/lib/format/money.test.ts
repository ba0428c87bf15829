import { describe, expect, it } from 'vitest';
import { formatMoney, minorToDecimalString, minorUnitExponent } from './money';

// Intl uses no-break spaces in some locales; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('formatMoney', () => {
  it('formats two-decimal currencies from cents', () => {
    expect(formatMoney(123456, 'USD', 'en-US')).toBe('$1,234.56');
    expect(formatMoney(5, 'usd', 'en-US')).toBe('$0.05');
    expect(formatMoney(0, 'USD', 'en-US')).toBe('$0.00');
  });

  it('does not divide zero-decimal currencies', () => {
    expect(formatMoney(500, 'JPY', 'en-US')).toBe('¥500');
    expect(formatMoney(15000, 'KRW', 'en-US')).toBe('₩15,000');
    expect(formatMoney(1000, 'jpy', 'en-US')).toBe('¥1,000');
    expect(plain(formatMoney(2500, 'XOF', 'fr-FR'))).toBe('2 500 F CFA');
  });

  it('divides three-decimal currencies by 1000', () => {
    expect(plain(formatMoney(5125, 'BHD', 'en-US'))).toBe('BHD 5.125');
    expect(plain(formatMoney(1000, 'KWD', 'en-US'))).toBe('KWD 1.000');
    expect(plain(formatMoney(10, 'JOD', 'en-US'))).toBe('JOD 0.010');
    expect(plain(formatMoney(250, 'OMR', 'en-US'))).toBe('OMR 0.250');
    expect(plain(formatMoney(12340, 'TND', 'en-US'))).toBe('TND 12.340');
  });

  it('formats negative amounts (refunds, debits)', () => {
    expect(formatMoney(-1234, 'USD', 'en-US')).toBe('-$12.34');
    expect(formatMoney(-5, 'USD', 'en-US')).toBe('-$0.05');
    expect(formatMoney(-500, 'JPY', 'en-US')).toBe('-¥500');
    expect(plain(formatMoney(-5125, 'BHD', 'en-US'))).toBe('-BHD 5.125');
  });

  it('keeps every cent of amounts beyond float precision of a division', () => {
    expect(formatMoney(9007199254740991, 'USD', 'en-US')).toBe('$90,071,992,547,409.91');
    expect(formatMoney(100000000000001, 'USD', 'en-US')).toBe('$1,000,000,000,000.01');
  });

  it('follows the locale', () => {
    expect(plain(formatMoney(123450, 'EUR', 'de-DE'))).toBe('1.234,50 €');
    expect(formatMoney(1234, 'JPY', 'ja-JP')).toBe('￥1,234');
  });

  it('treats ISK as two-decimal in the API but shows whole krónur', () => {
    expect(minorUnitExponent('ISK')).toBe(2);
    expect(plain(formatMoney(50000, 'ISK', 'en-US'))).toBe('ISK 500');
  });

  it('rejects amounts that are not whole minor units', () => {
    expect(() => formatMoney(12.5, 'USD', 'en-US')).toThrow(RangeError);
    expect(() => formatMoney(Number.NaN, 'USD', 'en-US')).toThrow(RangeError);
  });
});

describe('minorToDecimalString', () => {
  it('places the decimal point exactly', () => {
    expect(minorToDecimalString(123456, 2)).toBe('1234.56');
    expect(minorToDecimalString(7, 2)).toBe('0.07');
    expect(minorToDecimalString(-7, 3)).toBe('-0.007');
    expect(minorToDecimalString(500, 0)).toBe('500');
    expect(minorToDecimalString(0, 2)).toBe('0.00');
  });
});
