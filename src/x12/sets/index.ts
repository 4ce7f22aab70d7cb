// The transaction-set layer of the X12 engine: typed 850/855/856/810 documents read from and written to
// transaction sets, 997/TA1 acknowledgments, the syntax dictionary behind them, and SSCC-18 helpers.
export {
  type AcknowledgeOptions,
  type AnalyzeOptions,
  acknowledge,
  analyzeGroup,
  analyzeSet,
  assessInterchange,
  build997,
  buildTA1,
  type ElementAcknowledgment,
  type GroupAcknowledgment,
  type InterchangeAcknowledgment,
  read997,
  readTA1,
  render997,
  type SegmentAcknowledgment,
  type SetAcknowledgment,
} from "./ack997.ts";
export {
  allItems,
  build856,
  check856,
  checkHierarchy,
  type HierarchyIssue,
  type HierarchyNode,
  type Marks,
  read856,
  type Shipment856,
  ShipmentError,
  type ShipmentItem,
  type ShipmentOrder,
  type ShipmentPack,
  type ShipmentTare,
} from "./asn856.ts";
export {
  checkTransactionSet,
  MAPPED_SETS,
  type MappedDocument,
  mapTransactionSet,
  transactionSetCheck,
} from "./check.ts";
export * from "./codes.ts";
export {
  type AllowanceCharge,
  type Contact,
  type DateReference,
  type Description,
  findParty,
  type Party,
  type ProductId,
  productId,
  type Reference,
} from "./common.ts";
export { SEGMENTS, SETS, segmentDef } from "./dictionary.ts";
export {
  build810,
  type Invoice810,
  type InvoiceLine,
  invoiceOrder,
  invoiceTotal,
  read810,
} from "./invoice810.ts";
export {
  build850,
  hashTotalMatches,
  type PurchaseOrder850,
  type PurchaseOrderLine,
  read850,
} from "./po850.ts";
export {
  type AcknowledgedLine,
  acknowledgeOrder,
  build855,
  type LineAcknowledgment,
  type PurchaseOrderAck855,
  read855,
} from "./poack855.ts";
export { checkSscc18, gs1CheckDigit, type SsccCheck, sscc18 } from "./sscc.ts";
export { checkSyntax, type ElementNote, type SegmentNote, syntaxProblems } from "./syntax.ts";
