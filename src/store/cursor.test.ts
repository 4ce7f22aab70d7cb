import assert from "node:assert/strict";
import { test } from "node:test";
import {
  decodeCursor,
  decodeKeysetCursor,
  encodeCursor,
  encodeKeysetCursor,
  InvalidCursorError,
} from "./cursor.ts";

test("a keyset cursor reads back as the position it was written from", () => {
  const position = { at: new Date("2026-03-04T05:06:07.089Z"), id: 42 };
  const cursor = encodeKeysetCursor(position);
  assert.match(cursor, /^[A-Za-z0-9_-]+$/, "safe in a URL as it is");
  assert.deepEqual(decodeKeysetCursor(cursor), position);
  // The form lists have always handed out, so cursors held by clients stay valid.
  assert.equal(cursor, Buffer.from('["2026-03-04T05:06:07.089Z",42]').toString("base64url"));
});

test("a cursor this API did not write is an InvalidCursorError", () => {
  const b64 = (text: string) => Buffer.from(text).toString("base64url");
  for (const foreign of [
    "",
    "not base64 at all!",
    b64("{}"),
    b64('["2026-03-04T05:06:07.089Z"]'),
    b64('["2026-03-04T05:06:07.089Z",-1]'),
    b64('["2026-03-04T05:06:07.089Z",1.5]'),
    b64('["2026-03-04T05:06:07.089Z",1,2]'),
    b64('["+275760-09-13T00:00:00.000Z",1]'),
    b64('["2026-02-30",1]'),
  ]) {
    assert.throws(() => decodeKeysetCursor(foreign), InvalidCursorError, foreign);
  }
  assert.throws(() => decodeCursor(b64('"a string"')), InvalidCursorError);
  assert.deepEqual(decodeCursor(encodeCursor(["c", "12", 3])), ["c", "12", 3]);
});
