// One entry point for `edi check`: the syntax of a received set against the dictionary, and the
// business rules of the sets this layer maps (CTT totals, the 856 hierarchy and SSCCs, 810 totals…).
import type { Problem, TransactionSet } from "../types.ts";
import { read997 } from "./ack997.ts";
import { read856 } from "./asn856.ts";
import { read810 } from "./invoice810.ts";
import { read850 } from "./po850.ts";
import { read855 } from "./poack855.ts";
import { checkSyntax, syntaxProblems } from "./syntax.ts";

/** Set types this layer maps to typed objects. */
export const MAPPED_SETS = ["810", "850", "855", "856", "997"] as const;

/**
 * Every problem this layer finds in a received set: syntax first (the same findings the 997 reports),
 * then the business rules of its type. `version` is the group's GS08 (e.g. "004010", "005010").
 */
export function checkTransactionSet(set: TransactionSet, version: string): Problem[] {
  const problems = set.type === "997" ? [] : syntaxProblems(set, checkSyntax(set, version));
  switch (set.type) {
    case "850":
      problems.push(...read850(set).problems);
      break;
    case "855":
      problems.push(...read855(set).problems);
      break;
    case "856":
      problems.push(...read856(set).problems);
      break;
    case "810":
      problems.push(...read810(set).problems);
      break;
    case "997":
      problems.push(...read997(set, version).problems);
      break;
  }
  return problems;
}
