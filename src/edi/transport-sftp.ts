// The SFTP transport, on the `ssh2` package's client: one connection kept open between operations and
// opened again after it drops. The remote inbox, outbox, archive and failed folders mirror the folder
// transport's, and so do the guarantees: a file leaves the inbox by one rename after it was stored,
// and a sent file appears under its name only when it is whole.
//
// Host keys are pinned on first use. The first connection to a server records its key's SHA-256
// fingerprint (through `onHostKeyPinned`, which the connection's owner stores); every later
// connection must present the same key or is refused before any password or key is sent.

import { createHash } from "node:crypto";
import { posix } from "node:path";
import ssh2 from "ssh2";
import {
  checkFileName,
  type InboundFile,
  isInProgressName,
  reportOf,
  type TestReport,
  type TestStep,
  type Transport,
  TransportError,
} from "./transport.ts";

const { Client } = ssh2;

export interface SftpTransportOptions {
  host: string;
  port?: number;
  username: string;
  password?: string;
  /** A private key in OpenSSH or PEM form, used instead of (or before) the password. */
  privateKey?: string;
  passphrase?: string;
  /** Remote folders; `archive` and `failed` default to folders of those names inside `inbox`. */
  inbox: string;
  outbox: string;
  archive?: string;
  failed?: string;
  /** The pinned host key fingerprint (`SHA256:…`); none yet means the first connection pins it. */
  hostKey?: string;
  /** Called once with the fingerprint a first connection pinned, before anything is sent to the server. */
  onHostKeyPinned?: (fingerprint: string) => void | Promise<void>;
  /** How long connecting (TCP, handshake and sign-in) may take. */
  connectTimeoutMs?: number;
}

interface Session {
  client: ssh2.Client;
  sftp: ssh2.SFTPWrapper;
  alive: boolean;
  /** Rejects when the connection closes: requests in flight then get no answer of their own. */
  closed: Promise<never>;
}

/** Where a connection attempt got to, for *Test connection* and for errors in words. */
interface Progress {
  socket: boolean;
  hostKey?: { fingerprint: string; verdict: "matched" | "pinned" | "changed" };
  signedIn: boolean;
}

/** `SHA256:` and the unpadded base64 digest of the key, as `ssh-keygen -l` and OpenSSH print it. */
export function hostKeyFingerprint(key: Buffer): string {
  return `SHA256:${createHash("sha256").update(key).digest("base64").replace(/=+$/, "")}`;
}

