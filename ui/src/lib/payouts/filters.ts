// The payouts list filters on arrival days, which the core counts in UTC; the rest of the
// toolbar is the money lists' (`datatable/moneyFilters.ts`).

import type { DateRange } from '../datatable/moneyFilters';

export const ARRIVAL_DAYS: DateRange = { field: 'arrivalDate', utc: true };
