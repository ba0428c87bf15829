// Money arrives from Stripe as an integer amount in the currency's minor unit plus an ISO code.
// How many minor units make one major unit is Stripe's rule, not always ISO 4217's:
// https://docs.stripe.com/currencies#zero-decimal and #three-decimal. (ISK, HUF and TWD stay
// two-decimal in the API even where the currency has no coins: 100 ISK minor units = 1 ISK.)

/** Currencies Stripe sends without a fractional part: 500 JPY means ¥500. */
export const ZERO_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set([
  'BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF',
]);

/** Currencies Stripe sends in thousandths: 5120 BHD minor units means 5.120 BHD. */
export const THREE_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/** The number of decimal places Stripe uses for a currency's amounts. */
export function minorUnitExponent(currency: string): 0 | 2 | 3 {
  const code = currency.toUpperCase();
  if (ZERO_DECIMAL_CURRENCIES.has(code)) return 0;
  if (THREE_DECIMAL_CURRENCIES.has(code)) return 3;
  return 2;
}

/**
 * Writes an integer amount of minor units as an exact decimal string ("-12.34"), with no floating
 * point division, so large amounts and every cent survive.
 */
export function minorToDecimalString(amountMinor: number, exponent: number): string {
  if (!Number.isSafeInteger(amountMinor)) {
    throw new RangeError(`A money amount must be a whole number of minor units, got ${amountMinor}`);
  }
  const negative = amountMinor < 0;
  const digits = Math.abs(amountMinor).toString();
  if (exponent === 0) return `${negative ? '-' : ''}${digits}`;
  const padded = digits.padStart(exponent + 1, '0');
  const whole = padded.slice(0, padded.length - exponent);
  const fraction = padded.slice(padded.length - exponent);
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: string, exponent: number, locale: string | undefined): Intl.NumberFormat {
  const key = `${locale ?? ''}|${currency}|${exponent}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    // Show what the locale usually shows for this currency, but never hide a minor unit that is
    // actually there (e.g. an old fractional ISK amount).
    const localeDigits =
      new Intl.NumberFormat(locale, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? exponent;
    formatter = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: Math.min(localeDigits, exponent),
      maximumFractionDigits: exponent,
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * Formats an amount in minor units for display: `formatMoney(123456, 'usd', 'en-US')` → "$1,234.56",
 * `formatMoney(500, 'JPY', 'en-US')` → "¥500", `formatMoney(5125, 'BHD', 'en-US')` → "BHD 5.125".
 *
 * @param amountMinor a safe integer of minor units (cents, yen, fils); negative for debits/refunds
 * @param currency ISO 4217 code in any case, as Stripe sends it ("usd")
 * @param locale BCP 47 tag; the system's locale when omitted
 * @throws RangeError when the amount is not a safe integer or the currency code is malformed
 */
export function formatMoney(amountMinor: number, currency: string, locale?: string): string {
  const code = currency.trim().toUpperCase();
  const exponent = minorUnitExponent(code);
  const decimal = minorToDecimalString(amountMinor, exponent);
  const formatter = formatterFor(code, exponent, locale);
  // Intl formats a decimal string exactly (no binary rounding) where supported; elsewhere the
  // conversion to a double is still exact to the digits shown for any safe integer amount.
  return formatter.format(decimal as unknown as number);
}
