export { OAUTH_PATHS, OAuthServer, type OAuthState } from "./server.ts";
export { ACCESS_TOKEN_TTL_S, ACCOUNTING_SCOPE, REFRESH_TOKEN_TTL_S } from "./tokens.ts";
export type {
  CompanyDirectory,
  OAuthServerOptions,
  RotationPolicy,
  TokenResponse,
  VerifyFailure,
  VerifyResult,
} from "./types.ts";
