// One record as Ledgerlink keeps it: its fields laid out for reading, where it stands with
// QuickBooks, and the EDI messages it came from or went out as.
import { useEffect, useState } from "react";
import { api, type Company, type PushAttempt, type RecordDetail, type TotalLines } from "../api.ts";
import { Badge, ErrorNotice, Loading, Notice, SyncBadge } from "../components/ui.tsx";
import {
  addressLines,
  codeLabel,
  formatCount,
  formatDate,
  formatDateTime,
  formatDecimal,
  humanise,
  isCodeField,
  orderFields,
  sentence,
  singularOf,
  type Tone,
} from "../format.ts";

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

import { Link, pathOf } from "../router.tsx";
import { useAsync, useTitle } from "../use-async.ts";
import { StatusBadge } from "./edi-messages.tsx";

/** The records EDI messages are made from or into: an 850's order (and its 855), a 856's shipment, an 810's invoice. */
const ediCollections = new Set(["sales-orders", "shipments", "invoices"]);

export function RecordDetailPage({
  company,
  collection,
  externalId,
}: {
  company: Company;
  collection: string;
  externalId: string;
}) {
  const record = useAsync(
    () => api.record(company.id, collection, externalId),
    [company.id, collection, externalId],
  );
  // While QuickBooks has not answered yet, the record is read again, so its status changes in place.
  const pending = record.data?.sync.status === "pending";
  const reload = record.reload;
  // biome-ignore lint/correctness/useExhaustiveDependencies: each answer still pending sets the next read
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(reload, 1500);
    return () => clearTimeout(timer);
  }, [pending, reload, record.data]);
  const listHref = pathOf("companies", company.id, "records", collection);
  const r = record.data;
  const title = r ? titleOf(collection, r) : undefined;
  useTitle(title ?? externalId, humanise(collection), company.name);

  return (
    <section className="page page-narrow" aria-labelledby="record-title">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link href={listHref}>{humanise(collection)}</Link>
        <span aria-hidden="true"> / </span>
        <span>{externalId}</span>
      </nav>
      {record.error ? (
        <ErrorNotice error={record.error} onRetry={record.reload} />
      ) : !r ? (
        <Loading />
      ) : (
        <>
          <div className="page-head">
            <h1 id="record-title">{title ?? r.externalId}</h1>
            {r.deletedAt ? <Badge tone="neutral">Deleted</Badge> : <SyncBadge status={r.sync.status} />}
          </div>
          {r.deletedAt && (
            <Notice tone="neutral">
              The operations system deleted this record on {formatDateTime(r.deletedAt)}. Ledgerlink keeps it
              so the deletion can reach QuickBooks.
            </Notice>
          )}
          <ReferenceWarnings company={company} record={r} />
          {r.deletedAt && <ReferencedBy company={company} record={r} collection={collection} />}
          <div className="card">
            <h2>Details</h2>
            <Fields
              value={withoutFields(r.data, r.totals?.fields ?? [])}
              ctx={{
                company,
                fields: r.fields,
                names: r.names,
                weightUnit: weightUnitOf(r.data),
                problems: problemsOf(r),
              }}
            />
            {r.totals && <Totals totals={r.totals.lines} currency={r.currency} />}
          </div>
          {r.goesToQuickBooks && (
            <div className="card">
              <h2>QuickBooks</h2>
              <dl className="facts">
                <dt>Status</dt>
                <dd>
                  <SyncBadge status={r.sync.status} />
                </dd>
                <dt>QuickBooks ID</dt>
                <dd>{r.sync.quickbooksId ? <span className="mono">{r.sync.quickbooksId}</span> : "—"}</dd>
                <dt>Last synced</dt>
                <dd>{formatDateTime(r.sync.lastSyncedAt)}</dd>
              </dl>
              {r.sync.lastError && (
                <Notice tone={r.sync.status === "held" ? "warning" : "danger"}>{r.sync.lastError}</Notice>
              )}
              {!r.deletedAt && (
                <RetryButton
                  company={company}
                  collection={collection}
                  externalId={externalId}
                  onDone={record.reload}
                />
              )}
              <PushHistory
                company={company}
                collection={collection}
                externalId={externalId}
                stamp={`${r.version}/${r.sync.status}/${r.sync.lastSyncedAt ?? ""}/${r.sync.lastError ?? ""}`}
              />
            </div>
          )}
          {ediCollections.has(collection) && (
            <EdiMessagesCard company={company} collection={collection} externalId={externalId} />
          )}
          {!r.deletedAt && <ReferencedBy company={company} record={r} collection={collection} />}
          <details className="card technical">
            <summary>
              <h2>Record</h2>
              <span className="muted">External ID, version, when it was created and changed</span>
            </summary>
            <dl className="facts">
              <dt>External ID</dt>
              <dd className="mono">{r.externalId}</dd>
              <dt>Version</dt>
              <dd>{r.version}</dd>
              <dt>Created</dt>
              <dd>{formatDateTime(r.createdAt)}</dd>
              <dt>Last changed</dt>
              <dd>{formatDateTime(r.updatedAt)}</dd>
            </dl>
            <details className="raw">
              <summary>Show as JSON</summary>
              <pre>{JSON.stringify(r.data, null, 2)}</pre>
            </details>
          </details>
          <p className="muted">
            What Ledgerlink did with this record is in its{" "}
            <Link
              href={`${pathOf("companies", company.id, "jobs")}?${new URLSearchParams({ collection, externalId })}`}
            >
              job history
            </Link>
            .
          </p>
        </>
      )}
    </section>
  );
}

