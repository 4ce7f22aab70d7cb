// The reliability suite on the embedded database.
import { declareReliabilitySuite } from "./reliability/suite.ts";

declareReliabilitySuite("embedded");
