// The query string shared by both CSV import endpoints (host API and admin API).
import { z } from "zod";

export const importQuery = z.strictObject({
  dryRun: z
    .enum(["true", "false", "1", "0"])
    .transform((v) => v === "true" || v === "1")
    .default(false),
});
