// Host documents (invoices, bills, purchase orders, journal entries, payments) as QuickBooks Online
// transactions. QuickBooks computes totals, balances and tax itself; the mapping sends lines and
// references, and the delivery fee and discount as lines of their own.
import type { Bill } from "#domain/bill.ts";
import type { Invoice } from "#domain/invoice.ts";
import type { JournalEntry } from "#domain/journal-entry.ts";
import type { PurchaseLine, SalesLine } from "#domain/lines.ts";
import type { Payment } from "#domain/payment.ts";
import type { PurchaseOrder } from "#domain/purchase-order.ts";
import { address, amount, Mapper, QBO_MAX } from "./mapper.ts";
import { taxCodeRef } from "./names.ts";
import type { Mapped, MappingContext, QboBody } from "./types.ts";

/** An invoice as a QuickBooks Invoice, or as a SalesReceipt when the company records sales paid at once. */
export function mapInvoice(
  inv: Invoice,
  ctx: MappingContext,
  as: "invoice" | "sales_receipt" = "invoice",
): Mapped {
  const m = new Mapper(ctx);
  m.currency(inv.currency, "/currency");
  const body: QboBody = {
    DocNumber: inv.number,
    TxnDate: inv.date,
    CustomerRef: m.ref("customers", "customer", inv.customerExternalId, "/customerExternalId"),
    ShipDate: inv.shipDate,
    BillEmail:
      inv.email === undefined
        ? undefined
        : { Address: m.text(inv.email, QBO_MAX.email, "/email", "the e-mail address") },
    BillAddr: address(inv.billingAddress),
    ShipAddr: address(inv.shippingAddress),
    PONumber: inv.customerPoNumber,
    PrivateNote: inv.memo,
    Line: salesLines(m, inv),
  };
  if (as === "invoice") {
    body.DueDate = inv.dueDate;
    body.SalesTermRef = m.optionalRef("terms", "terms", inv.termsExternalId, "/termsExternalId");
  } else {
    body.DepositToAccountRef =
      ctx.defaults.deposit === undefined ? undefined : { value: ctx.defaults.deposit };
  }
  if (ctx.taxModel === "us") {
    if (inv.taxCodeExternalId !== undefined) {
      body.TxnTaxDetail = { TxnTaxCodeRef: taxCodeRef(m, inv.taxCodeExternalId, "/taxCodeExternalId") };
    }
  } else {
    body.GlobalTaxCalculation = "TaxExcluded";
  }
  if (inv.taxAmount !== undefined) {
    m.notes.push(
      `QuickBooks computes the tax from the tax codes; the host's tax of ${inv.taxAmount} is not sent`,
    );
  }
  return m.result(as === "invoice" ? "Invoice" : "SalesReceipt", body);
}

function salesLines(m: Mapper, inv: Invoice): QboBody[] {
  const lines = inv.lines.map((line, i) => salesLine(m, inv, line, `/lines/${i}`));
  if (inv.deliveryFee !== undefined && Number(inv.deliveryFee) !== 0) {
    const item = m.ctx.deliveryFeeItemId;
    if (item === undefined) {
      m.problem("no_default_item", "/deliveryFee", "no QuickBooks item is chosen for delivery fees");
    }
    lines.push({
      DetailType: "SalesItemLineDetail",
      Amount: amount(inv.deliveryFee),
      Description: "Delivery",
      SalesItemLineDetail: { ItemRef: item === undefined ? undefined : { value: item } },
    });
  }
  if (inv.discount !== undefined && Number(inv.discount) !== 0) {
    const account = m.ctx.defaults.discount;
    lines.push({
      DetailType: "DiscountLineDetail",
      Amount: amount(inv.discount),
      DiscountLineDetail: {
        PercentBased: false,
        DiscountAccountRef: account === undefined ? undefined : { value: account },
      },
    });
  }
  return lines;
}

function salesLine(m: Mapper, inv: Invoice, line: SalesLine, path: string): QboBody {
  let itemRef: { value: string } | undefined;
  if (line.itemExternalId !== undefined) {
    itemRef = m.ref("items", "item", line.itemExternalId, `${path}/itemExternalId`);
  } else if (m.ctx.defaultSalesItemId !== undefined) {
    itemRef = { value: m.ctx.defaultSalesItemId };
  } else {
    m.problem(
      "no_default_item",
      `${path}/itemExternalId`,
      "the line names no item, and QuickBooks ignores the amount of a line without one: choose a default item",
    );
  }
  return {
    DetailType: "SalesItemLineDetail",
    Amount: amount(line.amount),
    Description: line.description,
    SalesItemLineDetail: {
      ItemRef: itemRef,
      Qty: line.quantity === undefined ? undefined : amount(line.quantity),
      UnitPrice: line.unitPrice === undefined ? undefined : amount(line.unitPrice),
      TaxCodeRef: lineTaxCode(
        m,
        line.taxCodeExternalId ?? perLineDefault(m, inv),
        `${path}/taxCodeExternalId`,
      ),
      ServiceDate: line.serviceDate,
    },
  };
}

