// The connection services' dependencies, from what the server was started with. The sealing key is
// loaded once, on first use, so a server that never touches a connection never needs one.
import { loadSecretKey } from "#secrets/index.ts";
import type { ConnectionDeps } from "#sync/connection.ts";
import type { ApiContext } from "./context.ts";

const cache = new WeakMap<ApiContext, ConnectionDeps>();

export function connectionDeps(ctx: ApiContext): ConnectionDeps {
  let deps = cache.get(ctx);
  if (!deps) {
    deps = {
      db: ctx.db,
      secretKey: ctx.secretKey ?? loadSecretKey(ctx.config),
      logger: ctx.logger,
      ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
    };
    cache.set(ctx, deps);
  }
  return deps;
}
