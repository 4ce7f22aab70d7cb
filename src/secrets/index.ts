export * from "./key.ts";
export * from "./password.ts";
export * from "./seal.ts";
export * from "./store.ts";