/** The references to records that have not arrived yet, or have been deleted, each with its field. */
function ReferenceWarnings({ company, record }: { company: Company; record: RecordDetail }) {
  if (record.warnings.length === 0) return null;
  return (
    <Notice tone="warning">
      <div className="reference-warnings">
        <strong>
          This record names {record.warnings.length === 1 ? "a record" : "records"} Ledgerlink does not have.
        </strong>
        <ul>
          {record.warnings.map((w) => (
            <li key={w.path}>
              {capitalised(singularOf(w.collection))}{" "}
              {w.code === "deleted_reference" ? (
                <>
                  <Link href={pathOf("companies", company.id, "records", w.collection, w.externalId)}>
                    {w.externalId}
                  </Link>{" "}
                  has been deleted
                </>
              ) : (
                <>
                  <span className="mono">{w.externalId}</span> has not been sent yet; this clears when it
                  arrives
                </>
              )}{" "}
              <span className="muted">({w.path.slice(1).replaceAll("/", " › ")})</span>
            </li>
          ))}
        </ul>
      </div>
    </Notice>
  );
}

/** The live records that name this one; on a deleted record they point at a deleted one. */
function ReferencedBy({
  company,
  record,
  collection,
}: {
  company: Company;
  record: RecordDetail;
  collection: string;
}) {
  if (record.referencedBy.length === 0) return null;
  const key = `${collection}/${record.externalId}`;
  const items = (
    <ul>
      {record.referencedBy.map((r) => (
        <li key={r.collection}>
          <Link
            href={`${pathOf("companies", company.id, "records", r.collection)}?${new URLSearchParams({ references: key })}`}
          >
            {formatCount(
              r.count,
              humanise(r.collection).toLowerCase().replace(/s$/, ""),
              humanise(r.collection).toLowerCase(),
            )}
          </Link>
        </li>
      ))}
    </ul>
  );
  return record.deletedAt ? (
    <Notice tone="warning">
      <div className="referenced-by">
        <strong>Records still name this deleted record:</strong>
        {items}
      </div>
    </Notice>
  ) : (
    <div className="card referenced-by">
      <h2>Named by</h2>
      {items}
    </div>
  );
}

