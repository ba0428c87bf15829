const integer = new Map<string, Intl.NumberFormat>();

/** A count with the locale's grouping: 1234 → "1,234". */
export function formatCount(value: number, locale?: string): string {
  const key = locale ?? '';
  let f = integer.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    integer.set(key, f);
  }
  return f.format(value);
}
