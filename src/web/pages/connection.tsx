// QuickBooks: the company's connection. A first-time user is walked through the app credentials and
// Connect; afterwards the page shows the state (connected, needs re-authorisation with its reason and
// time) with Reconnect and Disconnect. The consent page is QuickBooks' own: the browser goes there and
// comes back to this page.
import { type FormEvent, type ReactNode, useEffect, useState } from "react";
import { api, type Company, type ConnectionSettings, type ConnectionStatus } from "../api.ts";
import { Badge, ErrorNotice, Loading, Notice } from "../components/ui.tsx";
import { formatDateTime, type Tone } from "../format.ts";
import { Link, pathOf, useLocation } from "../router.tsx";
import { useAsync, useTitle } from "../use-async.ts";
import { QuickBooksTabs } from "./push-settings.tsx";

const statusLook: Record<ConnectionStatus, { label: string; tone: Tone }> = {
  not_connected: { label: "Not connected", tone: "neutral" },
  connecting: { label: "Connecting", tone: "info" },
  connected: { label: "Connected", tone: "success" },
  needs_reauthorization: { label: "Needs re-authorisation", tone: "danger" },
};

const environmentLabel = { production: "Production", sandbox: "Sandbox", custom: "Custom URLs" } as const;

export function ConnectionPage({ company }: { company: Company }) {
  const settings = useAsync(() => api.connection(company.id), [company.id]);
  const { query } = useLocation();
  useTitle("QuickBooks", company.name);
  const [editing, setEditing] = useState(false);

  const view = settings.data;
  return (
    <section className="page page-narrow" aria-labelledby="connection-title">
      <QuickBooksTabs company={company} current="connection" />
      <div className="page-head">
        <h1 id="connection-title">QuickBooks Online</h1>
        <span className="muted">{company.name}</span>
      </div>
      {settings.error ? (
        <ErrorNotice error={settings.error} onRetry={settings.reload} />
      ) : !view ? (
        <Loading />
      ) : (
        <>
          {query.get("connected") === "1" && view.status === "connected" && (
            <Notice tone="success">Connected to {view.companyName ?? "your QuickBooks company"}.</Notice>
          )}
          {query.get("connectionError") && view.lastError && <Notice>{view.lastError.message}</Notice>}
          <StatusCard view={view} onChanged={settings.reload} companyId={company.id} />
          {!view.configured || editing ? (
            <CredentialsStep
              companyId={company.id}
              view={view}
              onSaved={() => {
                setEditing(false);
                settings.reload();
              }}
              onCancel={view.configured ? () => setEditing(false) : undefined}
            />
          ) : (
            <section className="card" aria-labelledby="app-title">
              <h2 id="app-title">App credentials</h2>
              <dl className="facts">
                <dt>Environment</dt>
                <dd>{view.environment ? environmentLabel[view.environment] : "—"}</dd>
                <dt>Client id</dt>
                <dd className="mono">{view.clientId}</dd>
                <dt>Client secret</dt>
                <dd>{view.clientSecretSet ? "Saved (sealed)" : "Not set"}</dd>
                <dt>Data API</dt>
                <dd className="mono">{view.endpoints?.apiBaseUrl}</dd>
              </dl>
              <button type="button" className="button-quiet" onClick={() => setEditing(true)}>
                Change…
              </button>
            </section>
          )}
          {view.configured && view.status !== "connected" && view.status !== "needs_reauthorization" && (
            <ConnectStep companyId={company.id} label="Connect to QuickBooks" step />
          )}
          {view.status !== "connected" && (
            <Notice tone="info">
              Setting up for the first time?{" "}
              <Link href={pathOf("companies", company.id, "setup")}>The setup</Link> walks you through the app
              credentials, connecting, the default accounts, what pushes and the go-live date.
            </Notice>
          )}
        </>
      )}
    </section>
  );
}

