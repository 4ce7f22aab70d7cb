// One entry point per received set: map it to its typed document (850, 855, 856, 810, 997) and gather
// every problem — the syntax of the set against the dictionary (the same findings its 997 reports) and
// the business rules of its type (CTT totals, the 856 hierarchy and SSCCs, the 810 total…).
import type { Problem, TransactionSet } from "../types.ts";
import { type GroupAcknowledgment, read997 } from "./ack997.ts";
import { read856, type Shipment856 } from "./asn856.ts";
import { type Invoice810, read810 } from "./invoice810.ts";
import { type PurchaseOrder850, read850 } from "./po850.ts";
import { type PurchaseOrderAck855, read855 } from "./poack855.ts";
import { checkSyntax, syntaxProblems } from "./syntax.ts";

/** Set types this layer maps to typed documents. */
export const MAPPED_SETS = ["810", "850", "855", "856", "997"] as const;

export type MappedDocument =
  | { type: "850"; order: PurchaseOrder850 }
  | { type: "855"; acknowledgment: PurchaseOrderAck855 }
  | { type: "856"; shipment: Shipment856 }
  | { type: "810"; invoice: Invoice810 }
  | { type: "997"; acknowledgment: GroupAcknowledgment };

/**
 * The typed document of a received set (undefined for a type this layer does not map) with every
 * problem found in it. `version` is the group's GS08 (e.g. "004010", "005010VICS"). Never throws.
 */
export function mapTransactionSet(
  set: TransactionSet,
  version: string,
): { document?: MappedDocument; problems: Problem[] } {
  // read997 checks its own syntax, since it also reads 997s outside of a file check.
  const syntax = set.type === "997" ? [] : syntaxProblems(set, checkSyntax(set, version));
  const problems: Problem[] = [];
  let document: MappedDocument | undefined;
  switch (set.type) {
    case "850": {
      const r = read850(set);
      document = { type: "850", order: r.order };
      problems.push(...r.problems);
      break;
    }
    case "855": {
      const r = read855(set);
      document = { type: "855", acknowledgment: r.acknowledgment };
      problems.push(...r.problems);
      break;
    }
    case "856": {
      const r = read856(set);
      document = { type: "856", shipment: r.shipment };
      problems.push(...r.problems);
      break;
    }
    case "810": {
      const r = read810(set);
      document = { type: "810", invoice: r.invoice };
      problems.push(...r.problems);
      break;
    }
    case "997": {
      const r = read997(set, version);
      document = { type: "997", acknowledgment: r.acknowledgment };
      problems.push(...r.problems);
      break;
    }
  }
  const all = [...syntax, ...withoutRepeats(problems, syntax)];
  return document ? { document, problems: all } : { problems: all };
}

/**
 * The mapper's problems less those about an element the syntax check already faulted: a bad date is
 * one problem (ELEMENT_INVALID_DATE, as the 997 reports it), not that and DATE_INVALID. What the
 * dictionary does not describe (a segment or version it lacks) is still reported by the mapper.
 */
function withoutRepeats(mapped: readonly Problem[], syntax: readonly Problem[]): Problem[] {
  const faulted = new Set<string>();
  for (const p of syntax) if (p.element !== undefined && p.position) faulted.add(elementKey(p));
  if (faulted.size === 0) return [...mapped];
  return mapped.filter((p) => p.element === undefined || !p.position || !faulted.has(elementKey(p)));
}

const elementKey = (p: Problem) => `${p.position?.offset}:${p.element}`;

/** Every problem this layer finds in a received set (see `mapTransactionSet`). */
export function checkTransactionSet(set: TransactionSet, version: string): Problem[] {
  return mapTransactionSet(set, version).problems;
}

/** The same checks in the shape of the checker's `setChecks` hook (`src/x12/check.ts`). */
export function transactionSetCheck(set: TransactionSet, context: { version: string }): Problem[] {
  return checkTransactionSet(set, context.version);
}
