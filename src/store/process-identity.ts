// Who holds a lock file: a pid alone does not say. After a crash the pid may be handed to another
// program, and in a container the restarted Ledgerlink often gets the very pid of the one that crashed
// (the entry point is pid 1 every time). A holder is therefore recorded as its pid and the moment its
// process started, and is believed to be running only while a process with that pid and that start
// time exists. Where the start time cannot be read, a holder that is not a Node process is not ours.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

export interface ProcessIdentity {
  pid: number;
  /** When the process started, in a form only compared for equality; absent where it cannot be read. */
  startTime?: string | undefined;
}

let self: ProcessIdentity | undefined;

/** This process, as a lock file records it. */
export function currentProcess(): ProcessIdentity {
  self ??= { pid: process.pid, startTime: processStartTime(process.pid) };
  return self;
}

/**
 * Whether the process a lock file names still runs: not when no process has its pid, nor when the pid
 * now belongs to a process that started at another time or (start time unknown) is not Node.
 * The caller decides what a lock naming this very process means: only it knows whether it holds one.
 */
export function isRecordedProcessRunning(holder: ProcessIdentity): boolean {
  if (!Number.isInteger(holder.pid) || holder.pid <= 0 || !pidExists(holder.pid)) return false;
  const startTime = processStartTime(holder.pid);
  if (holder.startTime !== undefined && startTime !== undefined) return holder.startTime === startTime;
  const command = processCommand(holder.pid);
  return command === undefined || /node|ledgerlink/i.test(command);
}

/** Reads `{"pid":…,"startTime":…}` or, as older versions wrote, a bare pid. */
export function parseProcessIdentity(text: string): ProcessIdentity | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { pid: Number(trimmed) };
  try {
    const value = JSON.parse(trimmed) as { pid?: unknown; startTime?: unknown };
    if (typeof value.pid !== "number" || !Number.isInteger(value.pid) || value.pid <= 0) return undefined;
    return { pid: value.pid, startTime: typeof value.startTime === "string" ? value.startTime : undefined };
  } catch {
    return undefined;
  }
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Linux: field 22 of /proc/PID/stat (clock ticks from boot) with the boot's id, since ticks repeat
 * after a reboot. Elsewhere: `ps -o lstart=` (to the second; macOS and the BSDs have it).
 */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = fields[19];
    if (ticks && /^\d+$/.test(ticks)) return `${bootId()}:${ticks}`;
  } catch {
    // No /proc (macOS, BSD), or the process is gone.
  }
  return ps(pid, "lstart=");
}

function processCommand(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim() || undefined;
  } catch {
    return ps(pid, "command=");
  }
}

let boot: string | undefined;
function bootId(): string {
  if (boot === undefined) {
    try {
      boot = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    } catch {
      boot = "";
    }
  }
  return boot;
}

function ps(pid: number, format: string): string | undefined {
  const result = spawnSync("ps", ["-o", format, "-p", String(pid)], { encoding: "utf8", timeout: 2000 });
  const out = result.status === 0 ? result.stdout.trim() : "";
  return out === "" ? undefined : out;
}
