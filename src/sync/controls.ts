// The accounting controls every document passes before it is pushed: the go-live date, the books'
// close date, and whether the company pushes this kind of document in real time or only on export.
// Names (customers, vendors, items, accounts) have no date and pass them all.

export type PushMode = "real_time" | "manual_export";

export interface AccountingControls {
  /** Documents dated before it are not pushed by a change; they can be exported on purpose. */
  goLiveDate: string;
  /** QuickBooks' closing date: documents on or before it are never pushed. */
  closeDate?: string | undefined;
  mode: PushMode;
}

/** Why a document is not pushed now. */
export type HoldReason = "before_go_live" | "closed_books" | "draft" | "manual_export";

export type ControlDecision = { push: true } | { push: false; reason: HoldReason; message: string };

/** Why a document dated on or before the books' close date is held. */
export function closedBooksMessage(date: string, closeDate: string): string {
  return `dated ${date}, on or before the books' close date ${closeDate} in QuickBooks`;
}

/**
 * Whether a document goes to QuickBooks. `trigger` is what asks: a host change (real time) or a user's
 * export (of selected documents, or by date range).
 */
export function controlDecision(
  doc: { date?: string | undefined; locked?: boolean | undefined },
  controls: AccountingControls,
  trigger: "change" | "export",
): ControlDecision {
  if (doc.date === undefined) return { push: true };
  if (controls.closeDate !== undefined && doc.date <= controls.closeDate) {
    return {
      push: false,
      reason: "closed_books",
      message: closedBooksMessage(doc.date, controls.closeDate),
    };
  }
  if (controls.mode === "manual_export") {
    // Hosts that export on purpose send only finalised documents; a draft may still change.
    if (doc.locked !== true) {
      return {
        push: false,
        reason: "draft",
        message: "a draft: only finalised (locked) documents are exported",
      };
    }
    if (trigger === "change") {
      return {
        push: false,
        reason: "manual_export",
        message: "waits to be exported (this kind of document is exported by hand)",
      };
    }
    return { push: true };
  }
  if (doc.date < controls.goLiveDate && trigger === "change") {
    return {
      push: false,
      reason: "before_go_live",
      message: `dated ${doc.date}, before the go-live date ${controls.goLiveDate}; export it by date range to send it`,
    };
  }
  return { push: true };
}
