// Page cursors: opaque to clients, base64url text over a small JSON array. Every list that pages by
// keyset (a timestamp and an id, newest or oldest first) writes and reads its cursor here, so a cursor
// is checked the same way everywhere; the change feed puts its own position in the same envelope.

export class InvalidCursorError extends Error {
  readonly code = "invalid_cursor";
  constructor() {
    super("The cursor is not one this list returned; start again without it");
    this.name = "InvalidCursorError";
  }
}

/** Wraps a cursor's parts. */
export function encodeCursor(parts: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(parts)).toString("base64url");
}

/** The parts of a cursor `encodeCursor` wrote; anything else is an InvalidCursorError. */
export function decodeCursor(cursor: string): unknown[] {
  try {
    const parts = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(parts)) return parts;
  } catch {
    // Not base64url JSON: reported below like any other foreign cursor.
  }
  throw new InvalidCursorError();
}

/** A keyset position: the row's timestamp and, to break ties, its id. */
export interface KeysetPosition {
  at: Date;
  id: number;
}

export function encodeKeysetCursor(position: KeysetPosition): string {
  return encodeCursor([position.at.toISOString(), position.id]);
}

export function decodeKeysetCursor(cursor: string): KeysetPosition {
  const [at, id, ...rest] = decodeCursor(cursor);
  // Only the form encodeKeysetCursor writes: a year JavaScript accepts may be one PostgreSQL refuses.
  if (typeof at !== "string" || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(at))
    throw new InvalidCursorError();
  const date = new Date(at);
  if (rest.length > 0 || Number.isNaN(date.getTime())) throw new InvalidCursorError();
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 0) throw new InvalidCursorError();
  return { at: date, id };
}
