// The host system's side of a test: a request to the records API with a company's key, failing the
// test with the answer when it is not a success, and the JSON it answered (undefined when empty).
import assert from "node:assert/strict";

export async function hostRequest(
  baseUrl: string,
  key: string,
  method: string,
  path: string,
  body?: unknown,
) {
  const response = await fetch(`${baseUrl}/api/v1/${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}
