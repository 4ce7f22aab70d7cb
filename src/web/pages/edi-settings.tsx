// One EDI connection and one trading partner, each on a page of its own: what it is set to, what refers
// to it, and *Edit* (the add form, filled in), *Deactivate* / *Activate*, and *Delete* where nothing
// refers to it (otherwise the page says why it stays and offers deactivating instead).
import { Fragment, type ReactNode, useState } from "react";
import { api, type Company, type EdiConnection, type EdiPartner } from "../api.ts";
import { Badge, ErrorNotice, Loading, Notice } from "../components/ui.tsx";
import { Link, navigate, pathOf } from "../router.tsx";
import { useAsync, useTitle } from "../use-async.ts";
import { ConnectionChecks, ConnectionForm, PartnerForm, where } from "./edi-connections.tsx";

/** "2 trading partners and 8 files": the counts that are not zero. */
function counted(counts: [number, string, string?][]): string {
  const parts = counts
    .filter(([n]) => n > 0)
    .map(([n, one, many]) => `${n} ${n === 1 ? one : (many ?? `${one}s`)}`);
  if (parts.length <= 1) return parts[0] ?? "nothing";
  return `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

/** The actions both pages share, and what they say. */
function Lifecycle({
  kind,
  name,
  active,
  inUse,
  onActive,
  onDelete,
  onEdit,
  inactiveMeans,
}: {
  kind: "connection" | "partner";
  name: string;
  active: boolean;
  /** What refers to it, when something does (then it cannot be deleted). */
  inUse: string | undefined;
  onActive: (active: boolean) => Promise<void>;
  onDelete: () => Promise<void>;
  onEdit: () => void;
  inactiveMeans: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="card">
      <div className="toolbar">
        <button type="button" className="button-primary" onClick={onEdit} disabled={busy}>
          Edit
        </button>
        <button
          type="button"
          className="button-quiet"
          onClick={() => run(() => onActive(!active))}
          disabled={busy}
        >
          {active ? "Deactivate" : "Activate"}
        </button>
        {!inUse && (
          <button
            type="button"
            className="button-danger"
            disabled={busy}
            onClick={() => {
              if (window.confirm(`Delete ${kind} ${name}? This cannot be undone.`)) void run(onDelete);
            }}
          >
            Delete
          </button>
        )}
      </div>
      <p className="muted">
        {active ? `Deactivating keeps everything: ${inactiveMeans}` : `Inactive: ${inactiveMeans}`}
      </p>
      {inUse && (
        <p className="muted">
          It cannot be deleted while it has {inUse}: their history stays. Deactivate it instead.
        </p>
      )}
      {error !== undefined && <ErrorNotice error={error} />}
    </div>
  );
}

function Breadcrumb({ company, name }: { company: Company; name: string }) {
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <Link href={pathOf("companies", company.id, "edi")}>EDI connections</Link>
      <span aria-hidden="true"> / </span>
      <span>{name}</span>
    </nav>
  );
}

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="facts">
      {rows.map(([term, value]) => (
        <Fragment key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

export function EdiConnectionPage({ company, name }: { company: Company; name: string }) {
  useTitle(`Connection ${name}`, company.name);
  const connection = useAsync(() => api.ediConnection(company.id, name), [company.id, name]);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string>();
  // What a change answered, shown at once (the page's own read of it follows).
  const [fresh, setFresh] = useState<EdiConnection>();
  const c = fresh?.name === name ? fresh : connection.data;
  function saved(next: EdiConnection, message: string) {
    setEditing(false);
    setNotice(message);
    setFresh(next);
    if (next.name !== name)
      navigate(pathOf("companies", company.id, "edi", "connections", next.name), { replace: true });
    else connection.reload();
  }
  const usage = c?.usage;
  const inUse =
    usage && usage.partners + usage.files + usage.messages > 0
      ? counted([
          [usage.partners, "trading partner"],
          [usage.files, "file"],
          [usage.messages, "message"],
        ])
      : undefined;
  const s = (c?.settings ?? {}) as Record<string, unknown>;
  return (
    <section className="page page-narrow" aria-labelledby="edi-connection-title">
      <Breadcrumb company={company} name={name} />
      {connection.error ? (
        <ErrorNotice error={connection.error} onRetry={connection.reload} />
      ) : !c ? (
        <Loading />
      ) : (
        <>
          <div className="page-head">
            <h1 id="edi-connection-title">Connection {c.name}</h1>
            <Badge tone={c.active ? "success" : "neutral"}>{c.active ? "Active" : "Inactive"}</Badge>
          </div>
          {notice && <Notice tone="success">{notice}</Notice>}
          <div className="card">
            <Facts
              rows={[
                [
                  "Our id",
                  <code key="id">
                    {c.ourQualifier}:{c.ourId}
                  </code>,
                ],
                ["Transport", c.transport === "sftp" ? "SFTP" : "Folders on this machine"],
                ["Inbox and outbox", <code key="where">{where(c)}</code>],
                ...(c.transport === "sftp"
                  ? ([
                      ["Polled every", `${s.pollSeconds ?? 300} seconds`],
                      [
                        "Stored secrets",
                        [c.secrets.password ? "password" : "", c.secrets.privateKey ? "private key" : ""]
                          .filter(Boolean)
                          .join(" and ") || "none",
                      ],
                    ] as [string, ReactNode][])
                  : []),
                ["Refers to it", inUse ?? "nothing yet"],
              ]}
            />
            <ConnectionChecks
              company={company}
              connection={c}
              onChanged={() => {
                setFresh(undefined);
                connection.reload();
              }}
            />
          </div>
          {editing ? (
            <ConnectionForm
              company={company}
              connection={c}
              onSaved={(next) => saved(next, `Saved connection ${next.name}.`)}
              onCancel={() => setEditing(false)}
            />
          ) : (
            <Lifecycle
              kind="connection"
              name={c.name}
              active={c.active}
              inUse={inUse}
              inactiveMeans="an inactive connection is not polled; its files wait in the inbox until it is active again."
              onEdit={() => {
                setNotice(undefined);
                setEditing(true);
              }}
              onActive={async (active) => {
                const next = await api.editEdiConnection(company.id, c.name, { active });
                saved(
                  next,
                  active
                    ? `Connection ${c.name} is active: it is polled again.`
                    : `Connection ${c.name} is inactive: it is no longer polled.`,
                );
              }}
              onDelete={async () => {
                await api.deleteEdiConnection(company.id, c.name);
                navigate(pathOf("companies", company.id, "edi"));
              }}
            />
          )}
        </>
      )}
    </section>
  );
}

export function EdiPartnerPage({ company, name }: { company: Company; name: string }) {
  useTitle(`Partner ${name}`, company.name);
  const partner = useAsync(() => api.ediPartner(company.id, name), [company.id, name]);
  const connections = useAsync(async () => (await api.ediConnections(company.id)).items, [company.id]);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [fresh, setFresh] = useState<EdiPartner>();
  const p = fresh?.name === name ? fresh : partner.data;
  function saved(next: EdiPartner, message: string) {
    setEditing(false);
    setNotice(message);
    setFresh(next);
    if (next.name !== name)
      navigate(pathOf("companies", company.id, "edi", "partners", next.name), { replace: true });
    else partner.reload();
  }
  const usage = p?.usage;
  const inUse =
    usage && usage.messages + usage.controlNumbers > 0
      ? counted([
          [usage.messages, "message"],
          [usage.controlNumbers, "control number series", "control number series"],
        ])
      : undefined;
  return (
    <section className="page page-narrow" aria-labelledby="edi-partner-title">
      <Breadcrumb company={company} name={name} />
      {partner.error ? (
        <ErrorNotice error={partner.error} onRetry={partner.reload} />
      ) : !p ? (
        <Loading />
      ) : (
        <>
          <div className="page-head">
            <h1 id="edi-partner-title">Partner {p.name}</h1>
            <Badge tone={p.active ? "success" : "neutral"}>{p.active ? "Active" : "Inactive"}</Badge>
          </div>
          {notice && <Notice tone="success">{notice}</Notice>}
          <div className="card">
            <Facts
              rows={[
                [
                  "Connection",
                  <Link key="c" href={pathOf("companies", company.id, "edi", "connections", p.connection)}>
                    {p.connection}
                  </Link>,
                ],
                [
                  "Customer",
                  <Link
                    key="cu"
                    href={pathOf("companies", company.id, "records", "customers", p.customerExternalId)}
                  >
                    {p.customerExternalId}
                  </Link>,
                ],
                [
                  "Interchange id",
                  <code key="id">
                    {p.qualifier}:{p.interchangeId}
                    {p.applicationId ? ` (application ${p.applicationId})` : ""}
                  </code>,
                ],
                ["X12 version we send", p.version],
                [
                  "We send",
                  ["997", "856", p.wants855 ? "855" : "", p.wants810 ? "810" : ""].filter(Boolean).join(", "),
                ],
                ["Orders", p.autoAccept ? "accepted at once" : "accepted by hand"],
                ["Overdue after", `${p.overdueAfterMinutes} minutes without a 997`],
                [
                  "Locations",
                  p.locations.length === 0
                    ? "the customer's own ids"
                    : p.locations.map((l) => `${l.partnerLocationId} → ${l.locationCode}`).join(", "),
                ],
                [
                  "Messages",
                  <Link
                    key="m"
                    href={`${pathOf("companies", company.id, "edi", "messages")}?partner=${encodeURIComponent(p.name)}`}
                  >
                    {usage?.messages ? counted([[usage.messages, "message"]]) : "none yet"}
                  </Link>,
                ],
              ]}
            />
          </div>
          {editing ? (
            connections.data ? (
              <PartnerForm
                company={company}
                connections={connections.data.map((c) => c.name)}
                partner={p}
                onSaved={(next) => saved(next, `Saved partner ${next.name}.`)}
                onCancel={() => setEditing(false)}
              />
            ) : (
              <Loading />
            )
          ) : (
            <Lifecycle
              kind="partner"
              name={p.name}
              active={p.active}
              inUse={inUse}
              inactiveMeans="what an inactive partner sends is still read and acknowledged, but needs attention, and its orders are not accepted until it is active again."
              onEdit={() => {
                setNotice(undefined);
                setEditing(true);
              }}
              onActive={async (active) => {
                const next = await api.editEdiPartner(company.id, p.name, { active });
                saved(
                  next,
                  active
                    ? `Partner ${p.name} is active again.`
                    : `Partner ${p.name} is inactive: its files now need attention.`,
                );
              }}
              onDelete={async () => {
                await api.deleteEdiPartner(company.id, p.name);
                navigate(pathOf("companies", company.id, "edi"));
              }}
            />
          )}
        </>
      )}
    </section>
  );
}
