// The admin API the web app uses: sign-in with a session cookie and CSRF token, companies and keys,
// the records browser, CSV import, the job history, the internal token, and serving the web app.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { recordDetail } from "#admin/browse.ts";
import { ensureAdminUser } from "#admin/users.ts";
import { jobHandlers } from "#app/handlers.ts";
import { startWorkers } from "#jobs/index.ts";
import { startTestServer, type TestServer } from "./helpers/api-server.ts";

let s: TestServer;
let webRoot: string;
before(async () => {
  webRoot = mkdtempSync(join(tmpdir(), "ll-web-"));
  writeFileSync(
    join(webRoot, "index.html"),
    "<!doctype html><title>Ledgerlink app</title><div id=root></div>",
  );
  writeFileSync(join(webRoot, "app.js"), "console.log('app')");
  s = await startTestServer({ webRoot });
});
after(async () => {
  await s.close();
  rmSync(webRoot, { recursive: true, force: true });
});

interface Session {
  cookie: string;
  csrf: string;
}

async function signIn(password = s.adminPassword): Promise<{ res: Response; session?: Session }> {
  const res = await fetch(`${s.url}/api/admin/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password }),
  });
  if (res.status !== 200) return { res };
  const setCookie = res.headers.get("set-cookie") ?? "";
  const body = (await res.clone().json()) as { csrfToken: string };
  return { res, session: { cookie: setCookie.split(";")[0] ?? "", csrf: body.csrfToken } };
}

function admin(
  session: Session | undefined,
  path: string,
  init: RequestInit & { json?: unknown; csrf?: boolean } = {},
) {
  const { json, csrf = true, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (session) headers.set("cookie", session.cookie);
  if (session && csrf) headers.set("x-csrf-token", session.csrf);
  if (json !== undefined) headers.set("content-type", "application/json");
  return fetch(s.url + path, {
    ...rest,
    headers,
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
  });
}

describe("sign-in", () => {
  test("a wrong password is refused; the right one opens an HttpOnly, SameSite=Strict session", async () => {
    const wrong = await signIn("not the password");
    assert.equal(wrong.res.status, 401);
    assert.equal(((await wrong.res.json()) as { code: string }).code, "invalid_credentials");

    const { res, session } = await signIn();
    assert.equal(res.status, 200);
    const setCookie = res.headers.get("set-cookie") ?? "";
    assert.match(setCookie, /^ll_session=/);
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Strict/i);
    const me = await admin(session, "/api/admin/me");
    assert.equal(me.status, 200);
    const body = (await me.json()) as { user: { username: string }; csrfToken: string };
    assert.equal(body.user.username, "admin");
    assert.equal(body.csrfToken, session?.csrf);

    assert.equal((await admin(undefined, "/api/admin/me")).status, 401);
    assert.equal((await admin(undefined, "/api/admin/companies")).status, 401);

    const out = await admin(session, "/api/admin/logout", { method: "POST" });
    assert.equal(out.status, 204);
    assert.equal((await admin(session, "/api/admin/me")).status, 401, "the session ends on the server");
  });

  test("changes without the CSRF token are refused", async () => {
    const { session } = await signIn();
    const noToken = await admin(session, "/api/admin/companies", {
      method: "POST",
      json: { name: "Forged" },
      csrf: false,
    });
    assert.equal(noToken.status, 403);
    assert.equal(((await noToken.json()) as { code: string }).code, "csrf_token_invalid");
    const names = (
      (await (await admin(session, "/api/admin/companies")).json()) as { items: { name: string }[] }
    ).items;
    assert.ok(!names.some((c) => c.name === "Forged"));
  });

  test("repeated failures for one name are refused for a while (429), others are not affected", async () => {
    const attempt = () =>
      fetch(`${s.url}/api/admin/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "mallory", password: "guess" }),
      });
    for (let i = 0; i < 10; i++) assert.equal((await attempt()).status, 401);
    const refused = await attempt();
    assert.equal(refused.status, 429);
    assert.equal(((await refused.json()) as { code: string }).code, "too_many_attempts");
    assert.ok(Number(refused.headers.get("retry-after")) > 0);
    assert.equal((await signIn()).res.status, 200, "the admin can still sign in");
  });

  test("the password and session never reach the logs", async () => {
    const { session } = await signIn();
    await admin(session, "/api/admin/me");
    const logs = s.logs();
    assert.ok(!logs.includes(s.adminPassword));
    assert.ok(!logs.includes(session?.cookie.split("=")[1] ?? "missing"));
    assert.ok(!logs.includes(s.internalToken));
  });
});

