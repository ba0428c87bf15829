import type { UserError } from '../backend/ipc';

/** A form's field errors, by input, and the first of them (to focus). */
export interface PlacedErrors<F extends string> {
  errors: Partial<Record<F, string>>;
  first: F | null;
}

/**
 * Where the errors from saving a form go: each next to the input it names. When none names one of
 * the form's inputs, `first` is null and the caller shows the error as a toast.
 */
export function placeErrors<F extends string>(error: UserError, fields: readonly F[]): PlacedErrors<F> {
  const errors: Partial<Record<F, string>> = {};
  let first: F | null = null;
  for (const problem of error.fieldErrors) {
    const field = fields.find((f) => f === problem.field);
    if (!field || errors[field] !== undefined) continue;
    errors[field] = problem.message;
    first ??= field;
  }
  return { errors, first };
}
