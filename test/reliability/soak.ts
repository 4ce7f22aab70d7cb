// `npm run soak`: the reliability scenarios at full size, on the embedded database and (when it
// answers) on the PostgreSQL server. Prints each scenario's figures and any broken promise; exits 1 if
// one broke. About 25 minutes on a busy two-core machine, most of it the kills and the 50,000-job backlog.
import { serverUnavailableReason } from "../helpers/db.ts";
import { createTarget, startLedgerlink } from "./harness.ts";
import {
  bodyTimeoutEnv,
  crashDuringBulkWrites,
  loginBurst,
  mixedLoad,
  overlappingBulks,
  type Report,
  restartWithBacklog,
  slowBodyClient,
} from "./scenarios.ts";

const serverSkip = await serverUnavailableReason();
let broken = 0;

function print(name: string, report: Report): void {
  for (const line of report.lines) console.log(line);
  for (const problem of report.problems) console.log(`  BROKEN (${name}): ${problem}`);
  broken += report.problems.length;
}

for (const kind of ["embedded", "server"] as const) {
  if (kind === "server" && serverSkip) {
    console.log(`skipping the PostgreSQL server: ${serverSkip}`);
    continue;
  }
  console.log(`\n=== ${kind} database (${new Date().toISOString()}) ===`);
  const target = await createTarget(kind);
  try {
    print(
      "crash",
      await crashDuringBulkWrites(target, { trials: 10, writers: 4, batchSize: 200, killAfterAcks: 10 }),
    );
    print(
      "backlog",
      await restartWithBacklog(target, { jobs: 50_000, probeMs: 15_000, answerWithinMs: 60_000 }),
    );
    const server = { ...(await startLedgerlink(target, { env: bodyTimeoutEnv(1000) })), kind };
    try {
      print("overlap", await overlappingBulks(server, { requests: 60, records: 500 }));
      print("slow body", await slowBodyClient(server, { bodyTimeoutMs: 1000 }));
      print("mixed load", await mixedLoad(server, { seconds: 60, clients: 8, seed: 2000 }));
      print("login burst", await loginBurst(server, { attempts: 100 }));
    } finally {
      await server.stop();
    }
  } finally {
    await target.cleanup();
  }
}
console.log(broken === 0 ? "\nEvery promise held." : `\n${broken} broken promise(s) above.`);
process.exit(broken === 0 ? 0 : 1);
