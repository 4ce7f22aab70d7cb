// The EDI flows' context for a request: the server's database, and the sealing key (the server's own
// when it was given one, as for the other sealed secrets; else read from the configuration when first
// needed).
import type { EdiContext } from "#edi/context.ts";
import { loadSecretKey } from "#secrets/key.ts";
import type { ApiContext } from "./context.ts";

export function ediContext(ctx: ApiContext): EdiContext {
  let key: Buffer | undefined;
  return {
    db: ctx.db,
    secretKey: () => {
      key ??= ctx.secretKey ?? loadSecretKey(ctx.config);
      return key;
    },
  };
}
