// `npm run chaos`: the chaos run at full size (2,000 documents, three workers, one killed every 9 s).
// Prints the counts; exits 1 if anything is missing, duplicated or wrong. Needs the PostgreSQL server.
import { serverUnavailableReason } from "../helpers/db.ts";
import { runChaos } from "./chaos.ts";

const skip = await serverUnavailableReason();
if (skip) {
  console.log(`The chaos run needs a PostgreSQL server: ${skip}`);
  process.exit(1);
}
const documents = Number(process.argv[2] ?? 2000);
const report = await runChaos({
  documents,
  workers: 3,
  killEveryMs: 9000,
  faults: { dropResponseAfterCommit: 0.1, serverError: 0.05, throttle: 0.05 },
  timeoutMs: 60 * 60 * 1000,
  log: (line) => console.log(`  ${line}`),
});
for (const line of report.lines) console.log(line);
for (const problem of report.problems) console.log(`BROKEN: ${problem}`);
process.exit(report.problems.length > 0 ? 1 : 0);
