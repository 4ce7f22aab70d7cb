// The web app's only way out: the admin endpoints of the Ledgerlink server. Every request carries
// the session cookie; every change also carries the CSRF token the server handed out at sign-in,
// because a cookie alone would let another site act on the bookkeeper's behalf.

import type { BrowseItem, BrowsePage, RecordDetailView } from "#admin/browse.ts";
import type { CompanyView } from "#admin/companies.ts";
import type { JobHistoryItem, JobHistoryPage } from "#admin/jobs.ts";
import type { ApiKeyView } from "#admin/keys.ts";
import type { SignedIn } from "#admin/users.ts";
import type { ConnectionView } from "#edi/connections.ts";
import type { PollReport } from "#edi/inbound/poll.ts";
import type { MessageDetail, MessageView } from "#edi/messages.ts";
import type { PartnerView } from "#edi/partners.ts";
import type { SsccSettingsView } from "#edi/sscc.ts";
import type { TestReport } from "#edi/transport.ts";
import type { HistoryEntry } from "#store/sync-links.ts";
import type { AccountSearch, BooksView } from "#sync/accounts.ts";
import type { ConnectionSettingsInput, ConnectionSettingsView } from "#sync/connection.ts";
import type { DefaultAccountKind, PushSettingsDocument, PushSettingsView } from "#sync/settings.ts";

// The server's own response types, imported as types only: nothing of the server enters the bundle.
export type Company = CompanyView;
export type ApiKey = ApiKeyView;
export type RecordRow = BrowseItem;
export type RecordDetail = RecordDetailView;
/** The money summary under a document's lines. */
export type TotalLines = NonNullable<RecordDetailView["totals"]>["lines"];
export type JobRun = JobHistoryItem;
export type JobPage = JobHistoryPage;
export type EdiConnection = ConnectionView;
export type EdiPartner = PartnerView;
export type EdiTestReport = TestReport;
export type EdiMessage = MessageView;
export type EdiMessageDetail = MessageDetail;
export type EdiPollReport = PollReport;
export type EdiSsccSettings = SsccSettingsView;

export type ConnectionSettings = ConnectionSettingsView;
export type ConnectionStatus = ConnectionSettingsView["status"];

export type PushSettings = PushSettingsView;
export type PushSwitch = PushSettingsView["switches"][number];
export type PushSettingsPatch = Partial<PushSettingsDocument>;
export type AccountKind = DefaultAccountKind;
export type AccountResults = AccountSearch;
export type Books = BooksView;
/** One push attempt as the server sends it (its time as an ISO string). */
export type PushAttempt = Omit<HistoryEntry, "at"> & { at: string };

export interface Session {
  user: SignedIn["user"];
  csrfToken: string;
}

export interface NewApiKey {
  id: string;
  key: string;
  prefix: string;
}

export interface CollectionSummary {
  name: string;
  label: string;
  count: number;
}

export type RecordPage = BrowsePage;
export type ListColumn = BrowsePage["columns"][number];

/**
 * A failed request, with the server's own explanation when it gave one (problem+json `detail`). Status 0
 * means no answer came at all: the server is down or the network is.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The problems the server named field by field (`/defaultAccounts/income`: "must be …"). */
    readonly fields: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/** What the app says when the server does not answer at all. */
export const notAnswering = "Ledgerlink is not answering — is the server running?";

let csrfToken = "";
let onSignedOut: () => void = () => {};

