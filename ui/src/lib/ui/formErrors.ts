import type { UserError } from '../backend/ipc';

/**
 * Where an error from saving a form goes: next to the input it names (`field`), or, when it names
 * none of the form's inputs, to a toast.
 */
export function placeError<F extends string>(
  error: UserError,
  fields: readonly F[],
): { field: F; message: string } | { field: null; message: string } {
  const field = fields.find((f) => error.isAbout(f));
  return field ? { field, message: error.message } : { field: null, message: error.message };
}
