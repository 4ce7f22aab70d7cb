// An SFTP server on loopback for tests, built on the `ssh2` package's server: a folder on disk seen as
// the remote root, password and public-key users, a host key of its own, and faults on demand (a
// connection cut in the middle of a transfer). Renames refuse an existing target, as OpenSSH's do.
import { createHash } from "node:crypto";
import { constants, promises as fs } from "node:fs";
import type { AddressInfo } from "node:net";
import { join, posix } from "node:path";
import ssh2 from "ssh2";

const { Server, utils } = ssh2;
const STATUS = utils.sftp.STATUS_CODE;

export interface SftpUser {
  username: string;
  password?: string;
  /** The user's public key in OpenSSH form (`ssh-ed25519 AAAA…`). */
  publicKey?: string;
}

export interface TestSftpServer {
  readonly port: number;
  /** `SHA256:…`, as `ssh-keygen -l` prints it. */
  readonly fingerprint: string;
  /**
   * Cuts the connection of the next client that reads or writes a file whose path contains this text
   * (a write lands half its bytes first), or that renames such a file (before the rename happens).
   */
  cutNext(operation: Operation, pathContains: string): void;
  /** Connections cut so far by the two calls above. */
  readonly cuts: number;
  close(): Promise<void>;
}

/** A new host key pair in OpenSSH form. */
export function newKeyPair(): { privateKey: string; publicKey: string } {
  const pair = utils.generateKeyPairSync("ed25519");
  return { privateKey: pair.private, publicKey: pair.public };
}

