// Test support: an emulator with a connected app's access token and a small client that speaks the
// data API as a QuickBooks client does. Used by the emulator's own tests; other suites may use it too.
import { findUnrecognized, PROPERTIES } from "#emulator/entities/fields.ts";
import { createEmulator, type Emulator, type EmulatorOptions } from "#emulator/index.ts";
import { type ConnectionDeps, completeConnect, saveSettings, startConnect } from "#sync/connection.ts";

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the raw text (XML faults) when the body is not JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: tests walk response bodies of every shape
  body: any;
  text: string;
}

export interface TestEmulator {
  qbo: Emulator;
  realmId: string;
  accessToken: string;
  /** A data API request below /v3/company/{realmId}/ with the bearer token; `path` may carry a query. */
  api(
    method: "GET" | "POST",
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiResponse>;
  /** Replaces the access token with a freshly granted one (after the clock moved past its hour). */
  renewToken(): Promise<void>;
  /** A control API request below /__emulator/. */
  control(method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<ApiResponse>;
  close(): Promise<void>;
}

async function toResponse(res: Response): Promise<ApiResponse> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body, text };
}

/**
 * Every entity the data API answers must be one QuickBooks would accept back: a client that reads an
 * object and posts it back must never meet the 2010 "Unrecognized field" fault because of a property
 * the emulator invented. Checked on every response the test client sees.
 */
function assertSchemaShape(body: unknown): void {
  if (typeof body !== "object" || body === null) return;
  const record = body as Record<string, unknown>;
  const entities: [string, unknown][] = Object.entries(record);
  const query = record.QueryResponse;
  if (typeof query === "object" && query !== null) entities.push(...Object.entries(query));
  for (const item of Array.isArray(record.BatchItemResponse) ? record.BatchItemResponse : []) {
    if (typeof item === "object" && item !== null) entities.push(...Object.entries(item));
  }
  for (const [name, value] of entities) {
    if (!PROPERTIES[name]) continue;
    const found = findUnrecognized(name, value);
    if (found) {
      throw new Error(`the emulator answered ${found.cls}.${found.field}, a property Intuit's schema lacks`);
    }
  }
}

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const qbo = await createEmulator({ seed: "empty", ...options });
  const control: TestEmulator["control"] = async (method, path, body) =>
    toResponse(
      await fetch(`${qbo.url}/__emulator${path}`, {
        method,
        ...(body !== undefined
          ? { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }
          : {}),
      }),
    );
  const grant = async () => {
    const token = await control("POST", "/tokens", { realmId: qbo.realmId });
    if (token.status !== 200) throw new Error(`token: ${token.text}`);
    return String(token.body.access_token);
  };
  const api: TestEmulator["api"] = async (method, path, body, headers = {}) => {
    const res = await toResponse(
      await fetch(`${qbo.url}/v3/company/${qbo.realmId}/${path.replace(/^\//, "")}`, {
        method,
        headers: {
          authorization: `Bearer ${handle.accessToken}`,
          accept: "application/json",
          ...(body !== undefined
            ? { "content-type": typeof body === "string" ? "application/text" : "application/json" }
            : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
      }),
    );
    if (res.status === 200) assertSchemaShape(res.body);
    return res;
  };
  const handle: TestEmulator = {
    qbo,
    realmId: qbo.realmId,
    accessToken: await grant(),
    api,
    control,
    renewToken: async () => {
      handle.accessToken = await grant();
    },
    close: () => qbo.close(),
  };
  return handle;
}

/** The first error of a fault response: `{ code, Message, Detail, element }`. */
export function faultOf(res: ApiResponse): {
  code: string;
  Message: string;
  Detail: string;
  element?: string;
} {
  const error = res.body?.Fault?.Error?.[0];
  if (!error) throw new Error(`expected a Fault, got ${res.status} ${res.text.slice(0, 300)}`);
  return error;
}

/** Plays the browser on the emulator's consent page: answers the callback URL it redirects to. */
export async function consent(
  authorizeUrl: string,
  realmId: string,
  action: "connect" | "cancel" = "connect",
) {
  const res = await fetch(authorizeUrl, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ realmId, action }).toString(),
  });
  if (res.status !== 302) throw new Error(`the consent page answered ${res.status}: ${await res.text()}`);
  return new URL(res.headers.get("location") ?? "");
}

/**
 * Connects a Ledgerlink company to an emulator as a person would: the app's credentials saved, Connect,
 * the consent page answered, the callback completed. Throws with the reason when a step is refused.
 */
export async function connectToEmulator(
  deps: ConnectionDeps,
  companyId: string,
  qbo: { url: string; realmId: string },
): Promise<void> {
  const saved = await saveSettings(deps, companyId, {
    environment: "custom",
    origin: qbo.url,
    clientId: "ledgerlink-dev",
    clientSecret: "ledgerlink-dev-secret",
  });
  if (!saved.ok) throw new Error(saved.error.message);
  const started = await startConnect(deps, companyId, { redirectUri: "http://127.0.0.1:9/callback" });
  if (!started.ok) throw new Error(started.error.message);
  const done = await completeConnect(
    deps,
    (await consent(started.value.authorizeUrl, qbo.realmId)).searchParams,
  );
  if (!done.ok) throw new Error(done.error.message);
}

/** A control API call on an emulator started by `createEmulator` (no test client): its parsed answer, or an error. */
export async function emulatorControl(
  qbo: Emulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const ask = () =>
    fetch(`${qbo.url}/__emulator${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    });
  // A kept-alive connection the emulator closed while this process was busy (a long bulk load) fails
  // at once; control calls are idempotent, so one more try on a fresh connection is safe.
  const res = await ask().catch(() => ask());
  const text = await res.text();
  if (!res.ok) throw new Error(`emulator ${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}
