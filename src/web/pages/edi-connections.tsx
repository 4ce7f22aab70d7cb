// EDI connections and trading partners: where partner files come from and go to, *Test connection*,
// and who trades over each connection.
import { type FormEvent, useState } from "react";
import { api, type Company, type EdiConnection, type EdiTestReport } from "../api.ts";
import { Badge, Empty, ErrorNotice, Loading } from "../components/ui.tsx";
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
                <ConnectionRow key={c.id} company={company} connection={c} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <NewConnection company={company} onCreated={connections.reload} />

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
              </tr>
            </thead>
            <tbody>
              {partners.data.map((p) => (
                <tr key={p.id}>
                  <td data-label="Partner">{p.name}</td>
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
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function where(c: EdiConnection): string {
  const s = c.settings as {
    inbox?: string;
    outbox?: string;
    host?: string;
    port?: number;
    username?: string;
  };
  const pair = `${s.inbox ?? "?"} → ${s.outbox ?? "?"}`;
  return c.transport === "sftp" ? `${s.username ?? ""}@${s.host ?? ""}:${s.port ?? 22} ${pair}` : pair;
}

function ConnectionRow({ company, connection }: { company: Company; connection: EdiConnection }) {
  const [report, setReport] = useState<EdiTestReport>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  async function test() {
    setBusy(true);
    setError(undefined);
    try {
      setReport(await api.testEdiConnection(company.id, connection.name));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <tr>
        <td data-label="Name">{connection.name}</td>
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
            {connection.active ? "Active" : "Paused"}
          </Badge>
        </td>
        <td>
          <button type="button" className="button-quiet" onClick={test} disabled={busy}>
            {busy ? "Testing…" : "Test connection"}
          </button>
        </td>
      </tr>
      {(report || error !== undefined) && (
        <tr>
          <td colSpan={6}>
            {error !== undefined && <ErrorNotice error={error} />}
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
          </td>
        </tr>
      )}
    </>
  );
}

function NewConnection({ company, onCreated }: { company: Company; onCreated: () => void }) {
  const [transport, setTransport] = useState<"folder" | "sftp">("folder");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? "").trim();
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
            },
            ...(value("password") ? { secrets: { password: value("password") } } : {}),
          };
    setBusy(true);
    setError(undefined);
    try {
      await api.createEdiConnection(company.id, {
        name: value("name"),
        ourQualifier: value("ourQualifier"),
        ourId: value("ourId"),
        transport,
        ...body,
      });
      event.currentTarget?.reset();
      onCreated();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="edi-form" onSubmit={submit} aria-label="New connection">
      <h2>Add a connection</h2>
      <div className="edi-form-grid">
        <Field name="name" label="Name" required />
        <Field name="ourQualifier" label="Our qualifier" defaultValue="ZZ" required />
        <Field name="ourId" label="Our interchange id" required />
        <label className="field">
          Transport
          <select value={transport} onChange={(e) => setTransport(e.target.value as "folder" | "sftp")}>
            <option value="folder">Folders on this machine</option>
            <option value="sftp">SFTP server</option>
          </select>
        </label>
        {transport === "sftp" && (
          <>
            <Field name="host" label="Host" required />
            <Field name="port" label="Port" defaultValue="22" />
            <Field name="username" label="User name" required />
            <Field name="password" label="Password" type="password" />
            <Field name="pollSeconds" label="Poll every (seconds)" defaultValue="300" />
          </>
        )}
        <Field name="inbox" label="Inbox folder" required />
        <Field name="outbox" label="Outbox folder" required />
      </div>
      {error !== undefined && <ErrorNotice error={error} />}
      <button type="submit" className="button-primary" disabled={busy}>
        {busy ? "Adding…" : "Add connection"}
      </button>
    </form>
  );
}

function Field(props: {
  name: string;
  label: string;
  required?: boolean;
  defaultValue?: string;
  type?: string;
}) {
  return (
    <label className="field">
      {props.label}
      <input
        name={props.name}
        required={props.required}
        defaultValue={props.defaultValue}
        type={props.type ?? "text"}
      />
    </label>
  );
}