/** The EDI messages of a record, when it has any: each opens the whole message. */
function EdiMessagesCard({
  company,
  collection,
  externalId,
}: {
  company: Company;
  collection: string;
  externalId: string;
}) {
  const messages = useAsync(
    () => api.ediMessages(company.id, { collection, externalId }),
    [company.id, collection, externalId],
  );
  if (messages.error) return <ErrorNotice error={messages.error} onRetry={messages.reload} />;
  const items = messages.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <div className="card">
      <h2 id="record-edi-title">EDI messages</h2>
      <ul className="edi-links" aria-labelledby="record-edi-title">
        {items.map((m) => (
          <li key={m.id}>
            <Link href={pathOf("companies", company.id, "edi", "messages", m.id)}>
              {m.direction === "inbound" ? "Received" : "Sent"} {m.type} #{m.id}
            </Link>{" "}
            {m.partner && <span className="muted">{m.partner}</span>}{" "}
            {m.reference && <span className="mono">{m.reference}</span>} <StatusBadge status={m.status} />{" "}
            <span className="muted">{formatDateTime(m.createdAt)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function titleOf(collection: string, record: RecordDetail): string | undefined {
  const data = record.data;
  // A bill carries the vendor's own invoice number: said alone it would read as one of ours.
  if (
    collection === "bills" &&
    typeof data.number === "string" &&
    typeof data.vendorExternalId === "string"
  ) {
    const vendor = record.names.vendors?.[data.vendorExternalId] ?? data.vendorExternalId;
    return `Bill ${data.number} from ${vendor}`;
  }
  for (const key of ["name", "displayName", "number", "docNumber", "memo"]) {
    const value = data[key];
    if (typeof value === "string" && value) return value;
  }
  return undefined;
}

/** What the server says about the record's fields and references, passed down to every value. */
interface Context {
  company: Company;
  fields: RecordDetail["fields"];
  names: RecordDetail["names"];
  /** The unit of every weight in the record (a shipment's, and its cartons'). */
  weightUnit: string | undefined;
  /** References to records missing or deleted, by `collection/externalId`. */
  problems: Map<string, string>;
}

function problemsOf(record: RecordDetail): Map<string, string> {
  return new Map(record.warnings.map((w) => [`${w.collection}/${w.externalId}`, w.code]));
}

function weightUnitOf(data: Record<string, unknown>): string | undefined {
  return typeof data.weightUnit === "string" ? data.weightUnit : undefined;
}

/** The record without the fields another part of the page shows (the totals, the weight's unit). */
function withoutFields(data: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  const hidden = new Set([...fields, "weightUnit"]);
  return Object.fromEntries(Object.entries(data).filter(([name]) => !hidden.has(name)));
}

/** Subtotal, fee, discount, tax and total, right-aligned under the lines, in the document's currency. */
function Totals({ totals, currency }: { totals: TotalLines; currency: string | null }) {
  return (
    <dl className="totals" aria-label="Totals">
      {totals.map((line) => (
        <div key={line.label} className={line.emphasis ? "totals-row is-total" : "totals-row"}>
          <dt>{line.label}</dt>
          <dd>
            {formatDecimal(line.amount, "money")}
            {currency && <span className="currency"> {currency}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Fields({ value, ctx }: { value: Record<string, unknown>; ctx: Context }) {
  const entries = orderFields(Object.keys(value))
    .map((name) => [name, value[name]] as const)
    .filter(([, v]) => v !== null && v !== undefined && v !== "");
  if (!entries.length) return <p className="muted">No details.</p>;
  const simple = entries.filter(([, v]) => !Array.isArray(v));
  const lists = entries.filter(([, v]) => Array.isArray(v)) as [string, unknown[]][];
  return (
    <>
      {simple.length > 0 && (
        <dl className="facts">
          {simple.map(([name, v]) => (
            <Field key={name} name={name} path={name} value={v} ctx={ctx} />
          ))}
        </dl>
      )}
      {lists.map(([name, items]) => (
        <div key={name} className="sublist">
          <h3>{humanise(name)}</h3>
          <ListTable items={items} path={name} ctx={ctx} />
        </div>
      ))}
    </>
  );
}

function Field({ name, path, value, ctx }: { name: string; path: string; value: unknown; ctx: Context }) {
  return (
    <>
      <dt>{humanise(name)}</dt>
      <dd>
        <Value name={name} path={path} value={value} ctx={ctx} />
      </dd>
    </>
  );
}

/**
 * A reference reads as the other record's name, with its external id beside it; both lead to it. One
 * not sent yet has no page to lead to, and says so; a deleted one is marked deleted.
 */
function Reference({ target, externalId, ctx }: { target: string; externalId: string; ctx: Context }) {
  const name = ctx.names[target as keyof RecordDetail["names"]]?.[externalId];
  const href = pathOf("companies", ctx.company.id, "records", target, externalId);
  const problem = ctx.problems.get(`${target}/${externalId}`);
  if (problem === "missing_reference") {
    return (
      <>
        <span className="mono">{externalId}</span> <Badge tone="warning">Not sent yet</Badge>
      </>
    );
  }
  if (problem === "deleted_reference") {
    return (
      <>
        <Link className="ref" href={href}>
          {name && <span className="ref-name">{name}</span>} <span className="ref-id mono">{externalId}</span>
        </Link>{" "}
        <Badge tone="neutral">Deleted</Badge>
      </>
    );
  }
  if (!name) {
    return (
      <Link className="mono" href={href}>
        {externalId}
      </Link>
    );
  }
  return (
    <Link className="ref" href={href}>
      <span className="ref-name">{name}</span> <span className="ref-id mono">{externalId}</span>
    </Link>
  );
}

function Value({ name, path, value, ctx }: { name: string; path: string; value: unknown; ctx: Context }) {
  if (typeof value === "boolean") return <>{value ? "Yes" : "No"}</>;
  const look = ctx.fields[path];
  if (typeof value === "string" && look && "references" in look)
    return <Reference target={look.references} externalId={value} ctx={ctx} />;
  if (name === "weight" && (typeof value === "string" || typeof value === "number") && ctx.weightUnit)
    return <>{`${formatDecimal(value, "quantity")} ${ctx.weightUnit}`}</>;
  if ((typeof value === "string" || typeof value === "number") && look && "format" in look)
    return <>{formatDecimal(value, look.format)}</>;
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return <>{formatDate(value)}</>;
  if (typeof value === "string" && isCodeField(name) && /^[a-z][a-z_-]*$/.test(value))
    return <>{codeLabel(value)}</>;
  if (typeof value === "string" || typeof value === "number") return <>{String(value)}</>;
  if (Array.isArray(value)) return <ListTable items={value} path={path} ctx={ctx} />;
  if (value && typeof value === "object") {
    const lines = addressLines(value as Record<string, unknown>);
    if (lines) {
      return (
        <address>
          {lines.map((line) => (
            <div key={line}>{line}</div>
          ))}
        </address>
      );
    }
    return (
      <dl className="facts facts-nested">
        {orderFields(Object.keys(value))
          .map((k) => [k, (value as Record<string, unknown>)[k]] as const)
          .filter(([, v]) => v !== null && v !== undefined && v !== "")
          .map(([k, v]) => (
            <Field key={k} name={k} path={`${path}.${k}`} value={v} ctx={ctx} />
          ))}
      </dl>
    );
  }
  return <span className="muted">—</span>;
}

/** Lines of an invoice, cartons of a shipment…: one row each, one column per field any of them has. */
function ListTable({ items, path, ctx }: { items: unknown[]; path: string; ctx: Context }) {
  if (!items.length) return <p className="muted">None.</p>;
  if (!items.every((i) => i && typeof i === "object" && !Array.isArray(i))) {
    return <>{items.map(String).join(", ")}</>;
  }
  const rows = items as Record<string, unknown>[];
  const nested = (c: string) => rows.some((row) => row[c] !== null && typeof row[c] === "object");
  // Nested lists (a carton's items) read best after the carton's own fields.
  const columns = orderFields([...new Set(rows.flatMap((row) => Object.keys(row)))]).sort(
    (a, b) => Number(nested(a)) - Number(nested(b)),
  );
  // Amounts and quantities align right, as the schema declares them; codes made of digits do not.
  const numeric = new Set(columns.filter((c) => "format" in (ctx.fields[`${path}.${c}`] ?? {})));
  return (
    <div className="table-wrap">
      <table className="table table-compact table-cards">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col" className={numeric.has(c) ? "num" : undefined}>
                {humanise(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            // Lines have no identity of their own beyond their position.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <tr key={i}>
              {columns.map((c) => (
                <td key={c} data-label={humanise(c)} className={numeric.has(c) ? "num" : undefined}>
                  {row[c] == null ? "" : <Value name={c} path={`${path}.${c}`} value={row[c]} ctx={ctx} />}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Push it again now: after fixing what QuickBooks refused, or to send a held record on purpose. */
function RetryButton({
  company,
  collection,
  externalId,
  onDone,
}: {
  company: Company;
  collection: string;
  externalId: string;
  onDone: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ tone: Tone; text: string }>();
  async function retry() {
    setBusy(true);
    setOutcome(undefined);
    try {
      await api.retryRecord(company.id, collection, externalId);
      setOutcome({
        tone: "success",
        text: "Sent to QuickBooks again; the status changes here when it answers.",
      });
      // The push takes a moment: read the record again once it has had the time.
      setTimeout(onDone, 2000);
    } catch (error) {
      setOutcome({ tone: "danger", text: error instanceof Error ? sentence(error.message) : String(error) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="stack">
      <div className="toolbar">
        <button type="button" className="button-quiet" onClick={retry} disabled={busy}>
          {busy ? "Retrying…" : "Retry"}
        </button>
      </div>
      {outcome && <Notice tone={outcome.tone}>{outcome.text}</Notice>}
    </div>
  );
}

const attemptLooks: Record<string, { label: string; tone: Tone }> = {
  synced: { label: "Synced", tone: "success" },
  linked: { label: "Linked", tone: "success" },
  failed: { label: "Failed", tone: "danger" },
  held: { label: "Held", tone: "held" },
  retrying: { label: "Will retry", tone: "warning" },
};

const operationNames: Record<string, string> = {
  create: "Create",
  update: "Update",
  link: "Link to an existing one",
  check: "Check before sending",
  inactivate: "Make inactive",
  void: "Void",
  delete: "Delete",
};

/** Every push attempt: what was sent, and QuickBooks' answer (its code and message). */
function PushHistory({
  company,
  collection,
  externalId,
  stamp,
}: {
  company: Company;
  collection: string;
  externalId: string;
  /** Changes whenever the record or its status does: the history is read again then. */
  stamp: string;
}) {
  const history = useAsync(
    () => api.pushHistory(company.id, collection, externalId),
    [company.id, collection, externalId, stamp],
  );
  return (
    <div className="sublist">
      <h3>Push history</h3>
      {history.error ? (
        <ErrorNotice error={history.error} onRetry={history.reload} />
      ) : !history.data ? (
        <Loading />
      ) : history.data.history.length === 0 ? (
        <p className="muted">Not sent to QuickBooks yet.</p>
      ) : (
        <ol className="plain-list" aria-label="Push history">
          {history.data.history.map((a) => (
            <Attempt key={a.id} attempt={a} />
          ))}
        </ol>
      )}
    </div>
  );
}

function Attempt({ attempt }: { attempt: PushAttempt }) {
  const look = attemptLooks[attempt.outcome] ?? { label: humanise(attempt.outcome), tone: "neutral" };
  return (
    <li className="attempt" data-testid="push-attempt">
      <div className="attempt-head">
        <Badge tone={look.tone}>{look.label}</Badge>
        <span>{operationNames[attempt.operation] ?? humanise(attempt.operation)}</span>
        <span className="muted small">{formatDateTime(attempt.at, { seconds: true })}</span>
        {attempt.remoteId && <span className="muted small">QuickBooks ID {attempt.remoteId}</span>}
      </div>
      {(attempt.code || attempt.message) && (
        <div className="small">
          {attempt.code && <span className="mono">{attempt.code}</span>}
          {attempt.code && attempt.message && " · "}
          {attempt.message}
        </div>
      )}
      {attempt.sent !== null && attempt.sent !== undefined && (
        <details className="raw">
          <summary>What was sent</summary>
          <pre>{JSON.stringify(attempt.sent, null, 2)}</pre>
        </details>
      )}
    </li>
  );
}
