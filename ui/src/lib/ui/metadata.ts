// Stripe metadata as a form edits it: rows of key and value. The core checks Stripe's limits.

export interface MetadataRow {
  key: string;
  value: string;
}

/** The rows as the request's map; rows left blank are dropped. */
export function metadataOf(rows: readonly MetadataRow[]): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const row of rows) {
    if (row.key.trim() === '' && row.value.trim() === '') continue;
    metadata[row.key] = row.value;
  }
  return metadata;
}
