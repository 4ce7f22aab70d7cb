// The reliability suite on the PostgreSQL server (skipped, with the reason, when it does not answer).
import { declareReliabilitySuite } from "./reliability/suite.ts";

declareReliabilitySuite("server");