export function sftpTransport(options: SftpTransportOptions): Transport {
  const port = options.port ?? 22;
  const where = `${options.host}:${port}`;
  const inbox = posix.normalize(options.inbox);
  const outbox = posix.normalize(options.outbox);
  const archive = posix.normalize(options.archive ?? posix.join(inbox, "archive"));
  const failed = posix.normalize(options.failed ?? posix.join(inbox, "failed"));
  let pinned = options.hostKey;
  let current: Promise<Session> | undefined;

  function open(progress: Progress): Promise<Session> {
    return new Promise<Session>((resolve, reject) => {
      const client = new Client();
      let settled = false;
      const fail = (error: TransportError) => {
        if (settled) return;
        settled = true;
        client.end();
        reject(error);
      };
      client.on("connect", () => {
        progress.socket = true;
      });
      client.on("error", (error: Error & { level?: string }) =>
        fail(connectError(error, progress, where, pinned)),
      );
      client.on("close", () => fail(connectError(new Error("connection closed"), progress, where, pinned)));
      client.on("ready", () => {
        progress.signedIn = true;
        client.sftp((error, sftp) => {
          if (error)
            return fail(
              new TransportError("TRANSPORT_UNREACHABLE", `${where}: SFTP refused: ${error.message}`, true),
            );
          let closing: (error: Error) => void = () => {};
          const closed = new Promise<never>((_, rejectClosed) => {
            closing = rejectClosed;
          });
          closed.catch(() => {});
          const session: Session = { client, sftp, alive: true, closed };
          client.removeAllListeners("close");
          client.removeAllListeners("error");
          client.on("error", () => {});
          client.on("close", () => {
            session.alive = false;
            closing(new Error("connection closed"));
          });
          settled = true;
          resolve(session);
        });
      });
      client.connect({
        host: options.host,
        port,
        username: options.username,
        password: options.password,
        privateKey: options.privateKey,
        passphrase: options.passphrase,
        readyTimeout: options.connectTimeoutMs ?? 20_000,
        keepaliveInterval: 15_000,
        hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
          const fingerprint = hostKeyFingerprint(key);
          if (pinned === undefined) {
            progress.hostKey = { fingerprint, verdict: "pinned" };
            Promise.resolve(options.onHostKeyPinned?.(fingerprint)).then(
              () => {
                pinned = fingerprint;
                verify(true);
              },
              () => verify(false),
            );
            return;
          }
          progress.hostKey = { fingerprint, verdict: fingerprint === pinned ? "matched" : "changed" };
          verify(fingerprint === pinned);
        },
      } as ssh2.ConnectConfig);
    });
  }

  async function session(): Promise<Session> {
    const existing = current && (await current.catch(() => undefined));
    if (existing?.alive) return existing;
    current = open({ socket: false, signedIn: false });
    current.catch(() => {
      current = undefined;
    });
    return current;
  }

  /**
   * Runs one operation on the open connection. When the connection drops under an operation that
   * is safe to repeat (listing, reading, sending under a fixed temporary name), it is tried once more
   * on a new connection; otherwise the error says the connection dropped and that a later try may help.
   */
  async function withSftp<T>(
    what: string,
    work: (sftp: ssh2.SFTPWrapper) => Promise<T>,
    repeatable: boolean,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const s = await session();
      try {
        return await Promise.race([work(s.sftp), s.closed]);
      } catch (error) {
        const dropped = !s.alive || isDropped(error);
        if (dropped) {
          s.alive = false;
          s.client.end();
          if (repeatable && attempt === 1) continue;
        }
        throw sftpError(error, what, dropped, where);
      }
    }
  }

  async function ensureFolder(sftp: ssh2.SFTPWrapper, folder: string): Promise<void> {
    const exists = await call<ssh2.Stats>((cb) => sftp.stat(folder, cb)).then(
      () => true,
      (error) => {
        if (statusOf(error) === NO_SUCH_FILE) return false;
        throw error;
      },
    );
    if (!exists) {
      await call<void>((cb) => sftp.mkdir(folder, cb)).catch(async (error) => {
        // Made by another poller in the meantime is as good as made.
        if (!(await call<ssh2.Stats>((cb) => sftp.stat(folder, cb)).catch(() => undefined))) throw error;
      });
    }
  }

  /** Renames into `folder` under `name`, or `name-2`… when taken: an SFTP rename never replaces a file. */
  async function moveWithoutOverwrite(
    sftp: ssh2.SFTPWrapper,
    file: InboundFile,
    folder: string,
    name: string,
  ) {
    await ensureFolder(sftp, folder);
    const source = posix.join(inbox, checkFileName(file.name));
    for (let n = 1; n < 1000; n++) {
      const target = posix.join(folder, n === 1 ? name : numbered(name, n));
      try {
        await call<void>((cb) => sftp.rename(source, target, cb));
        return target;
      } catch (error) {
        if (statusOf(error) === NO_SUCH_FILE) throw error;
        const taken = await call<ssh2.Stats>((cb) => sftp.stat(target, cb)).then(
          () => true,
          () => false,
        );
        if (!taken) throw error;
      }
    }
    throw new TransportError("TRANSPORT_IO", `${where}: no free name for ${name} in ${folder}`, false);
  }

  async function writeWhole(sftp: ssh2.SFTPWrapper, folder: string, name: string, bytes: Buffer) {
    const target = posix.join(folder, name);
    // A fixed temporary name: a send repeated after a dropped connection overwrites its own leftovers.
    const temporary = posix.join(folder, `.${name}.ledgerlink.tmp`);
    await call<void>((cb) => sftp.writeFile(temporary, bytes, cb));
    try {
      await call<void>((cb) => sftp.rename(temporary, target, cb));
    } catch (error) {
      const exists = await call<ssh2.Stats>((cb) => sftp.stat(target, cb)).then(
        () => true,
        () => false,
      );
      if (!exists) throw error;
      // A resend under the same name: SFTP version 3 will not rename over it, so it goes first.
      await call<void>((cb) => sftp.unlink(target, cb));
      await call<void>((cb) => sftp.rename(temporary, target, cb));
    }
  }

  return {
    kind: "sftp",
    parallel: 1,

    list: () =>
      withSftp(
        `listing ${inbox}`,
        async (sftp) => {
          const entries = await call<ssh2.FileEntry[]>((cb) => sftp.readdir(inbox, cb));
          return entries
            .filter((e) => isRegularFile(e.attrs.mode) && !isInProgressName(e.filename))
            .map((e) => ({
              name: e.filename,
              size: e.attrs.size,
              modifiedAt: new Date(e.attrs.mtime * 1000),
            }))
            .sort(
              (a, b) =>
                a.modifiedAt.getTime() - b.modifiedAt.getTime() ||
                (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
            );
        },
        true,
      ),

    read: (file) =>
      withSftp(
        `reading ${posix.join(inbox, file.name)}`,
        (sftp) => call<Buffer>((cb) => sftp.readFile(posix.join(inbox, checkFileName(file.name)), cb)),
        true,
      ),

    async markDone(file, archiveName) {
      await withSftp(
        `archiving ${file.name}`,
        (sftp) => moveWithoutOverwrite(sftp, file, archive, checkFileName(archiveName ?? file.name)),
        false,
      );
    },

    async markFailed(file, reason) {
      await withSftp(
        `moving ${file.name} to ${failed}`,
        async (sftp) => {
          const target = await moveWithoutOverwrite(sftp, file, failed, file.name);
          await writeWhole(
            sftp,
            failed,
            `${posix.basename(target)}.error.txt`,
            Buffer.from(`${reason}\n`, "utf8"),
          );
        },
        false,
      );
    },

    async send(name, bytes) {
      checkFileName(name);
      await withSftp(`sending ${name} to ${outbox}`, (sftp) => writeWhole(sftp, outbox, name, bytes), true);
    },

    test: () => testSftp(),

    async close() {
      const s = current && (await current.catch(() => undefined));
      current = undefined;
      s?.client.end();
    },
  };

  async function testSftp(): Promise<TestReport> {
    const progress: Progress = { socket: false, signedIn: false };
    const steps: TestStep[] = [];
    let s: Session | undefined;
    let failure: TransportError | undefined;
    try {
      s = await open(progress);
    } catch (error) {
      failure = error instanceof TransportError ? error : sftpError(error, "connecting", false, where);
    }
    steps.push({
      step: "connect",
      ok: progress.socket,
      detail: progress.socket ? `${where} answered` : (failure?.message ?? `${where} did not answer`),
    });
    if (progress.hostKey) {
      const { fingerprint, verdict } = progress.hostKey;
      steps.push({
        step: "host key",
        ok: verdict !== "changed",
        detail:
          verdict === "changed"
            ? (failure?.message ?? `host key changed to ${fingerprint}`)
            : verdict === "pinned"
              ? `first connection: pinned ${fingerprint}`
              : `matches the pinned ${fingerprint}`,
      });
    }
    if (progress.hostKey && progress.hostKey.verdict !== "changed") {
      steps.push({
        step: "authenticate",
        ok: progress.signedIn,
        detail: progress.signedIn
          ? `signed in as ${options.username}`
          : (failure?.message ?? `${options.username} was not accepted`),
      });
    }
    if (s) {
      const sftp = s.sftp;
      try {
        const entries = await call<ssh2.FileEntry[]>((cb) => sftp.readdir(inbox, cb));
        const waiting = entries.filter(
          (e) => isRegularFile(e.attrs.mode) && !isInProgressName(e.filename),
        ).length;
        steps.push({
          step: "list inbox",
          ok: true,
          detail: `${inbox}: ${waiting} file${waiting === 1 ? "" : "s"} waiting`,
        });
      } catch (error) {
        steps.push({
          step: "list inbox",
          ok: false,
          detail: sftpError(error, `listing ${inbox}`, false, where).message,
        });
      }
      const probe = posix.join(outbox, `.ledgerlink-test-${Date.now().toString(36)}`);
      try {
        await call<void>((cb) => sftp.writeFile(probe, Buffer.from("test\n"), cb));
        await call<void>((cb) => sftp.unlink(probe, cb));
        steps.push({ step: "write outbox", ok: true, detail: `${outbox}: wrote and removed a test file` });
      } catch (error) {
        steps.push({
          step: "write outbox",
          ok: false,
          detail: sftpError(error, `writing to ${outbox}`, false, where).message,
        });
      }
      s.client.end();
    }
    return reportOf(steps);
  }
}

