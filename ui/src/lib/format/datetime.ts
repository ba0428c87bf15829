// Timestamps arrive as ISO 8601 UTC ("2025-09-12T06:54:17.000Z") and are shown in local time.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string | undefined, withTime = true): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${withTime}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' });
    formatters.set(key, f);
  }
  return f;
}

/** "Sep 12, 2025, 8:54 AM" in the user's locale and time zone; the input unchanged if unreadable. */
export function formatDateTime(iso: string, locale?: string): string {
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return iso;
  return formatter(locale).format(moment);
}

/** "Sep 12, 2025": the local date alone, for narrow columns (with the full time in a tooltip). */
export function formatDate(iso: string, locale?: string): string {
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return iso;
  return formatter(locale, false).format(moment);
}

const timeFormatters = new Map<string, Intl.DateTimeFormat>();

/** "8:54 AM": the local time of day alone, for a second line under the date. */
export function formatTime(iso: string, locale?: string): string {
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return iso;
  const key = locale ?? '';
  let f = timeFormatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
    timeFormatters.set(key, f);
  }
  return f.format(moment);
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * "Jan 30, 2026" for a calendar day that Stripe counts in UTC (a payout's arrival date, a
 * `yyyy-mm-dd` day): shown as that day wherever the user is, never shifted by their time zone.
 * `long` adds the weekday ("Friday, January 30, 2026").
 */
export function formatDay(isoOrDay: string, long = false, locale?: string): string {
  const moment = new Date(/^\d{4}-\d{2}-\d{2}$/.test(isoOrDay) ? `${isoOrDay}T00:00:00Z` : isoOrDay);
  if (Number.isNaN(moment.getTime())) return isoOrDay;
  const key = `${locale ?? ''}|${long}`;
  let f = dayFormatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { dateStyle: long ? 'full' : 'medium', timeZone: 'UTC' });
    dayFormatters.set(key, f);
  }
  return f.format(moment);
}
