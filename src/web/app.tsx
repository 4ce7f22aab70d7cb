// The shell: who is signed in, which company is being looked at, and which screen shows.
import { type ReactNode, useCallback, useEffect, useState } from "react";
import { api, type Company, type Session, whenSignedOut } from "./api.ts";
import { ErrorNotice, Loading } from "./components/ui.tsx";
import { CompaniesPage } from "./pages/companies.tsx";
import { ConnectionPage, ReauthorizationBanner } from "./pages/connection.tsx";
import { EdiConnectionsPage } from "./pages/edi-connections.tsx";
import { EdiMessagePage, EdiMessagesPage } from "./pages/edi-messages.tsx";
import { EdiConnectionPage, EdiPartnerPage } from "./pages/edi-settings.tsx";
import { JobsPage } from "./pages/jobs.tsx";
import { KeysPage } from "./pages/keys.tsx";
import { PushSettingsPage } from "./pages/push-settings.tsx";
import { RecordDetailPage } from "./pages/record-detail.tsx";
import { RecordsPage } from "./pages/records.tsx";
import { SetupPage } from "./pages/setup.tsx";
import { SignInPage } from "./pages/sign-in.tsx";
import { Link, navigate, pathOf, useLocation } from "./router.tsx";

const lastCompanyKey = "ledgerlink.company";

/** The screens under the QuickBooks menu entry. */
const quickBooksSections = new Set(["connection", "push", "setup"]);

export function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [error, setError] = useState<unknown>();

  const check = useCallback(() => {
    setError(undefined);
    api.me().then(setSession, setError);
  }, []);

  useEffect(() => {
    whenSignedOut(() => setSession(null));
    check();
  }, [check]);

  if (error) {
    return (
      <main className="centered">
        <ErrorNotice error={error} onRetry={check} />
      </main>
    );
  }
  if (session === undefined) return <Loading />;
  if (session === null) return <SignInPage onSignedIn={setSession} />;
  return <SignedIn session={session} onSignedOut={() => setSession(null)} />;
}