/** Outside the US every line carries a tax code; the document's code is the default for its lines. */
function perLineDefault(m: Mapper, inv: Invoice): string | undefined {
  return m.ctx.taxModel === "per_line" ? inv.taxCodeExternalId : undefined;
}

function lineTaxCode(m: Mapper, hostCode: string | undefined, path: string): { value: string } | undefined {
  if (hostCode === undefined) return undefined;
  if (m.ctx.taxModel === "per_line") return taxCodeRef(m, hostCode, path);
  // US companies mark a line taxable or not; the rates come from the transaction's tax code.
  const taxable = m.ctx.taxCodeTaxable(hostCode);
  if (taxable === undefined) {
    m.problem("missing_reference", path, `tax code ${hostCode} is not among the host's tax codes`, {
      reference: { collection: "tax-codes", externalId: hostCode },
    });
    return undefined;
  }
  return { value: taxable ? "TAX" : "NON" };
}

/** A bill as a QuickBooks Bill (accounts payable), or as an expense (Purchase) paid at once. */
export function mapBill(bill: Bill, ctx: MappingContext, as: "bill" | "expense" = "bill"): Mapped {
  const m = new Mapper(ctx);
  m.currency(bill.currency, "/currency");
  const vendor = m.ref("vendors", "vendor", bill.vendorExternalId, "/vendorExternalId");
  const lines = bill.lines.map((line, i) => purchaseLine(m, line, `/lines/${i}`));
  if (as === "expense") {
    return m.result("Purchase", {
      DocNumber: bill.number,
      TxnDate: bill.date,
      PaymentType: "Cash",
      AccountRef: m.accountRef(undefined, "payment", "payment (bank or credit card)", "/paymentAccount"),
      EntityRef: vendor === undefined ? undefined : { ...vendor, type: "Vendor" },
      PrivateNote: bill.memo,
      Line: lines,
    });
  }
  let linked: QboBody[] | undefined;
  if (bill.purchaseOrderExternalId !== undefined) {
    const po = ctx.idOf("purchase-orders", bill.purchaseOrderExternalId);
    if (po === undefined) {
      m.notes.push(
        `purchase order ${bill.purchaseOrderExternalId} is not in QuickBooks, so the bill is not linked to it`,
      );
    } else {
      linked = [{ TxnId: po, TxnType: "PurchaseOrder" }];
    }
  }
  return m.result("Bill", {
    DocNumber: bill.number,
    TxnDate: bill.date,
    DueDate: bill.dueDate,
    VendorRef: vendor,
    SalesTermRef: m.optionalRef("terms", "terms", bill.termsExternalId, "/termsExternalId"),
    APAccountRef:
      bill.apAccountExternalId === undefined && ctx.defaults.accountsPayable === undefined
        ? undefined
        : m.accountRef(
            bill.apAccountExternalId,
            "accountsPayable",
            "accounts payable",
            "/apAccountExternalId",
          ),
    PrivateNote: bill.memo,
    LinkedTxn: linked,
    Line: lines,
  });
}

export function mapPurchaseOrder(po: PurchaseOrder, ctx: MappingContext): Mapped {
  const m = new Mapper(ctx);
  m.currency(po.currency, "/currency");
  return m.result("PurchaseOrder", {
    DocNumber: po.number,
    TxnDate: po.date,
    VendorRef: m.ref("vendors", "vendor", po.vendorExternalId, "/vendorExternalId"),
    POStatus: po.status === "open" ? "Open" : "Closed",
    ManuallyClosed: po.status === "cancelled" ? true : undefined,
    ExpectedDate: po.expectedDate,
    ShipAddr: address(po.shipToAddress),
    APAccountRef:
      ctx.defaults.accountsPayable === undefined ? undefined : { value: ctx.defaults.accountsPayable },
    PrivateNote: po.memo,
    Line: po.lines.map((line, i) => purchaseLine(m, line, `/lines/${i}`)),
  });
}

