// API keys: how a company's operations system proves who it is. A key is shown once, when created;
// Ledgerlink keeps only a hash of it.
import { useRef, useState } from "react";
import { type ApiKey, api, type Company, type NewApiKey } from "../api.ts";
import { Badge, Empty, ErrorNotice, Loading } from "../components/ui.tsx";
import { formatDateTime } from "../format.ts";
import { useAsync, useTitle } from "../use-async.ts";

export function KeysPage({ company }: { company: Company }) {
  const keys = useAsync(() => api.keys(company.id), [company.id]);
  useTitle("API keys", company.name);
  const [created, setCreated] = useState<NewApiKey>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function create() {
    setBusy(true);
    setError(undefined);
    try {
      setCreated(await api.createKey(company.id));
      keys.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="page page-narrow" aria-labelledby="keys-title">
      <div className="page-head">
        <h1 id="keys-title">API keys</h1>
        <span className="muted">{company.name}</span>
      </div>
      <p className="lead">
        Your operations system signs its requests with an API key. A key sees this company's records and no
        other's.
      </p>
      {created ? (
        <NewKey created={created} onDone={() => setCreated(undefined)} />
      ) : (
        <div className="toolbar">
          <button type="button" className="button-primary" onClick={create} disabled={busy}>
            {busy ? "Creating…" : "Create API key"}
          </button>
        </div>
      )}
      {error !== undefined && <ErrorNotice error={error} />}
      {keys.error ? (
        <ErrorNotice error={keys.error} onRetry={keys.reload} />
      ) : !keys.data ? (
        <Loading />
      ) : keys.data.items.length === 0 ? (
        <Empty title="This company has no API keys yet.">
          Create one and paste it into your operations system's Ledgerlink settings.
        </Empty>
      ) : (
        <div className="table-wrap">
          <table className="table table-cards">
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.data.items.map((key) => (
                <KeyRow key={key.id} apiKey={key} onRevoked={keys.reload} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function NewKey({ created, onDone }: { created: NewApiKey; onDone: () => void }) {
  const [copied, setCopied] = useState<"copied" | "select">();
  const value = useRef<HTMLElement>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied("copied");
    } catch {
      // The clipboard is refused on plain http from another machine: select the key for Ctrl+C instead.
      const range = document.createRange();
      if (value.current) range.selectNodeContents(value.current);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      setCopied("select");
    }
  }
  return (
    <section className="newkey" aria-label="New API key">
      <h2>Your new API key</h2>
      <p>
        Copy it now and keep it somewhere safe: <strong>this is the only time it is shown.</strong> If it is
        lost, create another and revoke this one.
      </p>
      <div className="newkey-row">
        <code className="newkey-value" data-testid="new-api-key" ref={value}>
          {created.key}
        </code>
        <button type="button" className="button-quiet" onClick={copy}>
          {copied === "copied" ? "Copied" : copied === "select" ? "Selected: press Ctrl+C" : "Copy"}
        </button>
      </div>
      <button type="button" className="button-primary" onClick={onDone}>
        I have saved it
      </button>
    </section>
  );
}

function KeyRow({ apiKey, onRevoked }: { apiKey: ApiKey; onRevoked: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function revoke() {
    setBusy(true);
    setError(undefined);
    try {
      await api.revokeKey(apiKey.id);
      onRevoked();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const revoked = Boolean(apiKey.revokedAt);
  return (
    <>
      <tr className={revoked ? "is-deleted" : confirming ? "is-selected" : undefined} data-key-id={apiKey.id}>
        <td data-label="Key" className="mono cell-title">
          {apiKey.prefix}…
        </td>
        <td data-label="Created" className="when">
          {formatDateTime(apiKey.createdAt)}
        </td>
        <td data-label="Last used" className="when">
          {apiKey.lastUsedAt ? formatDateTime(apiKey.lastUsedAt) : "Never"}
        </td>
        <td data-label="Status" className="nowrap">
          {revoked ? (
            <Badge tone="neutral" title={`Revoked ${formatDateTime(apiKey.revokedAt)}`}>
              Revoked
            </Badge>
          ) : (
            <Badge tone="success">Active</Badge>
          )}
        </td>
        <td className="actions">
          {!revoked && !confirming && (
            <button type="button" className="button-quiet" onClick={() => setConfirming(true)}>
              Revoke…
            </button>
          )}
        </td>
      </tr>
      {confirming && !revoked && (
        <tr className="confirm-row">
          <td colSpan={5}>
            <div className="confirm">
              <span>
                Revoke <span className="mono">{apiKey.prefix}…</span>? Requests signed with it are refused
                from now on. This cannot be undone.
              </span>
              <span className="confirm-buttons">
                <button
                  type="button"
                  className="button-quiet"
                  onClick={() => setConfirming(false)}
                  disabled={busy}
                >
                  Cancel
                </button>
                <button type="button" className="button-danger" onClick={revoke} disabled={busy}>
                  {busy ? "Revoking…" : "Revoke key"}
                </button>
              </span>
            </div>
            {error !== undefined && <ErrorNotice error={error} />}
          </td>
        </tr>
      )}
    </>
  );
}