describe("clearing a sign-in lockout", () => {
  test("an administrator's unlock lets a locked-out user sign in again at once", async () => {
    // Another server: its own count of attempts, so the other tests' sign-ins are not disturbed.
    const server = await startTestServer();
    try {
      const login = (password: string) =>
        fetch(`${server.url}/api/admin/login`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ username: "admin", password }),
        });
      for (let i = 0; i < 10; i++) assert.equal((await login("wrong password")).status, 401);
      assert.equal((await login(server.adminPassword)).status, 429, "locked out, even with the password");
      const unlock = (name: string) =>
        fetch(`${server.url}/api/admin/users/${name}/unlock`, {
          method: "POST",
          headers: { authorization: `Bearer ${server.internalToken}` },
        });
      const unlocked = await unlock("ADMIN");
      assert.equal(unlocked.status, 200);
      assert.deepEqual(await unlocked.json(), { username: "admin", cleared: 1 });
      assert.equal((await login(server.adminPassword)).status, 200);
      const nobody = await unlock("nobody");
      assert.equal(nobody.status, 404);
      assert.equal(((await nobody.json()) as { code: string }).code, "user_not_found");
      // Only an administrator may unlock.
      const anonymous = await fetch(`${server.url}/api/admin/users/admin/unlock`, { method: "POST" });
      assert.equal(anonymous.status, 401);
    } finally {
      await server.close();
    }
  });
});