function StatusCard({
  view,
  companyId,
  onChanged,
}: {
  view: ConnectionSettings;
  companyId: string;
  onChanged: () => void;
}) {
  const look = statusLook[view.status];
  return (
    <section className="card" aria-labelledby="status-title">
      <h2 id="status-title">
        Status <Badge tone={look.tone}>{look.label}</Badge>
      </h2>
      {view.status === "connected" && (
        <dl className="facts">
          <dt>QuickBooks company</dt>
          <dd data-testid="qbo-company">{view.companyName ?? "—"}</dd>
          <dt>Realm id</dt>
          <dd className="mono" data-testid="qbo-realm">
            {view.realmId}
          </dd>
          <dt>Connected</dt>
          <dd>{formatDateTime(view.connectedAt)}</dd>
        </dl>
      )}
      {view.status === "needs_reauthorization" && (
        <Notice>
          {view.statusReason ?? "QuickBooks refused the stored authorisation."} (since{" "}
          {formatDateTime(view.statusChangedAt)}). Pushes wait until you reconnect.
        </Notice>
      )}
      {view.status === "connecting" && (
        <p>Someone started connecting on QuickBooks' page and has not come back yet. You can start again.</p>
      )}
      {view.status === "not_connected" && <p>This company is not connected to QuickBooks.</p>}
      {(view.status === "connected" || view.status === "needs_reauthorization") && (
        <div className="toolbar">
          <ConnectStep companyId={companyId} label="Reconnect" />
          <DisconnectButton companyId={companyId} onDone={onChanged} />
        </div>
      )}
    </section>
  );
}

