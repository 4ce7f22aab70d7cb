// QuickBooks push settings: what pushes (a switch per object, real time or manual export), the go-live
// date with the record of every move, the books' close date as QuickBooks has it, and the default
// accounts, chosen by searching the company's QuickBooks accounts by name. The first-time wizard
// (setup.tsx) is made of the same cards.
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from "react";
import {
  type AccountKind,
  type AccountResults,
  ApiError,
  api,
  type Books,
  type Company,
  type PushSettings,
  type PushSwitch,
} from "../api.ts";
import { ErrorNotice, Loading, Notice } from "../components/ui.tsx";
import { formatDate, formatDateTime, sentence } from "../format.ts";
import { Link, pathOf, useLocation } from "../router.tsx";
import { useAsync, useTitle } from "../use-async.ts";

export function PushSettingsPage({ company }: { company: Company }) {
  useTitle("Push settings", company.name);
  const { query } = useLocation();
  const loaded = useAsync(() => api.pushSettings(company.id), [company.id]);
  const connection = useAsync(() => api.connection(company.id), [company.id]);
  const [view, setView] = useState<PushSettings>();
  useEffect(() => setView(loaded.data), [loaded.data]);
  const connected = connection.data?.status === "connected";

  return (
    <section className="page page-narrow" aria-labelledby="push-title">
      <QuickBooksTabs company={company} current="push" />
      <div className="page-head">
        <h1 id="push-title">Push settings</h1>
        <span className="muted">{company.name}</span>
      </div>
      {query.get("welcome") === "1" && (
        <Notice tone="success">
          All set. New and changed records of the objects turned on now go to QuickBooks; each list shows
          where every record stands.
        </Notice>
      )}
      {loaded.error ? (
        <ErrorNotice error={loaded.error} onRetry={loaded.reload} />
      ) : !view || !connection.data ? (
        <Loading />
      ) : (
        <>
          {!connected && (
            <Notice tone="neutral">
              This company is not connected to QuickBooks, so nothing is sent yet.{" "}
              <Link href={pathOf("companies", company.id, "setup")}>Set up the connection</Link>
            </Notice>
          )}
          <SwitchesCard companyId={company.id} view={view} onChanged={setView} />
          <GoLiveCard companyId={company.id} view={view} onChanged={setView} />
          {connected && <BooksCards companyId={company.id} view={view} onChanged={setView} />}
          <ExportCard companyId={company.id} view={view} />
          <ChangesCard view={view} />
        </>
      )}
    </section>
  );
}