const NO_SUCH_FILE = 2;
const PERMISSION_DENIED = 3;

function call<T>(start: (callback: (error: Error | null | undefined, value: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) =>
    start((error, value) => (error ? reject(error) : resolve(value))),
  );
}

const statusOf = (error: unknown) =>
  typeof error === "object" && error !== null && "code" in error
    ? (error as { code: unknown }).code
    : undefined;

function isRegularFile(mode: number | undefined): boolean {
  return mode === undefined || (mode & 0o170000) === 0o100000;
}

function numbered(name: string, n: number): string {
  const ext = posix.extname(name);
  return ext ? `${name.slice(0, -ext.length)}-${n}${ext}` : `${name}-${n}`;
}

/** The ssh2 client's words for a request that died with its connection. */
function isDropped(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /no response from server|not connected|channel (is )?(not open|closed)|ECONNRESET|EPIPE|connection (lost|closed)|connection closed/i.test(
    message,
  );
}

function sftpError(error: unknown, what: string, dropped: boolean, where: string): TransportError {
  if (error instanceof TransportError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (dropped)
    return new TransportError(
      "TRANSPORT_UNREACHABLE",
      `${where}: the connection dropped while ${what}; it is tried again`,
      true,
      {
        cause: error,
      },
    );
  const status = statusOf(error);
  if (status === NO_SUCH_FILE)
    return new TransportError("TRANSPORT_NOT_FOUND", `${where}: ${what}: no such file or folder`, false, {
      cause: error,
    });
  if (status === PERMISSION_DENIED)
    return new TransportError("TRANSPORT_PERMISSION_DENIED", `${where}: ${what}: permission denied`, false, {
      cause: error,
    });
  return new TransportError("TRANSPORT_IO", `${where}: ${what}: ${message}`, true, { cause: error });
}

function connectError(
  error: Error & { level?: string },
  progress: Progress,
  where: string,
  pinned: string | undefined,
): TransportError {
  if (progress.hostKey?.verdict === "changed") {
    return new TransportError(
      "TRANSPORT_HOST_KEY_CHANGED",
      `${where} presented host key ${progress.hostKey.fingerprint}, not the pinned ${pinned}: refused before signing in. ` +
        "If the partner has changed its server's key, confirm the new fingerprint with them, then choose Forget host key on the connection (POST …/edi/connections/{connection}/forget-host-key) and test it again to pin the new one; otherwise something may be in between.",
      false,
      { cause: error },
    );
  }
  if (
    error.level === "client-authentication" ||
    (progress.hostKey && !progress.signedIn && /authentication/i.test(error.message))
  ) {
    return new TransportError(
      "TRANSPORT_AUTH_FAILED",
      `${where}: signing in was refused (${error.message}); check the user name and its password or key`,
      false,
      { cause: error },
    );
  }
  if (error.level === "client-timeout")
    return new TransportError(
      "TRANSPORT_UNREACHABLE",
      `${where}: no answer in time (${error.message})`,
      true,
      { cause: error },
    );
  return new TransportError("TRANSPORT_UNREACHABLE", `${where}: could not connect: ${error.message}`, true, {
    cause: error,
  });
}