export async function startSftpServer(options: {
  root: string;
  users: SftpUser[];
  hostKey?: string;
  /** A fixed port (to stand in for a server that was there before); any free one when not given. */
  port?: number;
}): Promise<TestSftpServer> {
  const hostKey = options.hostKey ?? newKeyPair().privateKey;
  const parsedHostKey = utils.parseKey(hostKey);
  if (parsedHostKey instanceof Error) throw parsedHostKey;
  const fingerprint = `SHA256:${createHash("sha256").update(parsedHostKey.getPublicSSH()).digest("base64").replace(/=+$/, "")}`;
  const faults: Faults = { cuts: 0 };
  const clients = new Set<ssh2.Connection>();

  const server = new Server({ hostKeys: [hostKey] }, (client) => {
    clients.add(client);
    client.on("close", () => clients.delete(client));
    client.on("error", () => {});
    client.on("authentication", (ctx) => {
      const user = options.users.find((u) => u.username === ctx.username);
      if (!user) return ctx.reject();
      if (ctx.method === "password" && user.password !== undefined && ctx.password === user.password)
        return ctx.accept();
      if (ctx.method === "publickey" && user.publicKey) {
        const allowed = utils.parseKey(user.publicKey);
        if (allowed instanceof Error) return ctx.reject();
        if (ctx.key.algo !== allowed.type || !ctx.key.data.equals(allowed.getPublicSSH()))
          return ctx.reject();
        if (ctx.signature && ctx.blob && allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true)
          return ctx.reject();
        return ctx.accept();
      }
      return ctx.reject(["password", "publickey"]);
    });
    client.on("ready", () => {
      client.on("session", (acceptSession) => {
        const session = acceptSession();
        session.on("sftp", (acceptSftp) => serveSftp(acceptSftp(), options.root, faults, () => client.end()));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    fingerprint,
    cutNext: (operation, text) => {
      faults[operation] = text;
    },
    get cuts() {
      return faults.cuts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of clients) client.end();
        server.close(() => resolve());
      }),
  };
}

type Operation = "read" | "write" | "rename";
type Faults = { [op in Operation]?: string } & { cuts: number };

type Handle =
  | { kind: "file"; fd: fs.FileHandle; path: string }
  | { kind: "dir"; path: string; sent: boolean };

function serveSftp(sftp: ssh2.SFTPWrapper, root: string, faults: Faults, cut: () => void): void {
  const handles = new Map<number, Handle>();
  let nextHandle = 1;
  const virtual = (path: string) => posix.normalize(posix.join("/", path));
  const real = (path: string) => join(root, virtual(path));
  const handleOf = (buffer: Buffer) => handles.get(buffer.readUInt32BE(0));
  const newHandle = (h: Handle) => {
    const id = nextHandle++;
    handles.set(id, h);
    const buffer = Buffer.alloc(4);
    buffer.writeUInt32BE(id);
    return buffer;
  };
  const fail = (reqid: number, error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    sftp.status(
      reqid,
      code === "ENOENT" ? STATUS.NO_SUCH_FILE : code === "EACCES" ? STATUS.PERMISSION_DENIED : STATUS.FAILURE,
      String((error as Error).message),
    );
  };
  const attrsOf = (s: import("node:fs").Stats) => ({
    mode: s.mode,
    uid: s.uid,
    gid: s.gid,
    size: s.size,
    atime: Math.floor(s.atimeMs / 1000),
    mtime: Math.floor(s.mtimeMs / 1000),
  });
  const run = (reqid: number, work: () => Promise<void>) => {
    work().catch((error) => fail(reqid, error));
  };

  sftp.on("close", () => {
    for (const h of handles.values()) if (h.kind === "file") h.fd.close().catch(() => {});
    handles.clear();
  });
  sftp.on("REALPATH", (reqid, path) => {
    const p = virtual(path);
    sftp.name(reqid, [{ filename: p, longname: p, attrs: {} as ssh2.Attributes }]);
  });
  sftp.on("STAT", (reqid, path) =>
    run(reqid, async () => sftp.attrs(reqid, attrsOf(await fs.stat(real(path))))),
  );
  sftp.on("LSTAT", (reqid, path) =>
    run(reqid, async () => sftp.attrs(reqid, attrsOf(await fs.lstat(real(path))))),
  );
  sftp.on("FSTAT", (reqid, handle) =>
    run(reqid, async () => {
      const h = handleOf(handle);
      if (h?.kind !== "file") return sftp.status(reqid, STATUS.FAILURE, "bad handle");
      sftp.attrs(reqid, attrsOf(await h.fd.stat()));
    }),
  );
  sftp.on("SETSTAT", (reqid) => sftp.status(reqid, STATUS.OK));
  sftp.on("FSETSTAT", (reqid) => sftp.status(reqid, STATUS.OK));
  sftp.on("OPEN", (reqid, filename, flags) =>
    run(reqid, async () => {
      const mode = utils.sftp.flagsToString(flags) ?? "r";
      const fd = await fs.open(real(filename), mode);
      sftp.handle(reqid, newHandle({ kind: "file", fd, path: virtual(filename) }));
    }),
  );
  sftp.on("READ", (reqid, handle, offset, length) =>
    run(reqid, async () => {
      const h = handleOf(handle);
      if (h?.kind !== "file") return sftp.status(reqid, STATUS.FAILURE, "bad handle");
      if (faults.read && h.path.includes(faults.read)) {
        faults.read = undefined;
        faults.cuts++;
        return cut();
      }
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await h.fd.read(buffer, 0, length, offset);
      if (bytesRead === 0) return sftp.status(reqid, STATUS.EOF);
      sftp.data(reqid, buffer.subarray(0, bytesRead));
    }),
  );
  sftp.on("WRITE", (reqid, handle, offset, data) =>
    run(reqid, async () => {
      const h = handleOf(handle);
      if (h?.kind !== "file") return sftp.status(reqid, STATUS.FAILURE, "bad handle");
      if (faults.write && h.path.includes(faults.write)) {
        // Half the bytes land, then the line goes dead: a partial file is left behind.
        faults.write = undefined;
        faults.cuts++;
        await h.fd.write(data, 0, Math.floor(data.length / 2), offset);
        return cut();
      }
      await h.fd.write(data, 0, data.length, offset);
      sftp.status(reqid, STATUS.OK);
    }),
  );
  sftp.on("CLOSE", (reqid, handle) =>
    run(reqid, async () => {
      const id = handle.readUInt32BE(0);
      const h = handles.get(id);
      handles.delete(id);
      if (h?.kind === "file") await h.fd.close();
      sftp.status(reqid, STATUS.OK);
    }),
  );
  sftp.on("OPENDIR", (reqid, path) =>
    run(reqid, async () => {
      const info = await fs.stat(real(path));
      if (!info.isDirectory()) return sftp.status(reqid, STATUS.FAILURE, "not a directory");
      sftp.handle(reqid, newHandle({ kind: "dir", path: virtual(path), sent: false }));
    }),
  );
  sftp.on("READDIR", (reqid, handle) =>
    run(reqid, async () => {
      const h = handleOf(handle);
      if (h?.kind !== "dir") return sftp.status(reqid, STATUS.FAILURE, "bad handle");
      if (h.sent) return sftp.status(reqid, STATUS.EOF);
      h.sent = true;
      const names = [];
      for (const name of await fs.readdir(real(h.path))) {
        const info = await fs.lstat(join(real(h.path), name));
        names.push({ filename: name, longname: name, attrs: attrsOf(info) });
      }
      sftp.name(reqid, names);
    }),
  );
  sftp.on("REMOVE", (reqid, path) =>
    run(reqid, async () => {
      await fs.unlink(real(path));
      sftp.status(reqid, STATUS.OK);
    }),
  );
  sftp.on("RMDIR", (reqid, path) =>
    run(reqid, async () => {
      await fs.rmdir(real(path));
      sftp.status(reqid, STATUS.OK);
    }),
  );
  sftp.on("MKDIR", (reqid, path) =>
    run(reqid, async () => {
      await fs.mkdir(real(path));
      sftp.status(reqid, STATUS.OK);
    }),
  );
  sftp.on("RENAME", (reqid, from, to) =>
    run(reqid, async () => {
      if (faults.rename && virtual(from).includes(faults.rename)) {
        faults.rename = undefined;
        faults.cuts++;
        return cut();
      }
      // SFTP version 3 as OpenSSH serves it: a rename never replaces an existing file.
      const exists = await fs.access(real(to), constants.F_OK).then(
        () => true,
        () => false,
      );
      if (exists) return sftp.status(reqid, STATUS.FAILURE, "file already exists");
      await fs.rename(real(from), real(to));
      sftp.status(reqid, STATUS.OK);
    }),
  );
}