/** Connection and push settings are two pages of one QuickBooks section. */
export function QuickBooksTabs({ company, current }: { company: Company; current: "connection" | "push" }) {
  const tabs = [
    { key: "connection", label: "Connection", href: pathOf("companies", company.id, "connection") },
    { key: "push", label: "Push settings", href: pathOf("companies", company.id, "push") },
  ] as const;
  return (
    <nav className="tabs" aria-label="QuickBooks">
      {tabs.map((t) => (
        <Link
          key={t.key}
          href={t.href}
          className={t.key === current ? "active" : undefined}
          aria-current={t.key === current ? "page" : undefined}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}

/** `["items", "customers"]` → "items and customers". */
function listOf(words: string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What the server said, as a sentence; a field problem says only what is wrong with the field. */
function problemOf(error: unknown): string {
  if (error instanceof ApiError && error.fields.length > 0) {
    return sentence(error.fields.map((f) => f.message).join("; "));
  }
  return error instanceof Error ? sentence(error.message) : String(error);
}

/** A switch per object, with what it needs, and whether it goes in real time or by export. */
export function SwitchesCard({
  companyId,
  view,
  onChanged,
  title = "What pushes",
}: {
  companyId: string;
  view: PushSettings;
  onChanged: (view: PushSettings) => void;
  title?: ReactNode;
}) {
  const [busy, setBusy] = useState<string>();
  const [message, setMessage] = useState<{ tone: "info" | "danger"; text: string }>();
  const labelOf = (object: string) => view.switches.find((s) => s.object === object)?.label ?? object;

  async function toggle(s: PushSwitch, on: boolean) {
    setBusy(s.object);
    setMessage(undefined);
    try {
      const next = await api.setSwitch(companyId, s.object, on);
      onChanged(next);
      if (on && next.alsoTurnedOn.length > 0) {
        const also = next.alsoTurnedOn.map(labelOf);
        setMessage({
          tone: "info",
          text: `${capital(s.label)} turned on, and with them ${listOf(also)}, which ${s.label} need.`,
        });
      }
    } catch (error) {
      setMessage({ tone: "danger", text: problemOf(error) });
    } finally {
      setBusy(undefined);
    }
  }

  async function setMode(s: PushSwitch, mode: PushSwitch["mode"]) {
    setBusy(s.object);
    setMessage(undefined);
    const manual = view.switches
      .filter((x) => (x.object === s.object ? mode === "manual_export" : x.mode === "manual_export"))
      .map((x) => x.object);
    try {
      onChanged(await api.updatePushSettings(companyId, { manualExport: manual }));
    } catch (error) {
      setMessage({ tone: "danger", text: problemOf(error) });
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <section className="card" aria-labelledby="switches-title">
      <h2 id="switches-title">{title}</h2>
      <p className="muted">
        Turn on each kind of record QuickBooks should receive. Turning one on also turns on what it needs; a
        kind another one needs stays on while that one is on.
      </p>
      {message && <Notice tone={message.tone}>{message.text}</Notice>}
      <ul className="switch-list">
        {view.switches.map((s) => (
          <li key={s.object} className={s.on ? "is-on" : undefined}>
            <label className="switch">
              <input
                type="checkbox"
                role="switch"
                aria-checked={s.on}
                checked={s.on}
                disabled={busy !== undefined}
                onChange={(e) => toggle(s, e.target.checked)}
              />
              <span className="switch-name">{capital(s.label)}</span>
            </label>
            <span className="switch-needs muted">
              {s.needs.length > 0 ? `Needs ${listOf(s.needs.map(labelOf))}` : ""}
            </span>
            <select
              aria-label={`When ${s.label} go`}
              value={s.mode}
              disabled={busy !== undefined}
              onChange={(e) => setMode(s, e.target.value as PushSwitch["mode"])}
            >
              <option value="real_time">Real time</option>
              <option value="manual_export">Manual export</option>
            </select>
          </li>
        ))}
      </ul>
      <p className="muted">
        <strong>Real time</strong>: every change goes within seconds. <strong>Manual export</strong>: only
        finalised (locked) invoices and bills go, when you export them; drafts never do.
      </p>
    </section>
  );
}

/** The go-live date, and every time it was moved. */
export function GoLiveCard({
  companyId,
  view,
  onChanged,
  title = "Go-live date",
}: {
  companyId: string;
  view: PushSettings;
  onChanged: (view: PushSettings) => void;
  title?: ReactNode;
}) {
  const current = view.settings.goLiveDate;
  const [date, setDate] = useState(current ?? new Date().toISOString().slice(0, 10));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const moves = view.changes.filter((c) => c.setting === "goLiveDate");

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setSaved(false);
    try {
      onChanged(await api.updatePushSettings(companyId, { goLiveDate: date }));
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="golive-title">
      <h2 id="golive-title">{title}</h2>
      <p className="muted">
        Documents dated before it are held (“before go-live”) and go only when you export them by date range.
        Lists and names go whatever their date.
      </p>
      <p data-testid="go-live">
        {current ? (
          <>
            Going live on <strong>{formatDate(current)}</strong>.
          </>
        ) : (
          "No go-live date yet: the day pushing starts is used."
        )}
      </p>
      <form className="form-inline" onSubmit={save}>
        <label className="field">
          <span>Go-live date</span>
          <input type="date" value={date} required onChange={(e) => setDate(e.target.value)} />
        </label>
        <button type="submit" className="button-primary" disabled={busy || date === current}>
          {busy ? "Saving…" : current ? "Move the date" : "Set the date"}
        </button>
      </form>
      {saved && <Notice tone="success">Go-live date saved.</Notice>}
      {error !== undefined && <Notice>{problemOf(error)}</Notice>}
      {moves.length > 0 && (
        <div className="sublist">
          <h3>Record of the go-live date</h3>
          <ul className="plain-list" aria-label="Record of the go-live date">
            {moves.map((m) => (
              <li key={`${m.at}-${String(m.newValue)}`}>
                {typeof m.oldValue === "string"
                  ? `Moved from ${formatDate(m.oldValue)} to ${formatDate(String(m.newValue))}`
                  : `Set to ${formatDate(String(m.newValue))}`}{" "}
                <span className="muted">
                  by {m.changedBy ?? "Ledgerlink"} on {formatDateTime(m.at)}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/**
 * What only QuickBooks knows, read once for both cards: the books' close date (left out where
 * `closedBooks` is false) and the chosen default accounts by name.
 */
export function BooksCards({
  companyId,
  view,
  onChanged,
  closedBooks = true,
  accountsTitle,
}: {
  companyId: string;
  view: PushSettings;
  onChanged: (view: PushSettings) => void;
  closedBooks?: boolean;
  accountsTitle?: ReactNode;
}) {
  const books = useAsync(() => api.books(companyId), [companyId]);
  return (
    <>
      {closedBooks && (
        <section className="card" aria-labelledby="books-title">
          <h2 id="books-title">Closed books</h2>
          {books.error ? (
            <ErrorNotice error={books.error} onRetry={books.reload} />
          ) : !books.data ? (
            <Loading />
          ) : (
            <ClosedBooks books={books.data} />
          )}
        </section>
      )}
      <DefaultAccountsCard
        companyId={companyId}
        view={view}
        books={books.data}
        booksError={books.error}
        title={accountsTitle}
        onChanged={(next) => {
          onChanged(next);
          books.reload();
        }}
      />
    </>
  );
}

function ClosedBooks({ books }: { books: Books }) {
  return (
    <p data-testid="close-date">
      {books.closeDate ? (
        <>
          QuickBooks has the books closed through <strong>{formatDate(books.closeDate)}</strong>. Documents
          dated on or before it are held and never sent; to send one, change the closing date in QuickBooks.
        </>
      ) : (
        "QuickBooks has no closing date set: no document is held for a closed period."
      )}{" "}
      <span className="muted">Read from {books.companyName ?? "QuickBooks"} just now.</span>
    </p>
  );
}

/** The default accounts, each with what it is for. */
const accountKinds: { kind: AccountKind; label: string; hint: string }[] = [
  { kind: "income", label: "Income", hint: "for items without an income account of their own" },
  { kind: "expense", label: "Cost of goods sold", hint: "the expense account of items without their own" },
  { kind: "asset", label: "Inventory asset", hint: "for inventory items" },
  { kind: "accountsPayable", label: "Accounts payable", hint: "for bills" },
  { kind: "deposit", label: "Deposit to", hint: "where payments received go" },
  { kind: "payment", label: "Paid from", hint: "the bank or card expenses are paid from" },
  { kind: "discount", label: "Discounts", hint: "for discount lines" },
];

function DefaultAccountsCard({
  companyId,
  view,
  books,
  booksError,
  onChanged,
  title = "Default accounts",
}: {
  companyId: string;
  view: PushSettings;
  books: Books | undefined;
  booksError?: unknown;
  onChanged: (view: PushSettings) => void;
  title?: ReactNode;
}) {
  return (
    <section className="card" aria-labelledby="accounts-title">
      <h2 id="accounts-title">{title}</h2>
      <p className="muted">
        Chosen from your QuickBooks chart of accounts by name. Each must be of the type QuickBooks needs where
        it is used.
      </p>
      {booksError !== undefined && <ErrorNotice error={booksError} />}
      <ul className="account-list">
        {accountKinds.map((k) => (
          <AccountChoiceRow
            key={k.kind}
            companyId={companyId}
            kind={k}
            view={view}
            chosen={books?.defaultAccounts[k.kind]}
            onChanged={onChanged}
          />
        ))}
      </ul>
    </section>
  );
}

function AccountChoiceRow({
  companyId,
  kind,
  view,
  chosen,
  onChanged,
}: {
  companyId: string;
  kind: (typeof accountKinds)[number];
  view: PushSettings;
  chosen: Books["defaultAccounts"][AccountKind] | undefined;
  onChanged: (view: PushSettings) => void;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const chosenId = view.settings.defaultAccounts[kind.kind];

  async function pick(id: string) {
    setBusy(true);
    setProblem(undefined);
    try {
      const next = await api.updatePushSettings(companyId, {
        defaultAccounts: { ...view.settings.defaultAccounts, [kind.kind]: id },
      });
      setOpen(false);
      onChanged(next);
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="account-row" data-testid={`account-${kind.kind}`}>
      <div className="account-head">
        <div>
          <div className="account-kind">{kind.label}</div>
          <div className="muted small">{kind.hint}</div>
        </div>
        <div className="account-chosen">
          {chosenId === undefined ? (
            <span className="muted">Not chosen</span>
          ) : chosen ? (
            <span>
              <strong>{chosen.name}</strong>{" "}
              <span className="muted small">{accountType(chosen.type, chosen.subType)}</span>
            </span>
          ) : (
            <span className="muted">…</span>
          )}
          {!open && (
            <button
              type="button"
              className="button-quiet"
              aria-label={`${chosenId === undefined ? "Choose" : "Change"} the ${kind.label.toLowerCase()} account`}
              onClick={() => setOpen(true)}
            >
              {chosenId === undefined ? "Choose…" : "Change…"}
            </button>
          )}
        </div>
      </div>
      {chosen?.problem && <Notice tone="warning">{sentence(chosen.problem)}</Notice>}
      {open && (
        <AccountSearch
          companyId={companyId}
          kind={kind}
          busy={busy}
          onPick={pick}
          onCancel={() => {
            setOpen(false);
            setProblem(undefined);
          }}
        />
      )}
      {problem && <Notice>{problem}</Notice>}
    </li>
  );
}

function accountType(type: string, subType: string | null): string {
  if (!type) return "";
  if (!subType) return type;
  return `${type} · ${subType.replace(/([a-z])([A-Z])/g, "$1 $2")}`;
}

/** Searches the company's QuickBooks accounts as the bookkeeper types a name. */
function AccountSearch({
  companyId,
  kind,
  busy,
  onPick,
  onCancel,
}: {
  companyId: string;
  kind: (typeof accountKinds)[number];
  busy: boolean;
  onPick: (id: string) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState("");
  const [typed, setTyped] = useState("");
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    const timer = setTimeout(() => setTyped(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const results = useAsync<AccountResults>(
    () => api.searchAccounts(companyId, kind.kind, typed),
    [companyId, kind.kind, typed],
  );
  const fit = results.data?.accounts.filter((a) => a.problem === null) ?? [];
  const other = results.data?.accounts.filter((a) => a.problem !== null) ?? [];
  const option = (a: AccountResults["accounts"][number]) => (
    <li key={a.id}>
      <button type="button" className="account-option" disabled={busy} onClick={() => onPick(a.id)}>
        <span className="account-option-name">{a.name}</span>
        <span className="muted small">{accountType(a.type, a.subType)}</span>
      </button>
    </li>
  );
  return (
    <div className="account-search">
      <div className="toolbar">
        <input
          ref={input}
          type="search"
          aria-label={`Search QuickBooks accounts for ${kind.label.toLowerCase()}`}
          placeholder="Type part of the account's name…"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="button" className="button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {results.data && <p className="muted small">Needs: {results.data.need}.</p>}
      {results.error ? (
        <ErrorNotice error={results.error} onRetry={results.reload} />
      ) : !results.data ? (
        <Loading label="Searching QuickBooks…" />
      ) : results.data.accounts.length === 0 ? (
        <p className="muted">No account in QuickBooks has “{typed}” in its name.</p>
      ) : (
        <>
          {fit.length > 0 && (
            <ul className="account-options" aria-label="Accounts of the type needed">
              {fit.map(option)}
            </ul>
          )}
          {other.length > 0 && (
            <>
              <p className="muted small">Other accounts with this name (not of the type needed):</p>
              <ul className="account-options" aria-label="Other accounts">
                {other.map(option)}
              </ul>
            </>
          )}
        </>
      )}
    </div>
  );
}

/** Exporting on purpose: documents dated within a range (before go-live, or exported by hand). */
function ExportCard({ companyId, view }: { companyId: string; view: PushSettings }) {
  const documents = view.switches.filter((s) =>
    ["purchase-orders", "invoices", "bills", "journal-entries", "payments"].includes(s.object),
  );
  const [collection, setCollection] = useState(documents[0]?.object ?? "invoices");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [queued, setQueued] = useState<number>();

  async function exportRange(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setQueued(undefined);
    try {
      setQueued((await api.exportRecords(companyId, { collection, from, to })).queued);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="export-title">
      <h2 id="export-title">Export by date range</h2>
      <p className="muted">
        Sends the documents dated within the range, including those before the go-live date. Under manual
        export only finalised documents go. To send a few, select them in their list and choose{" "}
        <em>Export selected</em>.
      </p>
      <form className="form-inline" onSubmit={exportRange}>
        <label className="field">
          <span>Documents</span>
          <select value={collection} onChange={(e) => setCollection(e.target.value as typeof collection)}>
            {documents.map((d) => (
              <option key={d.object} value={d.object}>
                {capital(d.label)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>From</span>
          <input type="date" value={from} required onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label className="field">
          <span>To</span>
          <input type="date" value={to} required onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? "Exporting…" : "Export"}
        </button>
      </form>
      {queued !== undefined && (
        <Notice tone="success">
          {queued === 0
            ? "No document is dated within this range."
            : `${queued.toLocaleString()} ${queued === 1 ? "document is" : "documents are"} on the way to QuickBooks.`}
        </Notice>
      )}
      {error !== undefined && <Notice>{problemOf(error)}</Notice>}
    </section>
  );
}

const settingNames: Record<string, string> = {
  switches: "What pushes",
  manualExport: "Manual export",
  goLiveDate: "Go-live date",
  defaultAccounts: "Default accounts",
  taxCodes: "Tax codes",
  invoicesAs: "Invoices recorded as",
  billsAs: "Bills recorded as",
  deliveryFeeItemId: "Delivery fee item",
  defaultSalesItemId: "Default sales item",
};

function valueText(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.join(", ");
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0 ? "none" : entries.map(([k, v]) => `${k} ${String(v)}`).join(", ");
  }
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  return String(value);
}

/** Every change to these settings: who, when, from what to what. */
function ChangesCard({ view }: { view: PushSettings }) {
  if (view.changes.length === 0) return null;
  return (
    <details className="card technical">
      <summary>
        <h2>Changes to these settings</h2>
        <span className="muted">The last {view.changes.length.toLocaleString()}, newest first</span>
      </summary>
      <div className="table-wrap">
        <table className="table table-compact table-cards">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Setting</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
              <th scope="col">By</th>
            </tr>
          </thead>
          <tbody>
            {view.changes.map((c) => (
              <tr key={`${c.at}-${c.setting}`}>
                <td data-label="When" className="when">
                  {formatDateTime(c.at)}
                </td>
                <td data-label="Setting">{settingNames[c.setting] ?? c.setting}</td>
                <td data-label="Before">{valueText(c.oldValue)}</td>
                <td data-label="After">{valueText(c.newValue)}</td>
                <td data-label="By">{c.changedBy ?? "Ledgerlink"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
