// EDI messages: every document received and sent, and one message with its raw X12 beside its parsed
// form, the problems found in it with their positions, and Accept or Reject for an order waiting for a
// decision.
import { useState } from "react";
import { api, type Company, type EdiMessage, type EdiPollReport } from "../api.ts";
import { Badge, CursorPager, Empty, ErrorNotice, Loading, Notice } from "../components/ui.tsx";
import { formatDateTime, type Tone } from "../format.ts";
import { Link, navigate, pathOf, useLocation } from "../router.tsx";
import { useAsync, useTitle } from "../use-async.ts";

const statusLook: Record<string, { label: string; tone: Tone }> = {
  new: { label: "New", tone: "info" },
  needs_attention: { label: "Needs attention", tone: "warning" },
  accepted: { label: "Accepted", tone: "success" },
  rejected: { label: "Rejected", tone: "danger" },
  sent: { label: "Sent", tone: "info" },
  acknowledged: { label: "Acknowledged", tone: "success" },
  overdue: { label: "Overdue", tone: "warning" },
  error: { label: "Error", tone: "danger" },
};

export function StatusBadge({ status }: { status: string }) {
  const look = statusLook[status] ?? { label: status, tone: "neutral" as Tone };
  return <Badge tone={look.tone}>{look.label}</Badge>;
}

/** What a reason or problem says, whatever its shape: `{ message }`, or a plain string. */
function said(entry: unknown): string {
  if (typeof entry === "string") return entry;
  if (entry && typeof entry === "object" && "message" in entry)
    return String((entry as { message: unknown }).message);
  return JSON.stringify(entry);
}

/** What one pickup did, connection by connection. */
function pollSummary(reports: EdiPollReport[]): string {
  if (reports.length === 0) return "No active connection to check.";
  return reports
    .map((r) =>
      r.error
        ? `${r.connection}: could not be checked: ${r.error}`
        : `${r.connection}: ${r.stored} file(s) picked up, ${r.failed} failed, ${r.acknowledgmentsSent} acknowledgment(s) sent`,
    )
    .join(" · ");
}

const pageSize = 50;

