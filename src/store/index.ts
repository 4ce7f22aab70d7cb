export * from "./admin.ts";
export * from "./api-keys.ts";
export * from "./companies.ts";
export * from "./data-dir-lock.ts";
export * from "./database.ts";
export * from "./migrate.ts";
export * from "./records.ts";
export type * from "./tables.ts";