describe("companies and keys", () => {
  test("a second company of the same name is refused with 409; a company can be renamed", async () => {
    const { session } = await signIn();
    const post = (name: string) => admin(session, "/api/admin/companies", { method: "POST", json: { name } });
    const first = (await (await post("Granite Foundry")).json()) as { id: string };
    // The same name, whatever the case or the spaces around it, names the same business.
    const again = await post("  granite FOUNDRY ");
    assert.equal(again.status, 409);
    const problem = (await again.json()) as { code: string; detail: string; errors: { path: string }[] };
    assert.equal(problem.code, "company_name_taken");
    assert.match(
      problem.detail,
      new RegExp(`A company named "Granite Foundry" already exists \\(id ${first.id}\\)`),
    );
    assert.deepEqual(
      problem.errors.map((e) => e.path),
      ["/name"],
    );

    const other = (await (await post("Basalt Works")).json()) as { id: string };
    const rename = (id: string, name: unknown) =>
      admin(session, `/api/admin/companies/${id}`, { method: "PATCH", json: { name } });
    const renamed = await rename(other.id, "Basalt Works LLC");
    assert.equal(renamed.status, 200);
    assert.equal(((await renamed.json()) as { name: string }).name, "Basalt Works LLC");
    const names = (
      (await (await admin(session, "/api/admin/companies")).json()) as { items: { name: string }[] }
    ).items.map((c) => c.name);
    assert.ok(names.includes("Basalt Works LLC") && !names.includes("Basalt Works"));
    // Renaming onto another company's name is refused; keeping one's own name (in another case) is not.
    assert.equal((await rename(other.id, "granite foundry")).status, 409);
    assert.equal((await rename(first.id, "GRANITE Foundry")).status, 200);
    assert.equal((await rename(first.id, "")).status, 400);
    assert.equal((await rename("00000000-0000-4000-8000-000000000000", "Nobody")).status, 404);
  });

  test("create a company, create a key shown once, use it, revoke it", async () => {
    const { session } = await signIn();
    const created = await admin(session, "/api/admin/companies", {
      method: "POST",
      json: { name: "Cobalt Castings" },
    });
    assert.equal(created.status, 201);
    const company = (await created.json()) as { id: string; name: string; createdAt: string };
    assert.equal(company.name, "Cobalt Castings");

    const bad = await admin(session, "/api/admin/companies", { method: "POST", json: { name: "" } });
    assert.equal(bad.status, 400);
    assert.deepEqual(
      ((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path),
      ["/name"],
    );

    const keyRes = await admin(session, `/api/admin/companies/${company.id}/keys`, { method: "POST" });
    assert.equal(keyRes.status, 201);
    const { id, key } = (await keyRes.json()) as { id: string; key: string };
    assert.ok(key.length >= 40);

    const list = (await (await admin(session, `/api/admin/companies/${company.id}/keys`)).json()) as {
      items: Record<string, unknown>[];
    };
    assert.equal(list.items.length, 1);
    assert.deepEqual(Object.keys(list.items[0] ?? {}).sort(), [
      "companyId",
      "createdAt",
      "id",
      "lastUsedAt",
      "prefix",
      "revokedAt",
    ]);
    assert.ok(!JSON.stringify(list).includes(key), "the key is never shown again");

    const put = await s.api("/api/v1/customers/CC-1", {
      method: "PUT",
      json: { name: "Cobalt customer" },
      key,
    });
    assert.equal(put.status, 201);
    const revoke = await admin(session, `/api/admin/keys/${id}/revoke`, { method: "POST" });
    assert.equal(revoke.status, 200);
    assert.ok(((await revoke.json()) as { revokedAt: string | null }).revokedAt);
    assert.equal((await s.api("/api/v1/customers/CC-1", { key })).status, 401);

    assert.equal((await admin(session, "/api/admin/keys/not-a-key/revoke", { method: "POST" })).status, 404);
    assert.equal((await admin(session, "/api/admin/companies/nope/keys")).status, 404);
  });

  test("the internal token works in place of a session, and nothing else does", async () => {
    const ok = await fetch(`${s.url}/api/admin/companies`, {
      headers: { authorization: `Bearer ${s.internalToken}` },
    });
    assert.equal(ok.status, 200);
    const created = await fetch(`${s.url}/api/admin/companies`, {
      method: "POST",
      headers: { authorization: `Bearer ${s.internalToken}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Via CLI" }),
    });
    assert.equal(created.status, 201, "no CSRF token needed: browsers never send this header on their own");
    const apiKey = await fetch(`${s.url}/api/admin/companies`, {
      headers: { authorization: `Bearer ${s.companyA.key}` },
    });
    assert.equal(apiKey.status, 401, "a host API key is not an admin credential");
  });
});

describe("records browser", () => {
  test("collections with counts, a searchable page of rows with titles and sync, one record", async () => {
    const records = Array.from({ length: 60 }, (_, i) => ({
      externalId: `RB-${String(i).padStart(3, "0")}`,
      data: { name: i === 7 ? "Zephyr Lathe Works" : `Browse customer ${i}`, email: `c${i}@example.com` },
    }));
    assert.equal((await s.api("/api/v1/customers/bulk", { method: "POST", json: { records } })).status, 200);
    const { session } = await signIn();
    const base = `/api/admin/companies/${s.companyA.id}`;

    const cols = (await (await admin(session, `${base}/collections`)).json()) as {
      items: { name: string; label: string; count: number }[];
    };
    assert.equal(cols.items.length, 13);
    assert.equal(cols.items.find((c) => c.name === "customers")?.count, 60);
    assert.equal(cols.items.find((c) => c.name === "customers")?.label, "Customers");

    const page1 = (await (await admin(session, `${base}/records/customers?limit=50`)).json()) as {
      items: { externalId: string; title: string; subtitle: string; sync: { status: string } }[];
      total: number;
      page: number;
      pageCount: number;
      titleLabel: string;
    };
    assert.deepEqual([page1.total, page1.page, page1.pageCount, page1.titleLabel], [60, 1, 2, "Name"]);
    assert.equal(page1.items.length, 50);
    assert.equal(page1.items[0]?.sync.status, "not_synced");
    const page2 = (await (await admin(session, `${base}/records/customers?limit=50&page=2`)).json()) as {
      items: { externalId: string }[];
    };
    assert.equal(page2.items.length, 10);
    const byName = (await (
      await admin(session, `${base}/records/customers?search=RB-&sort=title&order=desc&limit=1`)
    ).json()) as { items: { title: string }[]; sort: unknown };
    assert.deepEqual(byName.items[0]?.title, "Zephyr Lathe Works");
    assert.deepEqual(byName.sort, { by: "title", direction: "desc" });
    // A sort key the list does not have is refused, naming the field and what it accepts.
    const badSort = await admin(session, `${base}/records/customers?sort=total`);
    assert.equal(badSort.status, 400);
    const problem = (await badSort.json()) as { errors: { path: string; message: string }[] };
    assert.equal(problem.errors[0]?.path, "/sort");
    assert.match(
      problem.errors[0]?.message ?? "",
      /must be one of updated, externalId, sync, title, got "total"/,
    );

    const found = (await (await admin(session, `${base}/records/customers?search=zephyr`)).json()) as {
      items: { externalId: string; title: string; subtitle: string }[];
      total: number;
    };
    assert.equal(found.total, 1);
    assert.deepEqual(found.items[0], {
      ...found.items[0],
      externalId: "RB-007",
      title: "Zephyr Lathe Works",
      subtitle: "c7@example.com",
    });

    // A referenced record is shown by its name; company B's record of the same id is not looked at.
    await s.api("/api/v1/customers/RB-B-ONLY", {
      method: "PUT",
      key: s.companyB.key,
      json: { name: "Not A's customer" },
    });
    const invoice = (number: string, customer: string) => ({
      number,
      customerExternalId: customer,
      date: "2026-11-02",
      lines: [{ itemExternalId: "P-100", quantity: "3", unitPrice: "12.50" }],
    });
    for (const [id, customer] of [
      ["RB-INV-1", "RB-007"],
      ["RB-INV-2", "RB-NOBODY"],
      ["RB-INV-3", "RB-B-ONLY"],
    ] as const) {
      const put = await s.api(`/api/v1/invoices/${id}`, { method: "PUT", json: invoice(id, customer) });
      assert.ok(put.ok, await put.text());
    }
    const invoices = (await (await admin(session, `${base}/records/invoices?search=RB-INV`)).json()) as {
      items: { externalId: string; values: Record<string, string>; refs: Record<string, string> }[];
      titleLabel: string;
    };
    assert.equal(invoices.titleLabel, "Number", JSON.stringify(invoices));
    assert.deepEqual(invoices.items.map((r) => [r.externalId, r.values.customer, r.refs.customer]).sort(), [
      ["RB-INV-1", "Zephyr Lathe Works", "RB-007"],
      ["RB-INV-2", "RB-NOBODY", "RB-NOBODY"],
      ["RB-INV-3", "RB-B-ONLY", "RB-B-ONLY"],
    ]);

    const one = (await (await admin(session, `${base}/records/customers/RB-007`)).json()) as {
      externalId: string;
      data: { name: string };
      sync: unknown;
    };
    assert.equal(one.data.name, "Zephyr Lathe Works");
    assert.ok(one.sync);
    assert.equal((await admin(session, `${base}/records/gizmos`)).status, 404);
    assert.equal(
      (await admin(session, `/api/admin/companies/${s.companyB.id}/records/customers/RB-007`)).status,
      404,
    );
  });
});

describe("record detail", () => {
  test("names every referenced record, from the same company only, in one query; says which fields are money", async () => {
    const { session } = await signIn();
    const base = `/api/admin/companies/${s.companyA.id}`;
    const put = async (path: string, json: unknown, key?: string) => {
      const res = await s.api(`/api/v1/${path}`, { method: "PUT", json, ...(key ? { key } : {}) });
      assert.ok(res.ok, await res.text());
    };
    await put("customers/RD-C1", { name: "Harbor Freight Lines" });
    await put("items/RD-P1", { name: "Hex bolt M8", type: "inventory", unitPrice: "0.35" });
    await put("accounts/6900", { name: "Shipping expense", number: "6900", type: "expense" });
    // Company B has an item with the id A's invoice uses for its second line: its name must not leak.
    await put("items/RD-P2", { name: "Bolt Brothers' secret item", type: "service" }, s.companyB.key);
    await put("invoices/RD-INV", {
      number: "RD-INV",
      customerExternalId: "RD-C1",
      date: "2026-11-02",
      lines: [
        { itemExternalId: "RD-P1", quantity: "61540", unitPrice: "0.35" },
        { itemExternalId: "RD-P2", quantity: "1", unitPrice: "12.00" },
      ],
    });

    const detail = (await (await admin(session, `${base}/records/invoices/RD-INV`)).json()) as {
      externalId: string;
      data: { total?: string };
      fields: Record<string, unknown>;
      names: Record<string, Record<string, string>>;
    };
    assert.equal(detail.externalId, "RD-INV");
    assert.deepEqual(detail.names, {
      customers: { "RD-C1": "Harbor Freight Lines" },
      items: { "RD-P1": "Hex bolt M8" },
    });
    assert.deepEqual(detail.fields.customerExternalId, { references: "customers" });
    assert.deepEqual(detail.fields["lines.itemExternalId"], { references: "items" });
    assert.deepEqual(detail.fields["lines.amount"], { format: "money" });
    assert.deepEqual(detail.fields["lines.quantity"], { format: "quantity" });
    assert.equal(detail.fields.number, undefined, "a document number is not an amount");

    const account = (await (await admin(session, `${base}/records/accounts/6900`)).json()) as {
      fields: Record<string, unknown>;
    };
    assert.equal(account.fields.number, undefined, "an account number is a code, not money");

    // However many references, the names come from one query (plus the record's own).
    let queries = 0;
    const counted = s.db.kysely.withPlugin({
      transformQuery: (args) => {
        queries++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const result = await recordDetail(
      { ...s.db, kysely: counted },
      { companyId: s.companyA.id, collection: "invoices", externalId: "RD-INV" },
    );
    assert.ok(result.ok);
    // The record, its references' states (for warnings), its company's home currency (the invoice
    // names none), every name in one query, and the records naming it (for "Named by").
    assert.equal(queries, 5);
  });
});

describe("CSV import through the admin API", () => {
  test("dry run reports without writing; the real run imports valid rows and reports the rest", async () => {
    const { session } = await signIn();
    const csv = [
      "Customer ID,Customer Name,Email",
      "IMP-1,Imported One,one@example.com",
      "IMP-2,,two@example.com",
      "IMP-3,Imported Three,not-an-email",
      "IMP-4,Imported Four,",
    ].join("\n");
    const url = `/api/admin/companies/${s.companyA.id}/import/customers`;
    const dry = await admin(session, `${url}?dryRun=1`, {
      method: "POST",
      body: csv,
      headers: { "content-type": "text/csv" },
    });
    assert.equal(dry.status, 200);
    const dryReport = (await dry.json()) as {
      dryRun: boolean;
      rows: number;
      valid: number;
      created: number;
      errors: { line: number }[];
    };
    assert.equal(dryReport.dryRun, true);
    assert.equal(dryReport.rows, 4);
    assert.equal(dryReport.valid, 2);
    assert.equal(dryReport.created, 2);
    assert.deepEqual(dryReport.errors.map((e) => e.line).sort(), [3, 4]);
    assert.equal((await s.api("/api/v1/customers/IMP-1")).status, 404, "a dry run writes nothing");

    const real = (await (
      await admin(session, url, { method: "POST", body: csv, headers: { "content-type": "text/csv" } })
    ).json()) as { created: number };
    assert.equal(real.created, 2);
    assert.equal((await s.api("/api/v1/customers/IMP-1")).status, 200);
    assert.equal((await s.api("/api/v1/customers/IMP-2")).status, 404);

    const invoices = await admin(session, `/api/admin/companies/${s.companyA.id}/import/invoices`, {
      method: "POST",
      body: csv,
      headers: { "content-type": "text/csv" },
    });
    assert.equal(invoices.status, 404);
    assert.equal(((await invoices.json()) as { code: string }).code, "import_not_supported");
  });

  test("the host API imports the same way, for its own company only", async () => {
    const res = await s.api("/api/v1/vendors/import", {
      method: "POST",
      body: "Vendor ID,Vendor Name\nHV-1,Host Vendor\n",
      headers: { "content-type": "text/csv" },
      key: s.companyB.key,
    });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { created: number }).created, 1);
    assert.equal((await s.api("/api/v1/vendors/HV-1", { key: s.companyB.key })).status, 200);
    assert.equal((await s.api("/api/v1/vendors/HV-1")).status, 404);
  });
});

describe("job history", () => {
  test("every record change runs as a job, shown newest first with its company, outcome and what it was about", async () => {
    await s.api("/api/v1/customers/JOB-1", { method: "PUT", json: { name: "Job history customer" } });
    const workers = startWorkers(s.db, { handlers: jobHandlers(), pollMs: 20 });
    await workers.drain();
    await workers.stop();
    const { session } = await signIn();
    const page = (await (
      await admin(session, `/api/admin/jobs?companyId=${s.companyA.id}&limit=2`)
    ).json()) as {
      items: {
        type: string;
        companyId: string;
        companyName: string;
        outcome: string;
        counts: unknown;
        startedAt: string;
        finishedAt: string;
        summary: string | null;
        record: { collection: string; externalId: string; version: number | null } | null;
      }[];
      nextCursor: string | null;
    };
    assert.equal(page.items.length, 2);
    assert.equal(
      page.items[0]?.summary,
      "Customer JOB-1, version 1 — waiting for a QuickBooks connection",
      "the history says which record changed, and that it has not reached QuickBooks",
    );
    assert.deepEqual(page.items[0]?.record, { collection: "customers", externalId: "JOB-1", version: 1 });
    assert.ok(page.nextCursor, "more than one page of history");
    for (const run of page.items) {
      assert.equal(run.type, "record.changed");
      assert.equal(run.companyName, "Acme Manufacturing");
      assert.equal(run.outcome, "succeeded");
      assert.equal(run.counts, null, "a noted change claims no work done");
      assert.ok(run.finishedAt >= run.startedAt);
    }
    const next = (await (
      await admin(
        session,
        `/api/admin/jobs?companyId=${s.companyA.id}&limit=2&cursor=${encodeURIComponent(page.nextCursor ?? "")}`,
      )
    ).json()) as { items: { id: string }[] };
    assert.equal(next.items.length, 2);
    const others = (await (await admin(session, `/api/admin/jobs?companyId=${s.companyB.id}`)).json()) as {
      items: { companyId: string }[];
    };
    assert.ok(others.items.every((r) => r.companyId === s.companyB.id));
    assert.equal((await admin(session, "/api/admin/jobs?cursor=nonsense")).status, 400);
  });
});

describe("the web app", () => {
  test("static files, the app's index for its own routes, problems for unknown API paths", async () => {
    const js = await fetch(`${s.url}/app.js`);
    assert.equal(js.status, 200);
    const route = await fetch(`${s.url}/companies/abc/records/customers`);
    assert.equal(route.status, 200);
    assert.equal(route.headers.get("x-frame-options"), "DENY");
    assert.match(route.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/);
    assert.match(await route.text(), /Ledgerlink app/);
    const api = await fetch(`${s.url}/api/nothing-here`);
    assert.equal(api.status, 404);
    assert.match(api.headers.get("content-type") ?? "", /problem\+json/);
  });
});

describe("the admin password", () => {
  test("a configured password replaces the stored one at start, and ends existing sessions", async () => {
    const { session } = await signIn();
    const setup = await ensureAdminUser(s.db, "a brand new password");
    assert.deepEqual(setup, { username: "admin", created: false });
    assert.equal((await admin(session, "/api/admin/me")).status, 401, "old sessions end");
    assert.equal((await signIn()).res.status, 401, "the old password no longer works");
    assert.equal((await signIn("a brand new password")).res.status, 200);
    await ensureAdminUser(s.db, s.adminPassword);
  });
});

describe("refusals the admin API answers", () => {
  test("every endpoint of companies, keys, the browser and the job history wants a session", async () => {
    const company = "00000000-0000-4000-8000-000000000000";
    for (const [method, path] of [
      ["GET", "/api/admin/companies"],
      ["POST", "/api/admin/companies"],
      ["GET", `/api/admin/companies/${company}/keys`],
      ["POST", `/api/admin/companies/${company}/keys`],
      ["POST", `/api/admin/keys/${company}/revoke`],
      ["GET", `/api/admin/companies/${company}/collections`],
      ["GET", `/api/admin/companies/${company}/records/customers`],
      ["GET", `/api/admin/companies/${company}/records/customers/C-1`],
      ["GET", "/api/admin/jobs"],
    ] as const) {
      const res = await admin(undefined, path, { method, ...(method === "POST" ? { json: {} } : {}) });
      assert.equal(res.status, 401, `${method} ${path}`);
      assert.equal(((await res.json()) as { code: string }).code, "not_signed_in", `${method} ${path}`);
    }
  });

  test("an unknown company, collection, record, key or cursor is named by its code", async () => {
    const { session } = await signIn();
    const missing = "00000000-0000-4000-8000-000000000000";
    const codeOf = async (path: string, init: RequestInit & { json?: unknown } = {}) => {
      const res = await admin(session, path, init);
      return [res.status, ((await res.json()) as { code: string }).code];
    };
    assert.deepEqual(await codeOf(`/api/admin/companies/${missing}/keys`), [404, "company_not_found"]);
    assert.deepEqual(await codeOf(`/api/admin/companies/${missing}/keys`, { method: "POST" }), [
      404,
      "company_not_found",
    ]);
    assert.deepEqual(await codeOf(`/api/admin/keys/${missing}/revoke`, { method: "POST" }), [
      404,
      "key_not_found",
    ]);
    assert.deepEqual(await codeOf(`/api/admin/companies/${missing}/collections`), [404, "company_not_found"]);
    assert.deepEqual(await codeOf(`/api/admin/companies/${missing}/records/customers`), [
      404,
      "company_not_found",
    ]);
    const mine = s.companyA.id;
    assert.deepEqual(await codeOf(`/api/admin/companies/${mine}/records/widgets`), [
      404,
      "unknown_collection",
    ]);
    assert.deepEqual(await codeOf(`/api/admin/companies/${mine}/records/customers/NOBODY-HERE`), [
      404,
      "record_not_found",
    ]);
    assert.deepEqual(await codeOf("/api/admin/jobs?cursor=bm90LWEtY3Vyc29y"), [400, "invalid_cursor"]);
    assert.deepEqual(await codeOf("/api/admin/jobs?limit=0"), [400, "invalid_request"]);
    assert.deepEqual(
      await codeOf("/api/admin/companies", { method: "POST", json: { name: "X", extra: true } }),
      [400, "invalid_request"],
    );
  });

  test("a revoked key stays listed as revoked, and revoking it again is harmless", async () => {
    const { session } = await signIn();
    const company = (await (
      await admin(session, "/api/admin/companies", { method: "POST", json: { name: "Revocation Rivets" } })
    ).json()) as { id: string };
    const key = (await (
      await admin(session, `/api/admin/companies/${company.id}/keys`, { method: "POST" })
    ).json()) as { id: string };
    const first = await admin(session, `/api/admin/keys/${key.id}/revoke`, { method: "POST" });
    assert.equal(first.status, 200);
    const revokedAt = ((await first.json()) as { revokedAt: string }).revokedAt;
    const again = await admin(session, `/api/admin/keys/${key.id}/revoke`, { method: "POST" });
    assert.equal(again.status, 200);
    assert.equal(
      ((await again.json()) as { revokedAt: string }).revokedAt,
      revokedAt,
      "revoked once, at one time",
    );
    const listed = (await (await admin(session, `/api/admin/companies/${company.id}/keys`)).json()) as {
      items: { id: string; revokedAt: string | null }[];
    };
    assert.deepEqual(
      listed.items.map((k) => [k.id, k.revokedAt]),
      [[key.id, revokedAt]],
    );
  });
});
