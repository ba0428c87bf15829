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
