// How a dispute's deadline is shown. The countdown's words and urgency (amber under 72 h, red
// under 24 h, overdue) are the core's, computed from its clock; here they only get a colour, and
// the UTC deadline is written in the viewer's time zone with the UTC time beside it.

import type { Countdown, Urgency } from '../bindings';

export type CountdownTone = 'calm' | 'amber' | 'red' | 'overdue';

const TONES: Record<Urgency, CountdownTone> = {
  calm: 'calm',
  soon: 'amber',
  urgent: 'red',
  overdue: 'overdue',
};

export function countdownTone(countdown: Pick<Countdown, 'urgency'>): CountdownTone {
  return TONES[countdown.urgency];
}

/** "Wed, Dec 9, 2026, 11:59 PM" in `timeZone` (the viewer's when absent); the input if unreadable. */
export function deadlineLocal(iso: string, timeZone?: string, locale = 'en-US'): string {
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
  }).format(moment);
}

/** "23:59 UTC, Dec 9": the deadline as Stripe sets it. */
export function deadlineUtc(iso: string, locale = 'en-US'): string {
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return iso;
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }).format(moment);
  const day = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(moment);
  return `${time} UTC, ${day}`;
}