export function EdiMessagesPage({ company }: { company: Company }) {
  useTitle("EDI messages", company.name);
  const { path, query } = useLocation();
  const status = query.get("status") ?? "";
  const direction = query.get("direction") ?? "";
  const partner = query.get("partner") ?? "";
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const before = cursors[cursors.length - 1] ?? null;
  const messages = useAsync(
    () =>
      api.ediMessages(company.id, {
        status: status || undefined,
        direction: direction || undefined,
        partner: partner || undefined,
        before,
        limit: pageSize,
      }),
    [company.id, status, direction, partner, before],
  );
  const partners = useAsync(async () => (await api.ediPartners(company.id)).items, [company.id]);

  /** Filters live in the address, so a filtered inbox can be reloaded and shared. */
  function change(values: Record<string, string>) {
    const next = new URLSearchParams(query);
    for (const [name, value] of Object.entries(values)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    setCursors([null]);
    const text = next.toString();
    navigate(text ? `${path}?${text}` : path, { replace: true });
  }
  const [polling, setPolling] = useState(false);
  const [polled, setPolled] = useState<string>();
  const [pollError, setPollError] = useState<unknown>();

  async function checkNow() {
    setPolling(true);
    setPolled(undefined);
    setPollError(undefined);
    try {
      setPolled(pollSummary((await api.pollEdi(company.id)).connections));
    } catch (err) {
      setPollError(err);
    } finally {
      setPolling(false);
      messages.reload();
    }
  }

  return (
    <section className="page" aria-labelledby="edi-messages-title">
      <div className="page-head">
        <h1 id="edi-messages-title">EDI messages</h1>
        <span className="muted">{company.name}</span>
      </div>
      <div className="toolbar">
        <button type="button" className="button-quiet" onClick={messages.reload}>
          Refresh
        </button>
        <button type="button" className="button-quiet" onClick={checkNow} disabled={polling}>
          {polling ? "Checking…" : "Check inboxes now"}
        </button>
        <Link href={pathOf("companies", company.id, "edi")}>Connections and partners</Link>
      </div>
      <div className="toolbar">
        <label className="inline-field">
          <span>Status</span>
          <select value={status} onChange={(e) => change({ status: e.target.value })}>
            <option value="">Any</option>
            {Object.entries(statusLook).map(([value, look]) => (
              <option key={value} value={value}>
                {look.label}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>Direction</span>
          <select value={direction} onChange={(e) => change({ direction: e.target.value })}>
            <option value="">Both</option>
            <option value="inbound">Received</option>
            <option value="outbound">Sent</option>
          </select>
        </label>
        <label className="inline-field">
          <span>Partner</span>
          <select value={partner} onChange={(e) => change({ partner: e.target.value })}>
            <option value="">Any</option>
            {[...new Set([...(partners.data ?? []).map((p) => p.name), ...(partner ? [partner] : [])])].map(
              (name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ),
            )}
          </select>
        </label>
      </div>
      {polled && <Notice tone="info">{polled}</Notice>}
      {pollError !== undefined && <ErrorNotice error={pollError} />}
      {messages.error ? (
        <ErrorNotice error={messages.error} onRetry={messages.reload} />
      ) : !messages.data ? (
        <Loading />
      ) : messages.data.items.length === 0 ? (
        status || direction || partner ? (
          <Empty title="No messages match these filters." />
        ) : (
          <Empty title="No messages yet.">
            Files picked up from an inbox, and documents sent, show here.
          </Empty>
        )
      ) : (
        <>
          <MessageTable company={company} items={messages.data.items} label="Messages" />
          {(cursors.length > 1 || messages.data.nextBefore) && (
            <CursorPager
              summary={`Messages ${((cursors.length - 1) * pageSize + 1).toLocaleString()}–${(
                (cursors.length - 1) * pageSize + messages.data.items.length
              ).toLocaleString()}`}
              hasPrevious={cursors.length > 1}
              hasNext={messages.data.nextBefore !== null}
              onPrevious={() => setCursors((c) => c.slice(0, -1))}
              onNext={() => setCursors((c) => [...c, messages.data?.nextBefore ?? null])}
            />
          )}
        </>
      )}
    </section>
  );
}

/** Messages as a table, newest first: each links to the whole message. */
export function MessageTable({
  company,
  items,
  label,
}: {
  company: Company;
  items: EdiMessage[];
  label: string;
}) {
  return (
    <div className="table-wrap">
      <table className="table table-cards" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Message</th>
            <th scope="col">Direction</th>
            <th scope="col">Type</th>
            <th scope="col">Partner</th>
            <th scope="col">Reference</th>
            <th scope="col">Control numbers</th>
            <th scope="col">Status</th>
            <th scope="col">When</th>
          </tr>
        </thead>
        <tbody>
          {items.map((m) => (
            <tr key={m.id}>
              <td data-label="Message">
                <Link href={pathOf("companies", company.id, "edi", "messages", m.id)}>#{m.id}</Link>
              </td>
              <td data-label="Direction">{m.direction === "inbound" ? "In" : "Out"}</td>
              <td data-label="Type">{m.type}</td>
              <td data-label="Partner">{m.partner ?? "unknown"}</td>
              <td data-label="Reference">{m.reference ?? ""}</td>
              <td data-label="Control numbers">
                <code>
                  {[m.controlNumbers.interchange, m.controlNumbers.group, m.controlNumbers.set]
                    .filter(Boolean)
                    .join(" / ")}
                </code>
              </td>
              <td data-label="Status">
                <StatusBadge status={m.status} />
              </td>
              <td data-label="When">{formatDateTime(m.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function EdiMessagePage({ company, messageId }: { company: Company; messageId: string }) {
  useTitle(`EDI message ${messageId}`, company.name);
  const message = useAsync(() => api.ediMessage(company.id, messageId), [company.id, messageId]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function accept() {
    setBusy(true);
    setError(undefined);
    try {
      await api.acceptEdiMessage(company.id, messageId);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
      message.reload();
    }
  }

  async function reject() {
    const reason = window.prompt(
      "Reject this order? It will not become a sales order. A note for the record (optional):",
      "",
    );
    if (reason === null) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.rejectEdiMessage(company.id, messageId, reason.trim());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
      message.reload();
    }
  }

  if (message.error) return <ErrorNotice error={message.error} onRetry={message.reload} />;
  if (!message.data) return <Loading />;
  const m = message.data;
  const canAccept =
    m.direction === "inbound" && m.type === "850" && (m.status === "new" || m.status === "needs_attention");
  return (
    <section className="page" aria-labelledby="edi-message-title">
      <div className="page-head">
        <h1 id="edi-message-title">
          {m.direction === "inbound" ? "Received" : "Sent"} {m.type} #{m.id}
        </h1>
        <StatusBadge status={m.status} />
      </div>
      <p className="lead">
        <Link href={pathOf("companies", company.id, "edi", "messages")}>All messages</Link>
        {" · "}
        {m.partner ?? "unknown partner"} · from <code>{m.sender}</code> to <code>{m.receiver}</code> · control
        numbers{" "}
        <code>
          {[m.controlNumbers.interchange, m.controlNumbers.group, m.controlNumbers.set]
            .filter(Boolean)
            .join(" / ")}
        </code>
        {m.file && (
          <>
            {" "}
            · file <code>{m.file}</code>
          </>
        )}
      </p>
      {m.record && (
        <p>
          {m.direction === "inbound" ? "Became " : "Made from "}
          <Link href={pathOf("companies", company.id, "records", m.record.collection, m.record.externalId)}>
            {m.record.collection} {m.record.externalId}
          </Link>
        </p>
      )}
      {m.acknowledgedBy && (
        <p>
          {m.status === "rejected" ? "Rejected by " : "Acknowledged by "}
          the partner's{" "}
          <Link href={pathOf("companies", company.id, "edi", "messages", m.acknowledgedBy)}>
            message #{m.acknowledgedBy}
          </Link>
        </p>
      )}
      {canAccept && (
        <div className="toolbar">
          <button type="button" className="button-primary" onClick={accept} disabled={busy}>
            {busy ? "Working…" : "Accept"}
          </button>
          <button type="button" className="button-quiet" onClick={reject} disabled={busy}>
            Reject…
          </button>
        </div>
      )}
      {error !== undefined && <ErrorNotice error={error} />}
      {m.reasons.length > 0 && (
        <section aria-label="Reasons">
          <h2>What to look at</h2>
          <ul>
            {m.reasons.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: reasons have no identity of their own
              <li key={i}>{said(r)}</li>
            ))}
          </ul>
        </section>
      )}
      {m.problems.length > 0 && (
        <section aria-label="Problems">
          <h2>Problems</h2>
          <ul>
            {m.problems.map((p, i) => {
              const problem = p as {
                code?: string;
                segment?: string;
                element?: number;
                position?: { segment?: number };
              };
              const where = [
                problem.segment &&
                  `${problem.segment}${problem.element ? String(problem.element).padStart(2, "0") : ""}`,
                problem.position?.segment !== undefined && `segment ${problem.position.segment}`,
              ]
                .filter(Boolean)
                .join(", ");
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: problems have no identity of their own
                <li key={i}>
                  {problem.code && <code>{problem.code}</code>} {where && `(${where}) `}
                  {said(p)}
                </li>
              );
            })}
          </ul>
        </section>
      )}
      <div className="edi-side-by-side">
        <section aria-label="Raw X12">
          <h2>Raw X12</h2>
          <pre className="edi-raw">{m.raw.replace(/~(?!\n)/g, "~\n")}</pre>
        </section>
        <section aria-label="Parsed">
          <h2>Parsed</h2>
          <pre className="edi-raw">{JSON.stringify(m.parsed, null, 2)}</pre>
        </section>
      </div>
    </section>
  );
}
