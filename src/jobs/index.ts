export * from "./backoff.ts";
export * from "./conditions.ts";
export * from "./enqueue.ts";
export * from "./errors.ts";
export * from "./history.ts";
export * from "./worker.ts";
