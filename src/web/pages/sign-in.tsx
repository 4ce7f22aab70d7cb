import { type FormEvent, useRef, useState } from "react";
import { ApiError, api, type Session } from "../api.ts";
import { Notice } from "../components/ui.tsx";
import { useTitle } from "../use-async.ts";

export function SignInPage({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  useTitle("Sign in");
  const [username, setUsername] = useState("admin");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const passwordField = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await api.login(username, password));
    } catch (err) {
      const refused = err instanceof ApiError && (err.status === 401 || err.status === 400);
      setError(
        refused
          ? "That user name and password do not match. Check them and try again."
          : err instanceof Error
            ? err.message
            : String(err),
      );
      setBusy(false);
      // A refused password is typed again from the start; a server that did not answer keeps it.
      if (refused) setPassword("");
      passwordField.current?.focus();
    }
  }

  return (
    <main className="signin">
      <form className="signin-card" onSubmit={submit} aria-labelledby="signin-title">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Ledgerlink
        </div>
        <h1 id="signin-title">Sign in</h1>
        <p className="muted">Your operations data, QuickBooks and EDI partners, in one place.</p>
        {error && <Notice>{error}</Notice>}
        <label className="field">
          <span>User name</span>
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            ref={passwordField}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            // biome-ignore lint/a11y/noAutofocus: the only thing to do on this screen
            autoFocus
            required
          />
        </label>
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
