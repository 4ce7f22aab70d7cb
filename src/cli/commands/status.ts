// `ledgerlink status`: where the data is, whether a server is running on it, each company's record
// counts, and the latest jobs.
import type { Command } from "commander";
import { action, configFrom, print, withDataOption } from "../cli.ts";
import { openOperations } from "../operations.ts";

export function register(program: Command) {
  withDataOption(
    program
      .command("status")
      .description("show the database, a running server, record counts per company and recent jobs")
      .option("--company <id>", "only this company")
      .option("--json", "print JSON"),
  ).action(
    action(async (flags: { data?: string; company?: string; json?: boolean }) => {
      const ops = await openOperations(configFrom(flags), { readOnly: true });
      try {
        const companies = (await ops.listCompanies()).filter((c) => !flags.company || c.id === flags.company);
        const perCompany = [];
        for (const c of companies) {
          const collections = await ops.collections(c.id);
          perCompany.push({ ...c, collections: collections.ok ? collections.value : [] });
        }
        const jobs = await ops.jobs({ companyId: flags.company, limit: 10 });
        if (flags.json) {
          print(
            `${JSON.stringify({ via: ops.via, where: ops.where, companies: perCompany, jobs: jobs.items })}\n`,
          );
          return;
        }
        const out: string[] = [
          ops.via === "server"
            ? `Server running at ${ops.where}`
            : `No server running; database at ${ops.where}`,
        ];
        if (perCompany.length === 0) out.push("", "No companies yet: ledgerlink company create NAME");
        for (const c of perCompany) {
          out.push("", `${c.name}  (${c.id})`);
          const counted = c.collections.filter((x) => x.count > 0);
          if (counted.length === 0) out.push("  no records yet");
          for (const x of counted) out.push(`  ${x.label.padEnd(18)} ${String(x.count).padStart(7)}`);
        }
        out.push("", jobs.items.length ? "Recent jobs:" : "No jobs have run yet.");
        for (const j of jobs.items) {
          out.push(
            `  ${j.startedAt}  ${j.type.padEnd(16)} ${j.outcome.padEnd(9)} ${j.companyName ?? ""}${j.summary ? `  ${j.summary}` : ""}${j.batch ? ` (${batchOutcomes(j.batch.outcomes)})` : ""}${j.error ? `  ${j.error}` : ""}`,
          );
        }
        print(`${out.join("\n")}\n`);
      } finally {
        await ops.close();
      }
    }),
  );
}

/** "998 succeeded, 2 failed": a bulk request's or an import's jobs by outcome. */
function batchOutcomes(outcomes: Record<string, number | undefined>): string {
  return Object.entries(outcomes)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(
      ([outcome, n]) =>
        `${(n ?? 0).toLocaleString("en-US")} ${outcome === "queued" ? "waiting to run" : outcome}`,
    )
    .join(", ");
}