function SignedIn({ session, onSignedOut }: { session: Session; onSignedOut: () => void }) {
  const { path } = useLocation();
  const [companies, setCompanies] = useState<Company[] | undefined>();
  const [error, setError] = useState<unknown>();

  const loadCompanies = useCallback(async () => {
    setError(undefined);
    await api.companies().then((r) => setCompanies(r.items), setError);
  }, []);
  useEffect(() => {
    loadCompanies();
  }, [loadCompanies]);

  // On a narrow screen the switcher, the sections and the user fold behind a Menu button.
  const [menuOpen, setMenuOpen] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: going anywhere closes the menu
  useEffect(() => setMenuOpen(false), [path]);

  const inCompany = prefixMatch(path);
  const companyId = inCompany?.companyId ?? rememberedCompany(companies);
  const company = companies?.find((c) => c.id === companyId);

  useEffect(() => {
    if (company) localStorage.setItem(lastCompanyKey, company.id);
  }, [company]);

  // Where "/" leads: the first collection of the company last looked at, or set-up when there is none.
  useEffect(() => {
    if (!companies || path !== "/") return;
    if (companyId) navigate(pathOf("companies", companyId, "records", "customers"), { replace: true });
    else navigate("/companies", { replace: true });
  }, [companies, companyId, path]);

  async function signOut() {
    try {
      await api.logout();
    } finally {
      onSignedOut();
    }
  }

  function switchCompany(id: string) {
    const section = inCompany?.section ?? "records";
    const rest = section === "records" ? ["records", inCompany?.collection ?? "customers"] : [section];
    navigate(pathOf("companies", id, ...rest));
  }

  return (
    <div className="shell">
      <header className={`topbar${menuOpen ? " is-open" : ""}`}>
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Ledgerlink
        </Link>
        <button
          type="button"
          className="button-quiet menu-button"
          aria-expanded={menuOpen}
          aria-controls="topbar-menu"
          onClick={() => setMenuOpen((open) => !open)}
        >
          Menu
        </button>
        <div id="topbar-menu" className="topbar-menu">
          {companies && companies.length > 0 && (
            <label className="switcher">
              <span className="switcher-label">Company</span>
              <select
                aria-label="Company"
                value={company?.id ?? ""}
                onChange={(event) => switchCompany(event.target.value)}
              >
                {!company && <option value="">Choose a company…</option>}
                {companies.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <nav className="mainnav" aria-label="Main">
            {company && (
              <>
                <NavLink
                  href={pathOf("companies", company.id, "records")}
                  active={inCompany?.section === "records"}
                >
                  Records
                </NavLink>
                <NavLink href={pathOf("companies", company.id, "edi")} active={inCompany?.section === "edi"}>
                  EDI
                </NavLink>
                <NavLink
                  href={pathOf("companies", company.id, "jobs")}
                  active={inCompany?.section === "jobs"}
                >
                  Job history
                </NavLink>
                <NavLink
                  href={pathOf("companies", company.id, "connection")}
                  active={quickBooksSections.has(inCompany?.section ?? "")}
                >
                  QuickBooks
                </NavLink>
                <NavLink
                  href={pathOf("companies", company.id, "keys")}
                  active={inCompany?.section === "keys"}
                >
                  API keys
                </NavLink>
              </>
            )}
            <NavLink href="/companies" active={path === "/companies"}>
              Companies
            </NavLink>
          </nav>
          <div className="user">
            <span className="user-name">{session.user.username}</span>
            <button type="button" className="button-quiet" onClick={signOut}>
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main className="content">
        {error ? (
          <ErrorNotice error={error} onRetry={loadCompanies} />
        ) : !companies ? (
          <Loading />
        ) : (
          <Screen path={path} companies={companies} onCompaniesChanged={loadCompanies} />
        )}
      </main>
    </div>
  );
}

function Screen({
  path,
  companies,
  onCompaniesChanged,
}: {
  path: string;
  companies: Company[];
  onCompaniesChanged: () => Promise<void>;
}) {
  if (path === "/companies") return <CompaniesPage companies={companies} onChanged={onCompaniesChanged} />;
  const params = prefixMatch(path);
  const company = params && companies.find((c) => c.id === params.companyId);
  if (params && !company) {
    return (
      <NotFound title="This company does not exist or was removed.">
        <Link href="/companies">See all companies</Link>
      </NotFound>
    );
  }
  // Each company's screens start afresh, so nothing of the previous company shows while loading. Every
  // one but the QuickBooks connection page (which shows the state in full) carries the banner that asks
  // for a reconnect when the connection needs re-authorisation.
  const screen = params && company ? companyScreen(params, company) : null;
  if (params && company && screen) {
    if (params.section === "connection") return screen;
    return (
      <>
        <ReauthorizationBanner company={company} path={path} />
        {screen}
      </>
    );
  }
  if (path === "/") return <Loading />;
  return (
    <NotFound title="There is no page at this address.">
      <Link href="/">Go to the start page</Link>
    </NotFound>
  );
}

/** A company's screen for its path, or null when the path names none. */
function companyScreen(params: NonNullable<ReturnType<typeof prefixMatch>>, company: Company): ReactNode {
  if (params.section === "records" && params.externalId && params.collection) {
    return (
      <RecordDetailPage
        key={company.id}
        company={company}
        collection={params.collection}
        externalId={params.externalId}
      />
    );
  }
  if (params.section === "records") {
    return <RecordsPage key={company.id} company={company} collection={params.collection ?? "customers"} />;
  }
  if (params.section === "edi" && params.collection === "messages" && params.externalId)
    return <EdiMessagePage key={company.id} company={company} messageId={params.externalId} />;
  if (params.section === "edi" && params.collection === "messages")
    return <EdiMessagesPage key={company.id} company={company} />;
  if (params.section === "edi" && params.collection === "connections" && params.externalId)
    return <EdiConnectionPage key={company.id} company={company} name={params.externalId} />;
  if (params.section === "edi" && params.collection === "partners" && params.externalId)
    return <EdiPartnerPage key={company.id} company={company} name={params.externalId} />;
  if (params.section === "edi" && !params.collection)
    return <EdiConnectionsPage key={company.id} company={company} />;
  if (params.section === "jobs" && !params.collection) return <JobsPage key={company.id} company={company} />;
  if (params.section === "connection" && !params.collection)
    return <ConnectionPage key={company.id} company={company} />;
  if (params.section === "push" && !params.collection)
    return <PushSettingsPage key={company.id} company={company} />;
  if (params.section === "setup" && !params.collection)
    return <SetupPage key={company.id} company={company} />;
  if (params.section === "keys" && !params.collection) return <KeysPage key={company.id} company={company} />;
  return null;
}

/** `/companies/ID/records/customers/C-1` → its parts; null outside a company. */
function prefixMatch(path: string): {
  companyId: string;
  section?: string;
  collection?: string;
  externalId?: string;
} | null {
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== "companies" || !parts[1] || parts.length > 5) return null;
  return { companyId: parts[1], section: parts[2] ?? "records", collection: parts[3], externalId: parts[4] };
}

function rememberedCompany(companies: Company[] | undefined): string | undefined {
  if (!companies?.length) return undefined;
  const last = localStorage.getItem(lastCompanyKey);
  return companies.find((c) => c.id === last)?.id ?? companies[0]?.id;
}

function NavLink({ href, active, children }: { href: string; active: boolean; children: string }) {
  return (
    <Link href={href} className={active ? "active" : undefined} aria-current={active ? "page" : undefined}>
      {children}
    </Link>
  );
}

function NotFound({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="page">
      <h1>Not found</h1>
      <p>{title}</p>
      <p>{children}</p>
    </section>
  );
}
