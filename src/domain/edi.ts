// The EDI vocabulary and the shapes of what a user configures: connections (where files come from and go
// to) and trading partners (who sends them, and what we send back). Declared once; the tables, the API,
// the CLI and the web app all read these.
import { z } from "zod";
import { checkUnique, ExternalId, text } from "./common.ts";

export const ediDirections = ["inbound", "outbound"] as const;
export type EdiDirection = (typeof ediDirections)[number];

/**
 * Where a message stands. Inbound: `new` (read, nothing to decide yet), `needs_attention` (something
 * to map or a duplicate), `accepted` (became a sales order), `rejected` (by a user, or its envelope was
 * refused), `error`. Outbound: `sent`, then `acknowledged` or `rejected` by the partner's 997, or
 * `overdue` when no 997 came in the partner's time.
 */
export const ediMessageStatuses = [
  "new",
  "needs_attention",
  "accepted",
  "rejected",
  "sent",
  "acknowledged",
  "overdue",
  "error",
] as const;
export type EdiMessageStatus = (typeof ediMessageStatuses)[number];

export const ediTransportKinds = ["folder", "sftp"] as const;
export type EdiTransportKind = (typeof ediTransportKinds)[number];

/** ISA05/ISA07 interchange id qualifier: two characters, e.g. 01 (DUNS), 08 (UCC), 12 (phone), ZZ. */
export const InterchangeQualifier = z
  .string()
  .regex(/^[0-9A-Z]{2}$/, "must be two letters or digits, e.g. ZZ or 01")
  .meta({ examples: ["ZZ"] });

/** ISA06/ISA08 interchange id: 1 to 15 characters, no leading or trailing space. */
export const InterchangeId = z
  .string()
  .min(1, "must not be empty")
  .max(15, "must be at most 15 characters (ISA06/ISA08)")
  .regex(
    /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/,
    "must be printable ASCII without leading or trailing spaces",
  )
  .meta({ examples: ["ACMEPARTS"] });

/** A name the CLI and URLs use: letters, digits, `.`, `_` and `-`. */
export const EdiName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit",
  )
  .meta({ examples: ["northgate"] });

/** An absolute folder path on the machine running Ledgerlink. */
const FolderPath = text(1000).refine(
  (p) => p.startsWith("/") || /^[A-Za-z]:[\\/]/.test(p),
  "must be an absolute path",
);

/** A folder on the SFTP server. */
const RemotePath = text(1000);

export const FolderSettings = z
  .strictObject({
    inbox: FolderPath.meta({ description: "Folder partners' files arrive in" }),
    outbox: FolderPath.meta({ description: "Folder our files are written to" }),
  })
  .meta({ id: "EdiFolderSettings" });
export type FolderSettings = z.output<typeof FolderSettings>;

export const SftpSettings = z
  .strictObject({
    host: text(255),
    port: z.number().int().min(1).max(65535).default(22),
    username: text(255),
    inbox: RemotePath.meta({ description: "Remote folder to pick files up from" }),
    outbox: RemotePath.meta({ description: "Remote folder to put our files in" }),
    pollSeconds: z.number().int().min(10).max(86400).default(300).meta({ description: "Polling interval" }),
    hostKey: z
      .string()
      .regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/, "must be a SHA256 fingerprint like SHA256:…")
      .optional()
      .meta({ description: "The server's host key fingerprint; pinned on first connection when not given" }),
  })
  .meta({ id: "EdiSftpSettings" });
export type SftpSettings = z.output<typeof SftpSettings>;

/** Secrets of a connection; sealed at rest, never returned by the API. */
export const SftpSecrets = z.strictObject({
  password: z.string().min(1).max(1000).optional(),
  privateKey: z.string().min(1).max(20000).optional(),
});
export type SftpSecrets = z.output<typeof SftpSecrets>;

export const EdiConnectionInput = z
  .discriminatedUnion("transport", [
    z.strictObject({
      name: EdiName,
      active: z.boolean().default(true),
      ourQualifier: InterchangeQualifier,
      ourId: InterchangeId,
      transport: z.literal("folder"),
      folder: FolderSettings,
    }),
    z.strictObject({
      name: EdiName,
      active: z.boolean().default(true),
      ourQualifier: InterchangeQualifier,
      ourId: InterchangeId,
      transport: z.literal("sftp"),
      sftp: SftpSettings,
      secrets: SftpSecrets.optional(),
    }),
  ])
  .meta({ id: "EdiConnectionInput" });