function purchaseLine(m: Mapper, line: PurchaseLine, path: string): QboBody {
  const customer = m.optionalRef(
    "customers",
    "customer",
    line.customerExternalId,
    `${path}/customerExternalId`,
  );
  if (line.itemExternalId !== undefined) {
    return {
      DetailType: "ItemBasedExpenseLineDetail",
      Amount: amount(line.amount),
      Description: line.description,
      ItemBasedExpenseLineDetail: {
        ItemRef: m.ref("items", "item", line.itemExternalId, `${path}/itemExternalId`),
        Qty: line.quantity === undefined ? undefined : amount(line.quantity),
        UnitPrice: line.unitCost === undefined ? undefined : amount(line.unitCost),
        CustomerRef: customer,
      },
    };
  }
  const accountId = line.accountExternalId as string;
  if (m.ctx.accountTypeOf(accountId) === "accounts_payable") {
    m.problem(
      "ap_account_split",
      `${path}/accountExternalId`,
      `account ${accountId} is an accounts payable account; QuickBooks does not allow one on an expense line — split the cost to an expense, cost of goods sold or asset account`,
    );
  }
  return {
    DetailType: "AccountBasedExpenseLineDetail",
    Amount: amount(line.amount),
    Description: line.description,
    AccountBasedExpenseLineDetail: {
      AccountRef: m.ref("accounts", "account", accountId, `${path}/accountExternalId`),
      CustomerRef: customer,
    },
  };
}

export function mapJournalEntry(entry: JournalEntry, ctx: MappingContext): Mapped {
  const m = new Mapper(ctx);
  m.currency(entry.currency, "/currency");
  const lines = entry.lines.map((line, i): QboBody => {
    const path = `/lines/${i}`;
    const type = ctx.accountTypeOf(line.accountExternalId);
    // QuickBooks refuses an A/R line without a customer and an A/P line without a vendor.
    if (type === "accounts_receivable" && line.customerExternalId === undefined) {
      m.problem(
        "name_required",
        `${path}/customerExternalId`,
        "a line on an accounts receivable account needs a customer",
      );
    }
    if (type === "accounts_payable" && line.vendorExternalId === undefined) {
      m.problem(
        "name_required",
        `${path}/vendorExternalId`,
        "a line on an accounts payable account needs a vendor",
      );
    }
    let entity: QboBody | undefined;
    if (line.customerExternalId !== undefined) {
      const ref = m.ref("customers", "customer", line.customerExternalId, `${path}/customerExternalId`);
      entity = { Type: "Customer", EntityRef: ref };
    } else if (line.vendorExternalId !== undefined) {
      const ref = m.ref("vendors", "vendor", line.vendorExternalId, `${path}/vendorExternalId`);
      entity = { Type: "Vendor", EntityRef: ref };
    }
    return {
      DetailType: "JournalEntryLineDetail",
      Amount: amount((line.debit ?? line.credit) as string),
      Description: line.description,
      JournalEntryLineDetail: {
        PostingType: line.debit !== undefined ? "Debit" : "Credit",
        AccountRef: m.ref("accounts", "account", line.accountExternalId, `${path}/accountExternalId`),
        Entity: entity,
      },
    };
  });
  return m.result("JournalEntry", {
    DocNumber: entry.number,
    TxnDate: entry.date,
    Adjustment: entry.adjustment,
    PrivateNote: entry.memo,
    Line: lines,
  });
}

export function mapPayment(p: Payment, ctx: MappingContext): Mapped {
  const m = new Mapper(ctx);
  m.currency(p.currency, "/currency");
  const lines: QboBody[] = [];
  p.applications.forEach((a, i) => {
    if (a.invoiceExternalId === undefined) {
      // Sales orders stay in the host; money paid against one is the customer's credit in QuickBooks.
      m.notes.push(
        `${a.amount} applied to sales order ${a.salesOrderExternalId} stays as the customer's credit`,
      );
      return;
    }
    const invoice = m.ref("invoices", "invoice", a.invoiceExternalId, `/applications/${i}/invoiceExternalId`);
    lines.push({
      Amount: amount(a.amount),
      LinkedTxn: [{ TxnId: invoice?.value, TxnType: "Invoice" }],
    });
  });
  const reference = p.reference ?? p.number;
  const depositId = p.depositAccountExternalId;
  return m.result("Payment", {
    TxnDate: p.date,
    CustomerRef: m.ref("customers", "customer", p.customerExternalId, "/customerExternalId"),
    TotalAmt: amount(p.amount),
    PaymentRefNum: m.text(
      reference,
      QBO_MAX.paymentRefNum,
      p.reference !== undefined ? "/reference" : "/number",
      "the reference",
    ),
    DepositToAccountRef:
      depositId !== undefined
        ? m.ref("accounts", "deposit account", depositId, "/depositAccountExternalId")
        : ctx.defaults.deposit === undefined
          ? undefined
          : { value: ctx.defaults.deposit },
    PrivateNote: p.memo,
    Line: lines,
  });
}