export function CredentialsStep({
  companyId,
  view,
  onSaved,
  onCancel,
  title = "App credentials",
  saveLabel = "Save",
}: {
  companyId: string;
  view: ConnectionSettings;
  onSaved: () => void;
  onCancel?: (() => void) | undefined;
  title?: string;
  saveLabel?: string;
}) {
  const [environment, setEnvironment] = useState<"production" | "sandbox" | "custom">(
    view.environment ?? "production",
  );
  const [clientId, setClientId] = useState(view.clientId ?? "");
  const [clientSecret, setClientSecret] = useState("");
  const [origin, setOrigin] = useState(
    view.environment === "custom" ? (view.endpoints?.apiBaseUrl ?? "") : "http://127.0.0.1:4010",
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.saveConnection(companyId, {
        environment,
        clientId: clientId.trim(),
        ...(clientSecret ? { clientSecret } : {}),
        ...(environment === "custom" ? { origin: origin.trim() } : {}),
      });
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card stack" onSubmit={save} aria-labelledby="credentials-title">
      <h2 id="credentials-title">{title}</h2>
      <p className="muted">
        From your app's Keys tab at developer.intuit.com. Register this redirect URI there:{" "}
        <code className="mono">{`${window.location.origin}/api/oauth/quickbooks/callback`}</code>
      </p>
      <fieldset className="field">
        <legend>Environment</legend>
        {(["production", "sandbox", "custom"] as const).map((value) => (
          <label key={value} className="check">
            <input
              type="radio"
              name="environment"
              value={value}
              checked={environment === value}
              onChange={() => setEnvironment(value)}
            />
            {environmentLabel[value]}
          </label>
        ))}
      </fieldset>
      {environment === "custom" && (
        <label className="field">
          <span>Server address</span>
          <input
            name="origin"
            value={origin}
            onChange={(e) => setOrigin(e.target.value)}
            placeholder="http://127.0.0.1:4010"
            required
          />
          <span className="muted">A server with Intuit's paths, such as the QuickBooks emulator.</span>
        </label>
      )}
      <label className="field">
        <span>Client id</span>
        <input name="clientId" value={clientId} onChange={(e) => setClientId(e.target.value)} required />
      </label>
      <label className="field">
        <span>Client secret</span>
        <input
          name="clientSecret"
          type="password"
          autoComplete="off"
          value={clientSecret}
          onChange={(e) => setClientSecret(e.target.value)}
          placeholder={view.clientSecretSet ? "Saved; leave empty to keep it" : ""}
          required={!view.clientSecretSet}
        />
      </label>
      {error !== undefined && <ErrorNotice error={error} />}
      <div className="toolbar">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? "Saving…" : saveLabel}
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

export function ConnectStep({
  companyId,
  label,
  step,
  title = "Connect",
  returnTo,
  children,
}: {
  companyId: string;
  label: string;
  step?: boolean;
  title?: string;
  /** The page QuickBooks sends the browser back to (this one when not given). */
  returnTo?: string;
  children?: ReactNode;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  async function connect() {
    setBusy(true);
    setError(undefined);
    try {
      const { authorizeUrl } = await api.connect(companyId, returnTo ?? window.location.pathname);
      window.location.assign(authorizeUrl);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }
  const button = (
    <button
      type="button"
      className={step ? "button-primary" : "button-quiet"}
      onClick={connect}
      disabled={busy}
    >
      {busy ? "Opening QuickBooks…" : label}
    </button>
  );
  if (!step) {
    return (
      <>
        {button}
        {error !== undefined && <ErrorNotice error={error} />}
      </>
    );
  }
  return (
    <section className="card" aria-labelledby="connect-title">
      <h2 id="connect-title">{title}</h2>
      <p>QuickBooks will ask you to sign in and choose the company to connect, then send you back here.</p>
      {error !== undefined && <ErrorNotice error={error} />}
      <div className="wizard-buttons">
        {children}
        {button}
      </div>
    </section>
  );
}

function DisconnectButton({ companyId, onDone }: { companyId: string; onDone: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  async function disconnect() {
    setBusy(true);
    setError(undefined);
    try {
      await api.disconnect(companyId);
      setConfirming(false);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  if (!confirming) {
    return (
      <button type="button" className="button-quiet" onClick={() => setConfirming(true)}>
        Disconnect…
      </button>
    );
  }
  return (
    <div className="confirm">
      <span>
        Disconnect from QuickBooks? Ledgerlink's access is revoked; pushes stop until you connect again.
      </span>
      <span className="confirm-buttons">
        <button type="button" className="button-quiet" onClick={() => setConfirming(false)} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="button-danger" onClick={disconnect} disabled={busy}>
          {busy ? "Disconnecting…" : "Disconnect"}
        </button>
      </span>
      {error !== undefined && <ErrorNotice error={error} />}
    </div>
  );
}

/** How often a company's pages look again at its connection, so the banner comes and goes by itself. */
const bannerWatchMs = 15_000;

/**
 * Shown above every page of a company whose QuickBooks connection needs re-authorisation: what
 * happened and since when, that its changes wait (nothing is lost), and the way to reconnect. The
 * QuickBooks page itself shows the state in full and has no banner.
 */
export function ReauthorizationBanner({ company, path }: { company: Company; path: string }) {
  const view = useAsync(() => api.connection(company.id), [company.id, path]);
  const { reload } = view;
  useEffect(() => {
    const timer = setInterval(reload, bannerWatchMs);
    return () => clearInterval(timer);
  }, [reload]);
  const state = view.data;
  if (state?.status !== "needs_reauthorization") return null;
  return (
    <div className="reauth-banner" data-testid="reauth-banner">
      <Notice
        tone="warning"
        action={
          <Link href={pathOf("companies", company.id, "connection")} className="reauth-link">
            Reconnect
          </Link>
        }
      >
        <strong>QuickBooks needs you to reconnect {company.name}.</strong>{" "}
        {state.statusReason ?? "QuickBooks refused the stored authorisation."} Since{" "}
        {formatDateTime(state.statusChangedAt)}, changes to its records wait instead of going to QuickBooks;
        nothing is lost, and they go as soon as you reconnect.
      </Notice>
    </div>
  );
}
