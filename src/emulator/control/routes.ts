// The control API under /__emulator/: plain JSON for tests and demos, never part of Intuit's surface.
// Companies, apps and webhook endpoints, the book close date, the clock, stored objects, the request
// log, limits and injected faults.
import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import { specByAnyCase } from "../entities/registry.ts";
import { INTUIT_LIMITS } from "../limits.ts";
import { COMPANY_KINDS, kindOf, SEEDS } from "../seed/index.ts";
import type { EmulatorState } from "../state.ts";
import { isDay } from "../time.ts";

const seedSchema = z.enum(SEEDS as unknown as [string, ...string[]]);
const kindSchema = z.enum(COMPANY_KINDS as unknown as [string, ...string[]]);

const companyBody = z.strictObject({
  seed: seedSchema.optional(),
  kind: kindSchema.optional(),
  name: z.string().min(1).max(200).optional(),
  realmId: z
    .string()
    .regex(/^\d{1,20}$/, "a realm id is digits only")
    .optional(),
});

const resetBody = z.strictObject({
  seed: seedSchema.optional(),
  kind: kindSchema.optional(),
  name: z.string().min(1).optional(),
});

const webhookBody = z.strictObject({
  url: z.url(),
  verifierToken: z.string().min(1),
  format: z.enum(["cloudevents", "legacy"]).optional(),
});

const appBody = z.strictObject({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  name: z.string().min(1).optional(),
  redirectUris: z.array(z.url()).optional(),
  webhook: webhookBody.optional(),
});

const probability = z.number().min(0).max(1);
const faultsBody = z.strictObject({
  serverError: probability.optional(),
  throttle: probability.optional(),
  timeout: probability.optional(),
  dropResponseAfterCommit: probability.optional(),
  latencyMs: z.union([z.number().min(0), z.tuple([z.number().min(0), z.number().min(0)])]).optional(),
  timeoutMs: z.number().int().min(0).max(600_000).optional(),
});

const limitsBody = z.strictObject({
  enabled: z.boolean().optional(),
  requestsPerMinute: z.number().int().positive().optional(),
  concurrentRequests: z.number().int().positive().optional(),
  batchRequestsPerMinute: z.number().int().positive().optional(),
});

const advanceBody = z
  .strictObject({ ms: z.number().min(0).optional(), seconds: z.number().min(0).optional() })
  .refine((b) => b.ms !== undefined || b.seconds !== undefined, "give ms or seconds");

const closeDateBody = z.strictObject({
  date: z.union([z.string().refine(isDay, "a date is YYYY-MM-DD"), z.null()]),
});

const tokenBody = z.strictObject({
  realmId: z.string().min(1),
  clientId: z.string().min(1).optional(),
  /** Space-separated scopes; the accounting scope by default. */
  scope: z.string().min(1).optional(),
});

function bad(reply: FastifyReply, error: z.ZodError | string) {
  const message =
    typeof error === "string"
      ? error
      : error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
  return reply.code(400).send({ error: message });
}

function missing(reply: FastifyReply, what: string) {
  return reply.code(404).send({ error: `${what} not found` });
}

function companySummary(state: EmulatorState, realmId: string) {
  const company = state.company(realmId);
  if (!company) return undefined;
  const counts: Record<string, number> = {};
  for (const entity of company.entities().sort()) counts[entity] = company.count(entity);
  const prefs = company.get("Preferences", "1")?.AccountingInfoPrefs as Record<string, unknown> | undefined;
  return {
    realmId,
    name: company.name,
    kind: kindOf(company),
    bookCloseDate: prefs?.BookCloseDate ?? null,
    counts,
  };
}

