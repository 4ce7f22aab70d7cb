// QuickBooks' uniqueness rule for names, and how the provider reads what changed in the name lists.
import assert from "node:assert/strict";
import { test } from "node:test";
import { QuickBooksError } from "./client.ts";
import { nameKey, type QboApi, QuickBooksProvider } from "./provider.ts";

type Json = Record<string, unknown>;

function stubApi(answers: {
  cdc?: { changed: Record<string, Json[]>; truncated: string[]; time: string };
  lists?: Record<string, Json[]>;
}) {
  const asked: string[] = [];
  const api = {
    async changedSince(entities: readonly string[], since: string) {
      asked.push(`cdc ${entities.join(",")} ${since}`);
      if (!answers.cdc) throw new Error("no cdc expected");
      return answers.cdc;
    },
    async queryAnswer(statement: string) {
      asked.push(statement);
      const type = /from (\w+)/.exec(statement)?.[1] ?? "";
      return { rows: answers.lists?.[type] ?? [], time: "2026-12-01T10:00:00.000-08:00" };
    },
  } as unknown as QboApi;
  return { api, asked };
}

const provider = (api: QboApi) => new QuickBooksProvider(api, { defaults: {}, goLiveDate: "2026-01-01" });

test("customers, vendors and employees share display names; names compare trimmed and without case", () => {
  assert.equal(nameKey("Customer", "  Acme Supply "), nameKey("Vendor", "ACME SUPPLY"));
  assert.equal(nameKey("Employee", "acme supply"), "display:acme supply");
  assert.notEqual(nameKey("Item", "Acme Supply"), nameKey("Customer", "Acme Supply"));
  assert.notEqual(nameKey("Account", "Freight"), nameKey("Item", "Freight"));
  assert.equal(nameKey("Invoice", "Acme"), undefined);
  assert.equal(nameKey("Customer", "   "), undefined);
});

test("a sub-account is unique by its full name, parent first", () => {
  const p = provider(stubApi({}).api);
  const body = { Name: "Fuel", SubAccount: true, ParentRef: { value: "81" } };
  assert.deepEqual(p.parentOf("Account", body), { type: "Account", id: "81" });
  assert.equal(p.sameNameKey("Account", body, "Vehicles"), "account:vehicles:fuel");
  assert.equal(p.parentOf("Customer", { DisplayName: "Job", ParentRef: { value: "3" } }), undefined);
  assert.equal(p.sameNameKey("Customer", { DisplayName: " Job 7 " }), "display:job 7");
});

test("changes since the last look come from CDC: changed names keyed, deleted ones removed", async () => {
  const { api, asked } = stubApi({
    cdc: {
      changed: {
        Customer: [{ Id: "7", DisplayName: "Acme", Active: true }],
        Item: [{ Id: "9", Name: "Bolt", FullyQualifiedName: "Hardware:Bolt", Active: false }],
        Vendor: [{ domain: "QBO", status: "Deleted", Id: "12" }],
      },
      truncated: [],
      time: "2026-12-06T10:00:00.000-08:00",
    },
  });
  const now = Date.parse("2026-12-06T18:00:00Z");
  const changes = await provider(api).nameChanges("2026-12-05T10:00:00.000Z", now);
  assert.deepEqual(asked, ["cdc Customer,Vendor,Employee,Item,Account,Term 2026-12-05T10:00:00.000Z"]);
  assert.equal(changes.complete, false);
  assert.equal(changes.through, "2026-12-06T10:00:00.000-08:00");
  assert.deepEqual(changes.names, [
    { type: "Customer", id: "7", name: "Acme", key: "display:acme", active: true },
    { type: "Item", id: "9", name: "Hardware:Bolt", key: "item:hardware:bolt", active: false },
  ]);
  assert.deepEqual(changes.removed, [{ type: "Vendor", id: "12" }]);
});

test("the first look, one beyond CDC's 30 days, or more changes than one answer carries read the lists whole", async () => {
  const now = Date.parse("2026-12-06T18:00:00Z");
  const lists = { Term: [{ Id: "3", Name: "Net 30", Active: true }] };
  type Cdc = { changed: Record<string, Json[]>; truncated: string[]; time: string };
  const cases: Array<[string | undefined, Cdc | undefined]> = [
    [undefined, undefined],
    ["2026-10-01T00:00:00Z", undefined],
    [
      "2026-12-06T00:00:00Z",
      { changed: { Customer: [] }, truncated: ["Customer"], time: "2026-12-06T10:00:00Z" },
    ],
  ];
  for (const [since, cdc] of cases) {
    const { api, asked } = stubApi({
      lists,
      ...(cdc ? { cdc: { ...cdc, truncated: [...cdc.truncated] } } : {}),
    });
    const changes = await provider(api).nameChanges(since, now);
    assert.equal(changes.complete, true, String(since));
    assert.deepEqual(changes.names, [
      { type: "Term", id: "3", name: "Net 30", key: "term:net 30", active: true },
    ]);
    assert.equal(changes.through, "2026-12-01T10:00:00.000-08:00", "the time of the first answer");
    const queries = asked.filter((a) => a.startsWith("select"));
    assert.equal(queries.length, 6, "each name list, inactive names too");
    assert.ok(queries.every((q) => q.includes("Active in (true, false)")));
  }
});

test("a CDC QuickBooks refuses as beyond its 30 days (its clock ahead of ours) reads the lists whole", async () => {
  const lists = { Term: [{ Id: "3", Name: "Net 30", Active: true }] };
  const { api, asked } = stubApi({ lists });
  const refused = new QuickBooksError(
    "QuickBooks fault 500: Unsupported Operation",
    { kind: "needs_user_action", code: "500", reason: "validation" },
    {
      status: 400,
      type: "ValidationFault",
      errors: [
        {
          code: "500",
          message: "Unsupported Operation",
          detail:
            "Operation cdc with changedSince date 2026-12-05T10:00:00.000Z which is older than fixed days is not supported.",
          element: "",
        },
      ],
    },
  );
  api.changedSince = async (entities, since) => {
    asked.push(`cdc ${entities.join(",")} ${since}`);
    throw refused;
  };
  const changes = await provider(api).nameChanges(
    "2026-12-05T10:00:00.000Z",
    Date.parse("2026-12-06T18:00:00Z"),
  );
  assert.equal(changes.complete, true);
  assert.deepEqual(
    changes.names.map((n) => n.key),
    ["term:net 30"],
  );
  assert.equal(asked.filter((a) => a.startsWith("select")).length, 6);

  // Any other refusal of the CDC is not hidden.
  const other = stubApi({ lists }).api;
  other.changedSince = async () => {
    throw new QuickBooksError("QuickBooks fault 3100", { kind: "reauthorize", code: "3100" });
  };
  await assert.rejects(
    provider(other).nameChanges("2026-12-05T10:00:00.000Z", Date.parse("2026-12-06T18:00:00Z")),
  );
});