export type EdiConnectionInput = z.output<typeof EdiConnectionInput>;

/** Any object: its fields are checked once merged into the whole connection or partner. */
const Fields = z.record(z.string(), z.unknown());

/**
 * A change to a connection (PATCH): only the fields given change. `folder` or `sftp` settings are merged
 * into the stored ones (a `null` field removes it, so its default applies); a change of `transport`
 * takes the new transport's settings whole. The result is checked as `EdiConnectionInput`, so a bad
 * value is named exactly as on create.
 */
export const EdiConnectionPatch = z
  .strictObject({
    name: z.unknown().optional(),
    active: z.unknown().optional(),
    ourQualifier: z.unknown().optional(),
    ourId: z.unknown().optional(),
    transport: z.enum(ediTransportKinds).optional(),
    folder: Fields.optional(),
    sftp: Fields.optional(),
    // A value replaces the stored secret, `null` removes it.
    secrets: z
      .strictObject({
        password: SftpSecrets.shape.password.unwrap().nullable().optional(),
        privateKey: SftpSecrets.shape.privateKey.unwrap().nullable().optional(),
      })
      .optional(),
  })
  .meta({ id: "EdiConnectionPatch" });
export type EdiConnectionPatch = z.output<typeof EdiConnectionPatch>;

/** A partner's N1*ST N104 (store or DC id) and the customer location it stands for. */
export const PartnerLocation = z.strictObject({
  partnerLocationId: text(80).meta({ description: "N104 as the partner sends it" }),
  locationCode: text(30).meta({ description: "The customer location's code" }),
});

/** A separator character for what we send: one printable, non-alphanumeric character. */
const Separator = z.string().regex(/^[^A-Za-z0-9 ]$/, "must be one character, not a letter, digit or space");

export const EdiPartnerInput = z
  .strictObject({
    name: EdiName,
    connection: EdiName.meta({ description: "The connection's name" }),
    customerExternalId: ExternalId.meta({ description: "The host customer this partner is" }),
    qualifier: InterchangeQualifier.meta({ description: "The partner's ISA05 qualifier" }),
    interchangeId: InterchangeId.meta({ description: "The partner's ISA06 interchange id" }),
    applicationId: text(15)
      .optional()
      .meta({ description: "GS02/GS03 application id; default: the interchange id" }),
    active: z.boolean().default(true),
    version: z.enum(["00401", "00501"]).default("00401").meta({ description: "X12 version of what we send" }),
    separators: z
      .strictObject({
        element: Separator.optional(),
        component: Separator.optional(),
        segment: Separator.optional(),
        repetition: Separator.optional(),
      })
      .optional()
      .meta({ description: "Separators for what we send; chosen from the data when not given" }),
    wants855: z.boolean().default(false).meta({ description: "Send an 855 for each accepted order" }),
    wants810: z.boolean().default(false).meta({ description: "Send an 810 for the host's invoices" }),
    autoAccept: z.boolean().default(false).meta({ description: "Turn clean 850s into sales orders at once" }),
    overdueAfterMinutes: z
      .number()
      .int()
      .min(1)
      .max(60 * 24 * 30)
      .default(1440)
      .meta({ description: "An outbound message without a 997 after this long becomes overdue" }),
    locations: z.array(PartnerLocation).max(5000).default([]),
  })
  .superRefine((p, ctx) => {
    checkUnique(
      ctx,
      p.locations,
      ["locations", "partnerLocationId"],
      (l) => l.partnerLocationId,
      (first, key) => `repeats location ${first + 1}'s partner id "${key}"`,
    );
  })
  .meta({ id: "EdiPartnerInput" });
export type EdiPartnerInput = z.output<typeof EdiPartnerInput>;

/**
 * A change to a trading partner (PATCH): any field of `EdiPartnerInput`; `locations` and `separators`
 * are replaced whole; `null` clears `applicationId` and `separators`. Checked, once merged, as
 * `EdiPartnerInput`.
 */
export const EdiPartnerPatch = Fields.meta({ id: "EdiPartnerPatch" });

/** "ZZ:ACMEPARTS" → qualifier and id, as the CLI takes them. */
export function splitQualifiedId(value: string): { qualifier: string; id: string } | undefined {
  const at = value.indexOf(":");
  if (at < 0) return undefined;
  return { qualifier: value.slice(0, at), id: value.slice(at + 1) };
}