/** Called when any request finds the session gone, so the app can show the sign-in screen. */
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET") headers["x-csrf-token"] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    // The browser's own words ("Failed to fetch", "NetworkError when attempting to fetch resource")
    // say nothing a bookkeeper can act on.
    throw new ApiError(0, notAnswering);
  }
  if (response.status === 401 && !path.endsWith("/login") && !path.endsWith("/me")) onSignedOut();
  if (!response.ok) {
    const { message, fields } = await explain(response);
    throw new ApiError(response.status, message, fields);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

async function explain(response: Response): Promise<{ message: string; fields: ApiError["fields"] }> {
  let fields: ApiError["fields"] = [];
  try {
    const problem = (await response.json()) as {
      detail?: string;
      title?: string;
      message?: string;
      errors?: { path?: string; message?: string }[];
    };
    const text = problem.detail ?? problem.message ?? problem.title;
    fields = (problem.errors ?? []).map((e) => ({ path: e.path ?? "", message: e.message ?? "" }));
    // Field problems name their field ("folder.inbox must be an absolute path"), so the form can be fixed.
    const named = fields
      .map((e) => `${e.path.replace(/^\//, "").replaceAll("/", ".")} ${e.message}`.trim())
      .filter(Boolean);
    if (text) return { message: named.length > 0 ? `${text} ${named.join("; ")}.` : text, fields };
  } catch {
    // Not JSON: fall through to the status line.
  }
  if (response.status === 401) return { message: "Your session has ended. Please sign in again.", fields };
  if (response.status >= 500)
    return { message: "The server could not complete this request. Please try again.", fields };
  return { message: `The server answered ${response.status} ${response.statusText}.`, fields };
}

function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

const enc = encodeURIComponent;

export const api = {
  async me(): Promise<Session | null> {
    try {
      const session = await request<Session>("GET", "/api/admin/me");
      csrfToken = session.csrfToken;
      return session;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  async login(username: string, password: string): Promise<Session> {
    const session = await request<Session>("POST", "/api/admin/login", { username, password });
    csrfToken = session.csrfToken;
    return session;
  },
  async logout(): Promise<void> {
    await request<void>("POST", "/api/admin/logout", {});
    csrfToken = "";
  },
  companies: () => request<{ items: Company[] }>("GET", "/api/admin/companies"),
  createCompany: (name: string) => request<Company>("POST", "/api/admin/companies", { name }),
  renameCompany: (id: string, name: string) =>
    request<Company>("PATCH", `/api/admin/companies/${enc(id)}`, { name }),
  keys: (companyId: string) =>
    request<{ items: ApiKey[] }>("GET", `/api/admin/companies/${enc(companyId)}/keys`),
  createKey: (companyId: string) =>
    request<NewApiKey>("POST", `/api/admin/companies/${enc(companyId)}/keys`, {}),
  revokeKey: (keyId: string) => request<unknown>("POST", `/api/admin/keys/${enc(keyId)}/revoke`, {}),
  collections: (companyId: string) =>
    request<{ items: CollectionSummary[] }>("GET", `/api/admin/companies/${enc(companyId)}/collections`),
  records: (
    companyId: string,
    collection: string,
    params: {
      search?: string;
      status?: string;
      sort?: string;
      order?: string;
      page?: number;
      deleted?: "include";
      problems?: string;
      references?: string;
      limit?: number;
    },
  ) =>
    request<RecordPage>(
      "GET",
      `/api/admin/companies/${enc(companyId)}/records/${enc(collection)}${query(params)}`,
    ),
  record: (companyId: string, collection: string, externalId: string) =>
    request<RecordDetail>(
      "GET",
      `/api/admin/companies/${enc(companyId)}/records/${enc(collection)}/${enc(externalId)}`,
    ),
  connection: (companyId: string) =>
    request<ConnectionSettings>("GET", `/api/admin/companies/${enc(companyId)}/connection`),
  saveConnection: (companyId: string, settings: ConnectionSettingsInput) =>
    request<ConnectionSettings>("PUT", `/api/admin/companies/${enc(companyId)}/connection`, settings),
  connect: (companyId: string, returnTo: string) =>
    request<{ authorizeUrl: string; redirectUri: string }>(
      "POST",
      `/api/admin/companies/${enc(companyId)}/connection/connect`,
      { returnTo },
    ),
  disconnect: (companyId: string) =>
    request<ConnectionSettings>("POST", `/api/admin/companies/${enc(companyId)}/connection/disconnect`, {}),
  pushSettings: (companyId: string) =>
    request<PushSettings>("GET", `/api/admin/companies/${enc(companyId)}/push`),
  updatePushSettings: (companyId: string, patch: PushSettingsPatch) =>
    request<PushSettings>("PATCH", `/api/admin/companies/${enc(companyId)}/push`, patch),
  setSwitch: (companyId: string, object: string, on: boolean) =>
    request<PushSettings & { alsoTurnedOn: string[] }>(
      "PUT",
      `/api/admin/companies/${enc(companyId)}/push/switches/${enc(object)}`,
      { on },
    ),
  exportRecords: (
    companyId: string,
    body: { collection: string; externalIds: string[] } | { collection: string; from: string; to: string },
  ) => request<{ queued: number }>("POST", `/api/admin/companies/${enc(companyId)}/push/export`, body),
  retryRecord: (companyId: string, collection: string, externalId: string) =>
    request<{ queued: number }>(
      "POST",
      `/api/admin/companies/${enc(companyId)}/records/${enc(collection)}/${enc(externalId)}/retry`,
      {},
    ),
  pushHistory: (companyId: string, collection: string, externalId: string) =>
    request<{ history: PushAttempt[] }>(
      "GET",
      `/api/admin/companies/${enc(companyId)}/records/${enc(collection)}/${enc(externalId)}/history`,
    ),
  searchAccounts: (companyId: string, kind: AccountKind, search: string) =>
    request<AccountResults>(
      "GET",
      `/api/admin/companies/${enc(companyId)}/quickbooks/accounts${query({ kind, search })}`,
    ),
  books: (companyId: string) =>
    request<Books>("GET", `/api/admin/companies/${enc(companyId)}/quickbooks/books`),
  jobs: (params: {
    companyId?: string;
    cursor?: string | null;
    limit?: number;
    outcome?: string;
    type?: string;
    collection?: string;
    externalId?: string;
    batch?: string;
    group?: "true";
    counts?: "true";
  }) => request<JobPage>("GET", `/api/admin/jobs${query(params)}`),
  ediConnections: (companyId: string) =>
    request<{ items: EdiConnection[] }>("GET", `/api/admin/companies/${enc(companyId)}/edi/connections`),
  createEdiConnection: (companyId: string, body: unknown) =>
    request<EdiConnection>("POST", `/api/admin/companies/${enc(companyId)}/edi/connections`, body),
  ediConnection: (companyId: string, connection: string) =>
    request<EdiConnection>(
      "GET",
      `/api/admin/companies/${enc(companyId)}/edi/connections/${enc(connection)}`,
    ),
  editEdiConnection: (companyId: string, connection: string, body: unknown) =>
    request<EdiConnection>(
      "PATCH",
      `/api/admin/companies/${enc(companyId)}/edi/connections/${enc(connection)}`,
      body,
    ),
  deleteEdiConnection: (companyId: string, connection: string) =>
    request<void>("DELETE", `/api/admin/companies/${enc(companyId)}/edi/connections/${enc(connection)}`),
  testEdiConnection: (companyId: string, connection: string) =>
    request<EdiTestReport>(
      "POST",
      `/api/admin/companies/${enc(companyId)}/edi/connections/${enc(connection)}/test`,
      {},
    ),
  /** Messages newest first, filtered; `collection` and `externalId` find those of one host record. */
  ediMessages: (
    companyId: string,
    filters: {
      partner?: string;
      direction?: string;
      status?: string;
      type?: string;
      collection?: string;
      externalId?: string;
      before?: string | null;
      limit?: number;
    } = {},
  ) =>
    request<{ items: EdiMessage[]; nextBefore: string | null }>(
      "GET",
      `/api/admin/companies/${enc(companyId)}/edi/messages${query({ limit: 100, ...filters })}`,
    ),
  pollEdi: (companyId: string) =>
    request<{ connections: EdiPollReport[] }>("POST", `/api/admin/companies/${enc(companyId)}/edi/poll`, {}),
  forgetEdiHostKey: (companyId: string, connection: string) =>
    request<EdiConnection>(
      "POST",
      `/api/admin/companies/${enc(companyId)}/edi/connections/${enc(connection)}/forget-host-key`,
      {},
    ),
  ediMessage: (companyId: string, messageId: string) =>
    request<EdiMessageDetail>("GET", `/api/admin/companies/${enc(companyId)}/edi/messages/${enc(messageId)}`),
  acceptEdiMessage: (companyId: string, messageId: string) =>
    request<EdiMessageDetail>(
      "POST",
      `/api/admin/companies/${enc(companyId)}/edi/messages/${enc(messageId)}/accept`,
      {},
    ),
  rejectEdiMessage: (companyId: string, messageId: string, reason: string) =>
    request<EdiMessageDetail>(
      "POST",
      `/api/admin/companies/${enc(companyId)}/edi/messages/${enc(messageId)}/reject`,
      reason ? { reason } : {},
    ),
  ediPartners: (companyId: string) =>
    request<{ items: EdiPartner[] }>("GET", `/api/admin/companies/${enc(companyId)}/edi/partners`),
  createEdiPartner: (companyId: string, body: unknown) =>
    request<EdiPartner>("POST", `/api/admin/companies/${enc(companyId)}/edi/partners`, body),
  ediPartner: (companyId: string, partner: string) =>
    request<EdiPartner>("GET", `/api/admin/companies/${enc(companyId)}/edi/partners/${enc(partner)}`),
  editEdiPartner: (companyId: string, partner: string, body: unknown) =>
    request<EdiPartner>("PATCH", `/api/admin/companies/${enc(companyId)}/edi/partners/${enc(partner)}`, body),
  deleteEdiPartner: (companyId: string, partner: string) =>
    request<void>("DELETE", `/api/admin/companies/${enc(companyId)}/edi/partners/${enc(partner)}`),
  ediSscc: (companyId: string) =>
    request<EdiSsccSettings>("GET", `/api/admin/companies/${enc(companyId)}/edi/sscc`),
  saveEdiSscc: (companyId: string, body: unknown) =>
    request<EdiSsccSettings>("PUT", `/api/admin/companies/${enc(companyId)}/edi/sscc`, body),
};