export function registerControlRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.register(
    async (scope) => {
      scope.get("/", async () => ({
        companies: [...state.companies.keys()],
        apps: state.apps.list().map((a) => a.clientId),
        clock: { now: new Date(state.now()).toISOString(), offsetMs: state.clock.offsetMs },
        limits: state.limits,
        faults: state.faults,
      }));

      scope.get("/companies", async () => [...state.companies.keys()].map((id) => companySummary(state, id)));

      scope.post("/companies", async (req, reply) => {
        const parsed = companyBody.safeParse(req.body ?? {});
        if (!parsed.success) return bad(reply, parsed.error);
        if (parsed.data.realmId && state.company(parsed.data.realmId))
          return bad(reply, "that realm id is taken");
        const company = state.createCompany(parsed.data as Parameters<EmulatorState["createCompany"]>[0]);
        return reply.code(201).send(companySummary(state, company.realmId));
      });

      scope.post<{ Params: { realmId: string } }>("/companies/:realmId/reset", async (req, reply) => {
        const parsed = resetBody.safeParse(req.body ?? {});
        if (!parsed.success) return bad(reply, parsed.error);
        const seed = (parsed.data.seed ?? "empty") as "demo" | "empty";
        const kind = parsed.data.kind as Parameters<EmulatorState["resetCompany"]>[3];
        const company = state.resetCompany(req.params.realmId, seed, parsed.data.name, kind);
        if (!company) return missing(reply, "company");
        return companySummary(state, company.realmId);
      });

      scope.delete<{ Params: { realmId: string } }>("/companies/:realmId", async (req, reply) => {
        if (!state.deleteCompany(req.params.realmId)) return missing(reply, "company");
        return reply.code(204).send();
      });

      scope.put<{ Params: { realmId: string } }>(
        "/companies/:realmId/book-close-date",
        async (req, reply) => {
          const parsed = closeDateBody.safeParse(req.body ?? {});
          if (!parsed.success) return bad(reply, parsed.error);
          if (!state.setBookCloseDate(req.params.realmId, parsed.data.date)) return missing(reply, "company");
          return { realmId: req.params.realmId, bookCloseDate: parsed.data.date };
        },
      );

      scope.get<{ Params: { realmId: string; entity: string } }>(
        "/companies/:realmId/:entity",
        async (req, reply) => {
          const company = state.company(req.params.realmId);
          if (!company) return missing(reply, "company");
          const spec = specByAnyCase(req.params.entity);
          if (!spec) return missing(reply, `entity ${req.params.entity}`);
          return company.all(spec.name);
        },
      );

      scope.get("/apps", async () => state.apps.list());

      scope.post("/apps", async (req, reply) => {
        const parsed = appBody.safeParse(req.body ?? {});
        if (!parsed.success) return bad(reply, parsed.error);
        return reply.code(201).send(state.apps.register(parsed.data));
      });

      scope.put<{ Params: { clientId: string } }>("/apps/:clientId/webhook", async (req, reply) => {
        const parsed = webhookBody.safeParse(req.body ?? {});
        if (!parsed.success) return bad(reply, parsed.error);
        const updated = state.apps.setWebhook(req.params.clientId, parsed.data);
        if (!updated) return missing(reply, "app");
        state.changed();
        return updated;
      });

      scope.delete<{ Params: { clientId: string } }>("/apps/:clientId/webhook", async (req, reply) => {
        if (!state.apps.setWebhook(req.params.clientId, undefined)) return missing(reply, "app");
        state.changed();
        return reply.code(204).send();
      });

      scope.post("/tokens", async (req, reply) => {
        const parsed = tokenBody.safeParse(req.body ?? {});
        if (!parsed.success) return bad(reply, parsed.error);
        const clientId = parsed.data.clientId ?? state.apps.list()[0]?.clientId;
        if (!clientId || !state.apps.get(clientId)) return missing(reply, "app");
        if (!state.company(parsed.data.realmId)) return missing(reply, "company");
        const tokens = state.oauth.grantDirectly(clientId, parsed.data.realmId, parsed.data.scope);
        state.changed();
        return { ...tokens, realmId: parsed.data.realmId };
      });

      scope.get("/clock", async () => ({
        now: new Date(state.now()).toISOString(),
        offsetMs: state.clock.offsetMs,
      }));

      scope.post("/clock/advance", async (req, reply) => {
        const parsed = advanceBody.safeParse(req.body ?? {});
        if (!parsed.success) return bad(reply, parsed.error);
        state.clock.advance((parsed.data.ms ?? 0) + (parsed.data.seconds ?? 0) * 1000);
        state.changed();
        return { now: new Date(state.now()).toISOString(), offsetMs: state.clock.offsetMs };
      });

      scope.get<{ Querystring: { realmId?: string; limit?: string } }>("/requests", async (req) => {
        const limit = req.query.limit ? Number(req.query.limit) : undefined;
        return state.requests.list({
          ...(req.query.realmId ? { realmId: req.query.realmId } : {}),
          ...(limit && Number.isFinite(limit) ? { limit } : {}),
        });
      });

      scope.delete("/requests", async (_req, reply) => {
        state.requests.clear();
        return reply.code(204).send();
      });

      scope.get("/faults", async () => state.faults);

      scope.post("/faults", async (req, reply) => {
        const parsed = faultsBody.safeParse(req.body ?? {});
        if (!parsed.success) return bad(reply, parsed.error);
        state.faults = parsed.data as EmulatorState["faults"];
        return state.faults;
      });

      scope.delete("/faults", async (_req, reply) => {
        state.faults = {};
        return reply.code(204).send();
      });

      scope.get("/limits", async () => state.limits);

      scope.put("/limits", async (req, reply) => {
        const parsed = limitsBody.safeParse(req.body ?? {});
        if (!parsed.success) return bad(reply, parsed.error);
        state.limits = { ...state.limits, ...parsed.data };
        state.limiter.clear();
        return state.limits;
      });

      scope.delete("/limits", async () => {
        state.limits = { ...INTUIT_LIMITS };
        state.limiter.clear();
        return state.limits;
      });

      // Requests in flight per company and app, and the most seen at once: lets a test check that a
      // client keeps under Intuit's concurrency limit, with limits enforced or relaxed.
      scope.get("/usage", async () =>
        state.limiter.usage().map(({ key, ...counts }) => {
          const [realmId, clientId] = key.split("|");
          return { realmId, clientId, ...counts };
        }),
      );

      scope.delete("/usage", async (_req, reply) => {
        state.limiter.resetPeaks();
        return reply.code(204).send();
      });

      scope.get("/webhooks/deliveries", async () => state.webhooks.deliveries());

      scope.post("/webhooks/flush", async () => {
        await state.webhooks.flush();
        return state.webhooks.deliveries();
      });
    },
    { prefix: "/__emulator" },
  );
}
