// What the rest of the product may use of the QuickBooks Online part: the client, its faults, OAuth,
// the environments, the mapping of host records and the account rules. `sync` imports only this file.
export * from "./accounts.ts";
export * from "./client.ts";
export * from "./environments.ts";
export * from "./faults.ts";
export * from "./mapping/index.ts";
export * from "./oauth.ts";
export * from "./provider.ts";
export * from "./request-id.ts";
