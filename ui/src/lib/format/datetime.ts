// Timestamps arrive as ISO 8601 UTC ("2025-09-12T06:54:17.000Z") and are shown in local time.

const dateTime = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string | undefined): Intl.DateTimeFormat {
  const key = locale ?? '';
  let f = dateTime.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    dateTime.set(key, f);
  }
  return f;
}

/** "Sep 12, 2025, 8:54 AM" in the user's locale and time zone; the input unchanged if unreadable. */
export function formatDateTime(iso: string, locale?: string): string {
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return iso;
  return formatter(locale).format(moment);
}
