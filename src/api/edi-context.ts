// The EDI flows' context for a request: the server's database, and the sealing key read when first needed.
import type { EdiContext } from "#edi/context.ts";
import { loadSecretKey } from "#secrets/key.ts";
import type { ApiContext } from "./context.ts";

export function ediContext(ctx: ApiContext): EdiContext {
  let key: Buffer | undefined;
  return {
    db: ctx.db,
    secretKey: () => {
      key ??= loadSecretKey(ctx.config);
      return key;
    },
  };
}
