// The first-time wizard: app credentials → Connect (QuickBooks' own consent page) → default accounts →
// what pushes → go-live date. Each step saves as it goes, so leaving half-way loses nothing; the step
// is in the address, so QuickBooks' page can send the browser back to the next one.
import { type ReactNode, useEffect, useState } from "react";
import { api, type Company, type PushSettings } from "../api.ts";
import { ErrorNotice, Loading, Notice } from "../components/ui.tsx";
import { navigate, pathOf, useLocation } from "../router.tsx";
import { useAsync, useTitle } from "../use-async.ts";
import { ConnectStep, CredentialsStep } from "./connection.tsx";
import { BooksCards, GoLiveCard, SwitchesCard } from "./push-settings.tsx";

const steps = ["App credentials", "Connect", "Default accounts", "What pushes", "Go-live date"] as const;

export function SetupPage({ company }: { company: Company }) {
  useTitle("Set up QuickBooks", company.name);
  const { query } = useLocation();
  const connection = useAsync(() => api.connection(company.id), [company.id]);
  const push = useAsync(() => api.pushSettings(company.id), [company.id]);
  const [view, setView] = useState<PushSettings>();
  useEffect(() => setView(push.data), [push.data]);

  const here = pathOf("companies", company.id, "setup");
  const go = (n: number) => navigate(`${here}?step=${n}`);
  const requested = Number.parseInt(query.get("step") ?? "1", 10) || 1;
  const c = connection.data;
  const connected = c?.status === "connected";
  // Steps 3 to 5 need the connection; before it, the wizard stays on the first two.
  const step = !c
    ? 1
    : connected
      ? Math.min(Math.max(requested, 2), 5)
      : c.configured && requested >= 2
        ? 2
        : 1;

  const error = connection.error ?? push.error;
  return (
    <section className="page page-narrow" aria-labelledby="setup-title">
      <div className="page-head">
        <h1 id="setup-title">Set up QuickBooks</h1>
        <span className="muted">{company.name}</span>
      </div>
      <ol className="steps" aria-label="Steps">
        {steps.map((name, i) => (
          <li
            key={name}
            className={i + 1 < step ? "is-done" : undefined}
            aria-current={i + 1 === step ? "step" : undefined}
          >
            {name}
          </li>
        ))}
      </ol>
      {error ? (
        <ErrorNotice
          error={error}
          onRetry={() => {
            connection.reload();
            push.reload();
          }}
        />
      ) : !c || !view ? (
        <Loading />
      ) : step === 1 ? (
        <CredentialsStep
          companyId={company.id}
          view={c}
          title={`Step 1 of 5: ${steps[0]}`}
          saveLabel="Save and continue"
          onSaved={() => {
            connection.reload();
            go(2);
          }}
        />
      ) : step === 2 && !connected ? (
        <ConnectStep
          companyId={company.id}
          label="Connect to QuickBooks"
          step
          title={`Step 2 of 5: ${steps[1]}`}
          returnTo={`${here}?step=3`}
        >
          <button type="button" className="button-quiet" onClick={() => go(1)}>
            ← Back
          </button>
        </ConnectStep>
      ) : step === 2 ? (
        <Step n={2} onBack={() => go(1)} onNext={() => go(3)}>
          <Notice tone="success">
            Connected to {c.companyName ?? "your QuickBooks company"} (realm {c.realmId}).
          </Notice>
        </Step>
      ) : step === 3 ? (
        <>
          {query.get("connected") === "1" && (
            <Notice tone="success">Connected to {c.companyName ?? "your QuickBooks company"}.</Notice>
          )}
          <BooksCards
            companyId={company.id}
            view={view}
            onChanged={setView}
            closedBooks={false}
            accountsTitle={`Step 3 of 5: ${steps[2]}`}
          />
          <StepButtons onBack={() => go(2)} onNext={() => go(4)} />
        </>
      ) : step === 4 ? (
        <>
          <SwitchesCard
            companyId={company.id}
            view={view}
            onChanged={setView}
            title={`Step 4 of 5: ${steps[3]}`}
          />
          <StepButtons onBack={() => go(3)} onNext={() => go(5)} />
        </>
      ) : (
        <FinishStep company={company} view={view} onChanged={setView} onBack={() => go(4)} />
      )}
    </section>
  );
}

function Step({
  n,
  children,
  onBack,
  onNext,
}: {
  n: number;
  children: ReactNode;
  onBack: () => void;
  onNext: () => void;
}) {
  return (
    <section className="card" aria-labelledby="step-title">
      <h2 id="step-title">
        Step {n} of 5: {steps[n - 1]}
      </h2>
      {children}
      <StepButtons onBack={onBack} onNext={onNext} />
    </section>
  );
}

function StepButtons({
  onBack,
  onNext,
  next = "Continue",
  busy,
}: {
  onBack: () => void;
  onNext: () => void;
  next?: string;
  busy?: boolean;
}) {
  return (
    <div className="wizard-buttons">
      <button type="button" className="button-quiet" onClick={onBack}>
        ← Back
      </button>
      <button type="button" className="button-primary" onClick={onNext} disabled={busy}>
        {next}
      </button>
    </div>
  );
}

function FinishStep({
  company,
  view,
  onChanged,
  onBack,
}: {
  company: Company;
  view: PushSettings;
  onChanged: (view: PushSettings) => void;
  onBack: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  async function finish() {
    setBusy(true);
    setError(undefined);
    try {
      // Without a date chosen, going live is today.
      if (!view.settings.goLiveDate) {
        onChanged(
          await api.updatePushSettings(company.id, { goLiveDate: new Date().toISOString().slice(0, 10) }),
        );
      }
      navigate(`${pathOf("companies", company.id, "push")}?welcome=1`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }
  return (
    <>
      <GoLiveCard
        companyId={company.id}
        view={view}
        onChanged={onChanged}
        title={`Step 5 of 5: ${steps[4]}`}
      />
      {error !== undefined && <ErrorNotice error={error} />}
      <StepButtons onBack={onBack} onNext={finish} next="Finish" busy={busy} />
    </>
  );
}
