// EDI connections and trading partners: where partner files come from and go to, *Test connection*,
// who trades over each connection, the forms that add both, and the GS1 prefix cartons are labelled from.
import { type FormEvent, useEffect, useState } from "react";
import {
  api,
  type Company,
  type EdiConnection,
  type EdiPartner,
  type EdiSsccSettings,
  type EdiTestReport,
} from "../api.ts";
import { Badge, Empty, ErrorNotice, Loading, Notice } from "../components/ui.tsx";
import { Link, pathOf } from "../router.tsx";
import { useAsync, useTitle } from "../use-async.ts";

export function EdiConnectionsPage({ company }: { company: Company }) {
  useTitle("EDI connections", company.name);
  const connections = useAsync(async () => (await api.ediConnections(company.id)).items, [company.id]);
  const partners = useAsync(async () => (await api.ediPartners(company.id)).items, [company.id]);
  return (
    <section className="page" aria-labelledby="edi-connections-title">
      <div className="page-head">
        <h1 id="edi-connections-title">EDI connections</h1>
        <span className="muted">{company.name}</span>
      </div>
      <div className="toolbar">
        <Link href={pathOf("companies", company.id, "edi", "messages")}>Messages</Link>
      </div>
      <p className="lead">
        A connection is where your trading partners' files arrive and where Ledgerlink puts its own: a pair of
        folders on this machine, or an SFTP server.
      </p>
      {connections.error ? (
        <ErrorNotice error={connections.error} onRetry={connections.reload} />
      ) : !connections.data ? (
        <Loading />
      ) : connections.data.length === 0 ? (
        <Empty title="No connections yet.">Add one below to start trading documents.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table table-cards" aria-label="Connections">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Our id</th>
                <th scope="col">Transport</th>
                <th scope="col">Inbox and outbox</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {connections.data.map((c) => (
                <ConnectionRow key={c.id} company={company} connection={c} onChanged={connections.reload} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConnectionForm company={company} onSaved={connections.reload} />

      <h2 id="edi-partners-title">Trading partners</h2>
      {partners.error ? (
        <ErrorNotice error={partners.error} onRetry={partners.reload} />
      ) : !partners.data ? (
        <Loading />
      ) : partners.data.length === 0 ? (
        <Empty title="No trading partners yet." />
      ) : (
        <div className="table-wrap">
          <table className="table table-cards" aria-labelledby="edi-partners-title">
            <thead>
              <tr>
                <th scope="col">Partner</th>
                <th scope="col">Connection</th>
                <th scope="col">Customer</th>
                <th scope="col">Interchange id</th>
                <th scope="col">Sends them</th>
                <th scope="col">Orders</th>
                <th scope="col">Locations</th>
              </tr>
            </thead>
            <tbody>
              {partners.data.map((p) => (
                <tr key={p.id}>
                  <td data-label="Partner">
                    <Link href={pathOf("companies", company.id, "edi", "partners", p.name)}>{p.name}</Link>
                    {!p.active && (
                      <>
                        {" "}
                        <Badge tone="neutral">Inactive</Badge>
                      </>
                    )}
                  </td>
                  <td data-label="Connection">{p.connection}</td>
                  <td data-label="Customer">{p.customerExternalId}</td>
                  <td data-label="Interchange id">
                    <code>
                      {p.qualifier}:{p.interchangeId}
                    </code>
                  </td>
                  <td data-label="Sends them">
                    {["997", "856", p.wants855 ? "855" : "", p.wants810 ? "810" : ""]
                      .filter(Boolean)
                      .join(", ")}
                  </td>
                  <td data-label="Orders">{p.autoAccept ? "accepted at once" : "accepted by hand"}</td>
                  <td data-label="Locations">
                    {p.locations.length === 0
                      ? "the customer's own ids"
                      : p.locations.map((l) => `${l.partnerLocationId} → ${l.locationCode}`).join(", ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {connections.data && connections.data.length > 0 && <SsccLabels company={company} />}
      {connections.data && connections.data.length > 0 && (
        <PartnerForm
          company={company}
          connections={connections.data.map((c) => c.name)}
          onSaved={partners.reload}
        />
      )}
    </section>
  );
}

export function where(c: EdiConnection): string {
  const s = c.settings as {
    inbox?: string;
    outbox?: string;
    host?: string;
    port?: number;
    username?: string;
    hostKey?: string;
  };
  const pair = `${s.inbox ?? "?"} → ${s.outbox ?? "?"}`;
  if (c.transport !== "sftp") return pair;
  const key = s.hostKey ? `host key ${s.hostKey}` : "host key not pinned yet";
  return `${s.username ?? ""}@${s.host ?? ""}:${s.port ?? 22} ${pair} (${key})`;
}

/**
 * *Test connection* and *Forget host key* for one connection: the actions, and what they answered.
 * `onChanged` runs after either, since a test may pin a host key and forgetting drops one.
 */
function useConnectionChecks(company: Company, connection: EdiConnection, onChanged: () => void) {
  const [report, setReport] = useState<EdiTestReport>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const hostKey = (connection.settings as { hostKey?: string }).hostKey;
  /** After the partner confirmed a new server key: the next test pins it. */
  async function forget() {
    if (
      !window.confirm(
        `Forget the pinned host key ${hostKey}? The next connection pins whatever key the server presents.`,
      )
    )
      return;
    setBusy(true);
    setError(undefined);
    setReport(undefined);
    try {
      await api.forgetEdiHostKey(company.id, connection.name);
      setNotice(`Forgot ${hostKey}: Test connection now pins the server's key.`);
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  async function test() {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      setReport(await api.testEdiConnection(company.id, connection.name));
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const buttons = (
    <>
      <button type="button" className="button-quiet" onClick={test} disabled={busy}>
        {busy ? "Testing…" : "Test connection"}
      </button>
      {hostKey && (
        <button type="button" className="button-quiet" onClick={forget} disabled={busy}>
          Forget host key
        </button>
      )}
    </>
  );
  const outcome =
    report || notice || error !== undefined ? (
      <>
        {error !== undefined && <ErrorNotice error={error} />}
        {notice && <Notice tone="info">{notice}</Notice>}
        {report && (
          <ul className="test-report" aria-label={`Test of ${connection.name}`}>
            {report.steps.map((s) => (
              <li key={s.step}>
                <Badge tone={s.ok ? "success" : "danger"}>{s.ok ? "OK" : "Failed"}</Badge>{" "}
                <strong>{s.step}</strong>: {s.detail}
              </li>
            ))}
          </ul>
        )}
      </>
    ) : undefined;
  return { buttons, outcome };
}

/** *Test connection* and *Forget host key* on a connection's own page, with what they answered. */
export function ConnectionChecks({
  company,
  connection,
  onChanged,
}: {
  company: Company;
  connection: EdiConnection;
  onChanged: () => void;
}) {
  const { buttons, outcome } = useConnectionChecks(company, connection, onChanged);
  return (
    <>
      <div className="toolbar">{buttons}</div>
      {outcome}
    </>
  );
}

function ConnectionRow({
  company,
  connection,
  onChanged,
}: {
  company: Company;
  connection: EdiConnection;
  onChanged: () => void;
}) {
  const { buttons, outcome } = useConnectionChecks(company, connection, onChanged);
  return (
    <>
      <tr>
        <td data-label="Name">
          <Link href={pathOf("companies", company.id, "edi", "connections", connection.name)}>
            {connection.name}
          </Link>
        </td>
        <td data-label="Our id">
          <code>
            {connection.ourQualifier}:{connection.ourId}
          </code>
        </td>
        <td data-label="Transport">{connection.transport === "sftp" ? "SFTP" : "Folders"}</td>
        <td data-label="Inbox and outbox">
          <code>{where(connection)}</code>
        </td>
        <td data-label="Status">
          <Badge tone={connection.active ? "success" : "neutral"}>
            {connection.active ? "Active" : "Inactive"}
          </Badge>
        </td>
        <td>
          <span className="row-actions">{buttons}</span>
        </td>
      </tr>
      {outcome && (
        <tr>
          <td colSpan={6}>{outcome}</td>
        </tr>
      )}
    </>
  );
}

/**
 * The connection form: empty to add one, or filled with a connection's settings to edit it (then its
 * stored password and key are kept unless replaced or removed, and a changed host key field is sent).
 */
export function ConnectionForm({
  company,
  connection,
  onSaved,
  onCancel,
}: {
  company: Company;
  connection?: EdiConnection;
  onSaved: (saved: EdiConnection) => void;
  onCancel?: () => void;
}) {
  const editing = connection !== undefined;
  const stored = (connection?.settings ?? {}) as Record<string, string | number | undefined>;
  const text = (field: string) => (stored[field] === undefined ? undefined : String(stored[field]));
  const [transport, setTransport] = useState<"folder" | "sftp">(connection?.transport ?? "folder");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const value = (name: string) => String(form.get(name) ?? "").trim();
    const secrets: Record<string, string | null> = {};
    if (value("password")) secrets.password = value("password");
    else if (form.get("removePassword") === "on") secrets.password = null;
    if (value("privateKey")) secrets.privateKey = `${value("privateKey")}\n`;
    else if (form.get("removePrivateKey") === "on") secrets.privateKey = null;
    // Editing, the host key goes only when changed here: left as it was, the server keeps it for the
    // same host and drops it for another.
    const hostKey = value("hostKey");
    const hostKeyChange = editing
      ? hostKey !== (text("hostKey") ?? "")
        ? { hostKey: hostKey || null }
        : {}
      : hostKey
        ? { hostKey }
        : {};
    const body =
      transport === "folder"
        ? { folder: { inbox: value("inbox"), outbox: value("outbox") } }
        : {
            sftp: {
              host: value("host"),
              port: Number(value("port") || 22),
              username: value("username"),
              inbox: value("inbox"),
              outbox: value("outbox"),
              pollSeconds: Number(value("pollSeconds") || 300),
              ...hostKeyChange,
            },
            ...(Object.keys(secrets).length > 0 ? { secrets } : {}),
          };
    const whole = {
      name: value("name"),
      ourQualifier: value("ourQualifier"),
      ourId: value("ourId"),
      transport,
      ...body,
    };
    setBusy(true);
    setError(undefined);
    try {
      const saved = connection
        ? await api.editEdiConnection(company.id, connection.name, whole)
        : await api.createEdiConnection(company.id, whole);
      if (!editing) formElement.reset();
      onSaved(saved);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const label = editing ? "Edit connection" : "New connection";
  return (
    <form className="edi-form" onSubmit={submit} aria-label={label}>
      <h2>{editing ? `Edit connection ${connection.name}` : "Add a connection"}</h2>
      <div className="edi-form-grid">
        <Field name="name" label="Name" defaultValue={connection?.name} required />
        <Field
          name="ourQualifier"
          label="Our qualifier"
          defaultValue={connection?.ourQualifier ?? "ZZ"}
          required
        />
        <Field name="ourId" label="Our interchange id" defaultValue={connection?.ourId} required />
        <label className="field">
          Transport
          <select value={transport} onChange={(e) => setTransport(e.target.value as "folder" | "sftp")}>
            <option value="folder">Folders on this machine</option>
            <option value="sftp">SFTP server</option>
          </select>
        </label>
        {transport === "sftp" && (
          <>
            <Field name="host" label="Host" defaultValue={text("host")} required />
            <Field name="port" label="Port" defaultValue={text("port") ?? "22"} />
            <Field name="username" label="User name" defaultValue={text("username")} required />
            <Field
              name="password"
              label={connection?.secrets.password ? "New password (empty: keep the stored one)" : "Password"}
              type="password"
            />
            {connection?.secrets.password && (
              <label className="check">
                <input type="checkbox" name="removePassword" /> Remove the stored password
              </label>
            )}
            <label className="field">
              {connection?.secrets.privateKey
                ? "New private key (empty: keep the stored one)"
                : "Private key (OpenSSH, instead of or with the password)"}
              <textarea name="privateKey" rows={3} spellCheck={false} />
            </label>
            {connection?.secrets.privateKey && (
              <label className="check">
                <input type="checkbox" name="removePrivateKey" /> Remove the stored private key
              </label>
            )}
            <Field
              name="pollSeconds"
              label="Poll every (seconds)"
              defaultValue={text("pollSeconds") ?? "300"}
            />
            <Field
              name="hostKey"
              label="Host key (SHA256:…, optional)"
              defaultValue={text("hostKey")}
              placeholder="pinned on first connection"
            />
          </>
        )}
        <Field
          name="inbox"
          label="Inbox folder"
          defaultValue={connection?.transport === transport ? text("inbox") : undefined}
          required
        />
        <Field
          name="outbox"
          label="Outbox folder"
          defaultValue={connection?.transport === transport ? text("outbox") : undefined}
          required
        />
      </div>
      {editing && transport === "sftp" && (
        <p className="muted">A pinned host key stays while the host stays; a new host pins its own key.</p>
      )}
      {error !== undefined && <ErrorNotice error={error} />}
      <div className="toolbar">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? (editing ? "Saving…" : "Adding…") : editing ? "Save changes" : "Add connection"}
        </button>
        {onCancel && (
          <button type="button" className="button-quiet" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

/**
 * The GS1 company prefix and extension digit from which the SSCC-18 of a carton the host ships without
 * one is made (an 856 cannot go out without them), and the last serial used.
 */
function SsccLabels({ company }: { company: Company }) {
  const settings = useAsync(() => api.ediSscc(company.id), [company.id]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState<EdiSsccSettings>();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    try {
      setSaved(
        await api.saveEdiSscc(company.id, {
          gs1Prefix: String(form.get("gs1Prefix") ?? "").trim(),
          extensionDigit: String(form.get("extensionDigit") ?? "").trim(),
        }),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  if (settings.error) return <ErrorNotice error={settings.error} onRetry={settings.reload} />;
  if (!settings.data) return <Loading />;
  const current = saved ?? settings.data;
  return (
    <form className="edi-form" onSubmit={submit} aria-label="Carton labels">
      <h2>Carton labels (SSCC-18)</h2>
      <p className="muted">
        A carton the operations system ships without an SSCC gets one made from your GS1 company prefix.
        {current.gs1Prefix
          ? ` Serials used so far: ${current.lastSerial}.`
          : " Without a prefix, such a shipment's 856 cannot be sent."}
      </p>
      <div className="edi-form-grid">
        <label className="field">
          GS1 company prefix
          <input
            name="gs1Prefix"
            required
            inputMode="numeric"
            defaultValue={settings.data.gs1Prefix ?? ""}
            placeholder="0614141"
          />
        </label>
        <label className="field">
          Extension digit
          <input
            name="extensionDigit"
            required
            inputMode="numeric"
            maxLength={1}
            defaultValue={settings.data.extensionDigit}
          />
        </label>
      </div>
      {error !== undefined && <ErrorNotice error={error} />}
      {saved && (
        <Notice tone="success">Saved: SSCCs start with {saved.extensionDigit + saved.gs1Prefix}.</Notice>
      )}
      <button type="submit" className="button-primary" disabled={busy}>
        {busy ? "Saving…" : "Save prefix"}
      </button>
    </form>
  );
}

interface LocationRow {
  key: number;
  partnerLocationId: string;
  locationCode: string;
}

/**
 * A trading partner: the host customer it is, its interchange id, what we send it and how, and the
 * map from its N104 location ids to the customer's location codes (offered from the customer record).
 * Empty to add one; filled with a partner's settings to edit it.
 */
/** The separators a partner may be sent with: the form's fields, and the keys of `separators`. */
const SEPARATOR_FIELDS = [
  ["element", "Element separator", "*"],
  ["component", "Component separator", ">"],
  ["segment", "Segment terminator", "~"],
] as const;

export function PartnerForm({
  company,
  connections,
  partner,
  onSaved,
  onCancel,
}: {
  company: Company;
  connections: string[];
  partner?: EdiPartner;
  onSaved: (saved: EdiPartner) => void;
  onCancel?: () => void;
}) {
  const editing = partner !== undefined;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [customer, setCustomer] = useState(partner?.customerExternalId ?? "");
  const [locationCodes, setLocationCodes] = useState<string[]>([]);
  const [rows, setRows] = useState<LocationRow[]>(
    () => partner?.locations.map((l, i) => ({ key: i + 1, ...l })) ?? [],
  );
  const [nextKey, setNextKey] = useState((partner?.locations.length ?? 0) + 1);

  // The customer's location codes, offered in the mapping; nothing when the customer is not found yet.
  useEffect(() => {
    const id = customer.trim();
    if (!id) {
      setLocationCodes([]);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      api.record(company.id, "customers", id).then(
        (r) => {
          const locations = (r.data as { locations?: { code?: string }[] }).locations ?? [];
          if (current) setLocationCodes(locations.flatMap((l) => (l.code ? [l.code] : [])));
        },
        () => current && setLocationCodes([]),
      );
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [company.id, customer]);

  function addRow() {
    setRows((r) => [...r, { key: nextKey, partnerLocationId: "", locationCode: "" }]);
    setNextKey((k) => k + 1);
  }
  function changeRow(key: number, change: Partial<LocationRow>) {
    setRows((r) => r.map((row) => (row.key === key ? { ...row, ...change } : row)));
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const value = (name: string) => String(form.get(name) ?? "").trim();
    const separators = Object.fromEntries(
      SEPARATOR_FIELDS.flatMap(([name]) => {
        const v = String(form.get(`separator-${name}`) ?? "");
        return v ? [[name, v]] : [];
      }),
    );
    const overdue = value("overdueAfterMinutes");
    const body = {
      name: value("name"),
      connection: value("connection"),
      customerExternalId: value("customerExternalId"),
      qualifier: value("qualifier"),
      interchangeId: value("interchangeId"),
      version: value("version"),
      // Editing, emptied separators go back to being chosen from the data.
      ...(Object.keys(separators).length > 0 ? { separators } : editing ? { separators: null } : {}),
      wants855: form.get("wants855") === "on",
      wants810: form.get("wants810") === "on",
      autoAccept: form.get("autoAccept") === "on",
      // A number when it reads as one; otherwise as typed, so the server names the field.
      ...(overdue ? { overdueAfterMinutes: /^\d+$/.test(overdue) ? Number(overdue) : overdue } : {}),
      locations: rows
        .filter((r) => r.partnerLocationId.trim() || r.locationCode.trim())
        .map((r) => ({ partnerLocationId: r.partnerLocationId.trim(), locationCode: r.locationCode.trim() })),
    };
    setBusy(true);
    setError(undefined);
    try {
      const saved = partner
        ? await api.editEdiPartner(company.id, partner.name, body)
        : await api.createEdiPartner(company.id, body);
      if (!editing) {
        formElement.reset();
        setCustomer("");
        setRows([]);
      }
      onSaved(saved);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const codesList = `partner-location-codes-${company.id}`;
  const separator = (name: string) => partner?.separators?.[name];
  return (
    <form
      className="edi-form"
      onSubmit={submit}
      aria-label={editing ? "Edit trading partner" : "New trading partner"}
    >
      <h2>{editing ? `Edit partner ${partner.name}` : "Add a trading partner"}</h2>
      <div className="edi-form-grid">
        <Field name="name" label="Partner name" defaultValue={partner?.name} required />
        <label className="field">
          Connection
          <select name="connection" defaultValue={partner?.connection ?? connections[0]}>
            {connections.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Customer (external id)
          <input
            name="customerExternalId"
            required
            value={customer}
            onChange={(e) => setCustomer(e.target.value)}
          />
        </label>
        <Field
          name="qualifier"
          label="Partner qualifier"
          defaultValue={partner?.qualifier ?? "ZZ"}
          required
        />
        <Field
          name="interchangeId"
          label="Partner interchange id"
          defaultValue={partner?.interchangeId}
          required
        />
        <label className="field">
          X12 version we send
          <select name="version" defaultValue={partner?.version ?? "00401"}>
            <option value="00401">00401 (4010)</option>
            <option value="00501">00501 (5010)</option>
          </select>
        </label>
        {SEPARATOR_FIELDS.map(([kind, label, placeholder]) => (
          <Field
            key={kind}
            name={`separator-${kind}`}
            label={label}
            placeholder={placeholder}
            maxLength={1}
            defaultValue={separator(kind)}
          />
        ))}
        <Field
          name="overdueAfterMinutes"
          label="Overdue after (minutes without a 997)"
          defaultValue={String(partner?.overdueAfterMinutes ?? 1440)}
          inputMode="numeric"
        />
      </div>
      <fieldset className="field">
        <legend>What we send and do</legend>
        <label className="check">
          <input type="checkbox" name="wants855" defaultChecked={partner?.wants855} /> Sends an 855 for each
          accepted order
        </label>
        <label className="check">
          <input type="checkbox" name="wants810" defaultChecked={partner?.wants810} /> Sends an 810 for each
          invoice
        </label>
        <label className="check">
          <input type="checkbox" name="autoAccept" defaultChecked={partner?.autoAccept} /> Accepts clean
          orders at once
        </label>
      </fieldset>
      <fieldset className="field edi-locations">
        <legend>Partner locations (N1*ST N104 → customer location)</legend>
        <p className="muted">
          Needed only for locations the customer record does not already give the partner's id.
        </p>
        <datalist id={codesList}>
          {locationCodes.map((code) => (
            <option key={code} value={code} />
          ))}
        </datalist>
        {rows.map((row, i) => (
          <fieldset className="edi-location-row" key={row.key} aria-label={`Location ${i + 1}`}>
            <label className="field">
              Partner location id
              <input
                value={row.partnerLocationId}
                onChange={(e) => changeRow(row.key, { partnerLocationId: e.target.value })}
              />
            </label>
            <label className="field">
              Customer location code
              <input
                list={codesList}
                value={row.locationCode}
                onChange={(e) => changeRow(row.key, { locationCode: e.target.value })}
              />
            </label>
            <button
              type="button"
              className="button-quiet"
              onClick={() => setRows((r) => r.filter((x) => x.key !== row.key))}
            >
              Remove
            </button>
          </fieldset>
        ))}
        <button type="button" className="button-quiet" onClick={addRow}>
          Add a location
        </button>
      </fieldset>
      {error !== undefined && <ErrorNotice error={error} />}
      <div className="toolbar">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? (editing ? "Saving…" : "Adding…") : editing ? "Save changes" : "Add partner"}
        </button>
        {onCancel && (
          <button type="button" className="button-quiet" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

function Field(props: {
  name: string;
  label: string;
  required?: boolean;
  defaultValue?: string;
  type?: string;
  placeholder?: string;
  maxLength?: number;
  inputMode?: "numeric";
}) {
  return (
    <label className="field">
      {props.label}
      <input
        name={props.name}
        required={props.required}
        defaultValue={props.defaultValue}
        type={props.type ?? "text"}
        placeholder={props.placeholder}
        maxLength={props.maxLength}
        inputMode={props.inputMode}
      />
    </label>
  );
}
