// The seam between the EDI flows and the places files come from and go to: a local folder pair or an
// SFTP server. The flows see only this interface; each transport keeps its own guarantees below it.
//
// Exactly-once pickup is shared work. A transport leaves a file in the inbox until `markDone` or
// `markFailed` moves it, so a process that dies between reading a file and marking it meets the same
// file again on the next poll: the receiver recognises it by its content digest (`pickup.ts` hands it
// one) and stores a message once. Moving a file away is the last step, never the first.

/** A file waiting in a transport's inbox. `name` is the base name there, the file's identity. */
export interface InboundFile {
  readonly name: string;
  readonly size: number;
  readonly modifiedAt: Date;
}

/** One thing *Test connection* tried: connect, authenticate, list the inbox, write to the outbox. */
export interface TestStep {
  readonly step: TestStepName;
  readonly ok: boolean;
  /** What happened, in words a user can act on ("listed 3 files", "permission denied"). */
  readonly detail: string;
}
export const testStepNames = ["connect", "authenticate", "host key", "list inbox", "write outbox"] as const;
export type TestStepName = (typeof testStepNames)[number];

export interface TestReport {
  /** Every step that was tried succeeded and none was skipped. */
  readonly ok: boolean;
  readonly steps: TestStep[];
}

export interface Transport {
  readonly kind: "folder" | "sftp";
  /**
   * How many of `markDone`, `markFailed` and `send` may run at once (each on a different file): a
   * folder's overlap, one SFTP session's do not.
   */
  readonly parallel: number;
  /** Files waiting in the inbox, oldest first. In-progress uploads (dot-files, `.tmp`, `.part`) are left out. */
  list(): Promise<InboundFile[]>;
  read(file: InboundFile): Promise<Buffer>;
  /** Moves a processed file out of the inbox into the archive, under `archiveName` when given. */
  markDone(file: InboundFile, archiveName?: string): Promise<void>;
  /** Moves a file that can not be processed into the failed folder, its reason in `NAME.error.txt` beside it. */
  markFailed(file: InboundFile, reason: string): Promise<void>;
  /** Writes a file to the outbox so that the partner sees it whole or not at all (temporary name, then rename). */
  send(name: string, bytes: Buffer): Promise<void>;
  /** Tries each step and reports what worked and what did not; never throws. */
  test(): Promise<TestReport>;
  close(): Promise<void>;
}

/** Failures a transport reports with a code, so the flows and the API can tell them apart. */
export type TransportErrorCode =
  | "TRANSPORT_UNREACHABLE"
  | "TRANSPORT_AUTH_FAILED"
  | "TRANSPORT_HOST_KEY_CHANGED"
  | "TRANSPORT_NOT_FOUND"
  | "TRANSPORT_PERMISSION_DENIED"
  | "TRANSPORT_BAD_NAME"
  | "TRANSPORT_IO";

export class TransportError extends Error {
  constructor(
    readonly code: TransportErrorCode,
    message: string,
    /** Whether trying again later can help (a dropped connection can; a changed host key can not). */
    readonly retryable: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "TransportError";
  }
}

/** Names a partner may still be writing: hidden files and the usual in-progress suffixes. */
export function isInProgressName(name: string): boolean {
  return name.startsWith(".") || /\.(tmp|part|filepart|partial)$/i.test(name);
}

/** A file name we put in a folder: a plain base name, no path, nothing hidden, no control characters. */
export function checkFileName(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  if (!name || name === "." || name === ".." || /[/\\\u0000-\u001f]/.test(name) || name.startsWith(".")) {
    throw new TransportError(
      "TRANSPORT_BAD_NAME",
      `file name ${JSON.stringify(name)} is not a plain file name (no folders, no leading dot, no control characters)`,
      false,
    );
  }
  return name;
}

export function reportOf(steps: TestStep[]): TestReport {
  return { ok: steps.length > 0 && steps.every((s) => s.ok), steps };
}
