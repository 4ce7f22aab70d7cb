// The checker behind `ledgerlink edi check`: reads a file as a stream (so a file of any size is checked
// in constant memory), lists its interchanges, groups and transaction sets, and gathers every problem —
// the envelope's, and those of the transaction-set layer for the sets it knows.
import { problem } from "./problems.ts";
import { readX12File } from "./reader.ts";
import type { Position, Problem, Severity, TransactionSet } from "./types.ts";

export interface CheckedSet {
  type: string;
  controlNumber: string;
}

export interface CheckedGroup {
  functionalId: string;
  controlNumber: string;
  transactionSets: CheckedSet[];
}

export interface CheckedInterchange {
  controlNumber: string;
  sender: string;
  receiver: string;
  groups: CheckedGroup[];
}

export interface CheckedProblem {
  severity: Severity;
  code: string;
  message: string;
  segment: string | null;
  position: Position | null;
}

export interface CheckedFile {
  file: string;
  interchanges: CheckedInterchange[];
  problems: CheckedProblem[];
}

/** Problems of one received transaction set beyond its envelope (syntax, business rules). */
export type SetCheck = (set: TransactionSet, context: { version: string }) => Problem[];

export interface CheckOptions {
  /** Extra checks run on every set as it is read, e.g. the 850 and 856 business rules. */
  setChecks?: readonly SetCheck[];
}

export async function checkFile(file: string, options: CheckOptions = {}): Promise<CheckedFile> {
  const out: CheckedFile = { file, interchanges: [], problems: [] };
  const add = (p: Problem) => out.problems.push(toChecked(p));
  let group: CheckedGroup | null = null;
  try {
    for await (const e of readX12File(file)) {
      switch (e.type) {
        case "interchange":
          out.interchanges.push({
            controlNumber: e.interchange.controlNumber,
            sender: e.interchange.sender,
            receiver: e.interchange.receiver,
            groups: [],
          });
          break;
        case "group":
          group = {
            functionalId: e.group.functionalId,
            controlNumber: e.group.controlNumber,
            transactionSets: [],
          };
          out.interchanges.at(-1)?.groups.push(group);
          break;
        case "set":
          group?.transactionSets.push({ type: e.set.type, controlNumber: e.set.controlNumber });
          for (const check of options.setChecks ?? []) {
            for (const p of runCheck(check, e.set, e.group.version)) add(p);
          }
          break;
        case "problem":
          add(e.problem);
          break;
      }
    }
  } catch (err) {
    add(problem("error", "FILE_UNREADABLE", `Cannot read ${file}: ${whyUnreadable(err)}`));
  }
  // A file with nothing in it is no valid interchange: an upload or a transfer that went wrong.
  if (out.interchanges.length === 0 && out.problems.length === 0) {
    add(problem("error", "FILE_EMPTY", `${file} is empty: it holds no X12 interchange`));
  }
  // Envelope problems are found before the set they concern is complete: list everything in file order.
  const at = (p: CheckedProblem) => p.position?.offset ?? Number.MAX_SAFE_INTEGER;
  out.problems.sort((a, b) => at(a) - at(b));
  return out;
}

/** Why a file cannot be read, in words (the system's message where there are none for its code). */
function whyUnreadable(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case "ENOENT":
      return "there is no such file";
    case "EISDIR":
      return "it is a folder, not a file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    default:
      return e.message;
  }
}

/** A check that fails is reported as a problem of the set, never as a crash of the whole run. */
function runCheck(check: SetCheck, set: TransactionSet, version: string): Problem[] {
  try {
    return check(set, { version });
  } catch (err) {
    return [
      problem(
        "error",
        "CHECK_FAILED",
        `Transaction set ${set.type} ${set.controlNumber} could not be checked: ${(err as Error).message}`,
        "ST",
        set.segments[0]?.position,
      ),
    ];
  }
}

function toChecked(p: Problem): CheckedProblem {
  return {
    severity: p.severity,
    code: p.code,
    message: p.message,
    segment: p.segment ?? null,
    position: p.position ?? null,
  };
}

export function hasErrors(files: readonly CheckedFile[]): boolean {
  return files.some((f) => f.problems.some((p) => p.severity === "error"));
}

/** The human-readable report: the envelope tree of each file, then its problems. */
export function formatCheck(files: readonly CheckedFile[]): string {
  const lines: string[] = [];
  for (const f of files) {
    lines.push(f.file);
    for (const ic of f.interchanges) {
      lines.push(`  interchange ${ic.controlNumber}  ${ic.sender} -> ${ic.receiver}`);
      for (const g of ic.groups) {
        lines.push(
          `    group ${g.functionalId} ${g.controlNumber}  (${count(g.transactionSets.length, "set")})`,
        );
        for (const s of g.transactionSets) lines.push(`      ${s.type} ${s.controlNumber}`);
      }
    }
    if (f.interchanges.length === 0) lines.push("  no interchange");
    for (const p of f.problems) {
      const where = [p.segment, p.position ? `segment ${p.position.segment} (byte ${p.position.offset})` : ""]
        .filter(Boolean)
        .join(" ");
      lines.push(`  ${p.severity.padEnd(7)} ${p.code}  ${where ? `${where}: ` : ""}${p.message}`);
    }
    const errors = f.problems.filter((p) => p.severity === "error").length;
    const warnings = f.problems.length - errors;
    lines.push(`  ${count(errors, "error")}, ${count(warnings, "warning")}`, "");
  }
  return lines.join("\n");
}

/** "1 set", "2 sets", "0 errors". */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
