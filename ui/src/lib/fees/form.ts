// The fee editor's draft: every value as typed (text), rows with stable keys so an error stays with
// its row when rows above it are removed. The core reads and checks the text; nothing here parses
// a percentage or a fee.

import type { FeeSchedule, FieldError, SaveFeeSchedule } from '../bindings';
import { formatMoney, minorUnitExponent } from '../format/money';

export type TierField = 'volumeMin' | 'volumeMax' | 'feePercent' | 'feeFixed';
export type OverrideField = 'merchantId' | 'feePercent' | 'feeFixed' | 'reason';
export type TopField = 'currency' | 'defaultFeePercent' | 'defaultFeeFixed';

export interface TierRow {
  key: number;
  volumeMin: string;
  volumeMax: string;
  feePercent: string;
  feeFixed: string;
}

export interface OverrideRow {
  key: number;
  merchantId: string;
  feePercent: string;
  feeFixed: string;
  reason: string;
}

export interface FeeDraft {
  defaultFeePercent: string;
  defaultFeeFixed: string;
  tiers: TierRow[];
  overrides: OverrideRow[];
}

let lastKey = 0;
const nextKey = () => (lastKey += 1);

export function emptyDraft(): FeeDraft {
  return { defaultFeePercent: '', defaultFeeFixed: '', tiers: [], overrides: [] };
}

/** The saved schedule as the editor shows it (tiers in the core's order: by volume min). */
export function draftFrom(schedule: FeeSchedule): FeeDraft {
  return {
    defaultFeePercent: schedule.defaultFeePercent,
    defaultFeeFixed: String(schedule.defaultFeeFixed),
    tiers: schedule.feeTiers.map((t) => ({
      key: nextKey(),
      volumeMin: String(t.volumeMin),
      volumeMax: t.volumeMax === null ? '' : String(t.volumeMax),
      feePercent: t.feePercent,
      feeFixed: String(t.feeFixed),
    })),
    overrides: schedule.perMerchantOverrides.map((o) => ({
      key: nextKey(),
      merchantId: o.merchantId,
      feePercent: o.feePercent,
      feeFixed: String(o.feeFixed),
      reason: o.reason,
    })),
  };
}

/** A new tier row; it starts right after the last tier when that one has an end. */
export function newTier(tiers: readonly TierRow[]): TierRow {
  const last = tiers.at(-1);
  const end = last && /^\d+$/.test(last.volumeMax.trim()) ? BigInt(last.volumeMax.trim()) + 1n : null;
  return { key: nextKey(), volumeMin: tiers.length === 0 ? '0' : (end?.toString() ?? ''), volumeMax: '', feePercent: '', feeFixed: '' };
}

export function newOverride(): OverrideRow {
  return { key: nextKey(), merchantId: '', feePercent: '', feeFixed: '', reason: '' };
}

/** What Save sends: the text as typed; an empty volume max means "and above". */
export function toInput(workspaceId: number, currency: string, draft: FeeDraft): SaveFeeSchedule {
  return {
    workspaceId,
    currency,
    defaultFeePercent: draft.defaultFeePercent,
    defaultFeeFixed: draft.defaultFeeFixed,
    feeTiers: draft.tiers.map((t) => ({
      volumeMin: t.volumeMin,
      volumeMax: t.volumeMax,
      feePercent: t.feePercent,
      feeFixed: t.feeFixed,
    })),
    perMerchantOverrides: draft.overrides.map((o) => ({
      merchantId: o.merchantId,
      feePercent: o.feePercent,
      feeFixed: o.feeFixed,
      reason: o.reason,
    })),
  };
}

/** Where an error is shown: a top field, or a cell of a row (by the row's key). */
export type CellId = TopField | `tier:${number}:${TierField}` | `override:${number}:${OverrideField}`;

export interface PlacedFeeErrors {
  cells: Partial<Record<CellId, string>>;
  /** Problems that name no cell of the form (shown above it). */
  other: string[];
  first: CellId | null;
}

const TOP: readonly string[] = ['currency', 'defaultFeePercent', 'defaultFeeFixed'];
const TIER_FIELDS: readonly string[] = ['volumeMin', 'volumeMax', 'feePercent', 'feeFixed'];
const OVERRIDE_FIELDS: readonly string[] = ['merchantId', 'feePercent', 'feeFixed', 'reason'];

/**
 * Puts the core's field errors (`defaultFeePercent`, `feeTiers[2].volumeMax`,
 * `perMerchantOverrides[0].reason`) on the cells of the rows that were sent, by index.
 */
export function placeFeeErrors(problems: readonly FieldError[], draft: FeeDraft): PlacedFeeErrors {
  const cells: Partial<Record<CellId, string>> = {};
  const other: string[] = [];
  let first: CellId | null = null;
  for (const problem of problems) {
    const cell = cellOf(problem.field, draft);
    if (cell === null) {
      other.push(problem.message);
      continue;
    }
    if (cells[cell] !== undefined) continue;
    cells[cell] = problem.message;
    first ??= cell;
  }
  return { cells, other, first };
}

function cellOf(path: string, draft: FeeDraft): CellId | null {
  if (TOP.includes(path)) return path as TopField;
  const row = /^(feeTiers|perMerchantOverrides)\[(\d+)\]\.(\w+)$/.exec(path);
  if (!row) return null;
  const [, list, index, field] = row as unknown as [string, string, string, string];
  if (list === 'feeTiers') {
    const tier = draft.tiers[Number(index)];
    return tier && TIER_FIELDS.includes(field) ? `tier:${tier.key}:${field as TierField}` : null;
  }
  const override = draft.overrides[Number(index)];
  return override && OVERRIDE_FIELDS.includes(field) ? `override:${override.key}:${field as OverrideField}` : null;
}

/** "= $0.30" for a fixed fee typed as whole minor units; null while it is not one. */
export function fixedFeeHint(typed: string, currency: string): string | null {
  const text = typed.trim();
  if (!/^\d{1,15}$/.test(text)) return null;
  try {
    return `= ${formatMoney(Number(text), currency)}`;
  } catch {
    return null;
  }
}

/** "30 = $0.30" (or "30 = ¥30"): what one fixed-fee unit means in this currency. */
export function minorUnitExample(currency: string): string {
  return `30 = ${formatMoney(30, currency)}`;
}

/** "10000 = $10,000.00": volumes are whole major units. */
export function volumeExample(currency: string): string {
  const exponent = minorUnitExponent(currency);
  return `10000 = ${formatMoney(10000 * 10 ** exponent, currency)}`;
}

/** "2.5 % + $0.25" for a saved rule. */
export function rateText(percent: string, fixed: number, currency: string): string {
  return `${percent} % + ${formatMoney(fixed, currency)}`;
}
