// Every document we send is wrapped the same way: one interchange from our id to the partner's, one
// group, one set, with the control numbers the partner's allocator handed out, the partner's version
// and separators. Before it leaves, the text is read back by our own reader and checked as a received
// set would be (envelope, syntax dictionary, the set's business rules), so a partner never receives
// what we would reject ourselves.
import { parseX12 } from "#x12/reader.ts";
import { mapTransactionSet } from "#x12/sets/index.ts";
import type { Delimiters, OutTransactionSet, Problem } from "#x12/types.ts";
import { writeX12 } from "#x12/writer.ts";

/** GS01 of each set type we send. */
export const FUNCTIONAL_IDS: Record<string, string> = { "855": "PR", "856": "SH", "810": "IN", "997": "FA" };

export interface EnvelopeParties {
  ourQualifier: string;
  ourId: string;
  partnerQualifier: string;
  partnerId: string;
  /** GS03; the partner's interchange id when not given. */
  partnerApplicationId?: string | undefined;
  version?: "00401" | "00501" | undefined;
  separators?: Partial<Delimiters> | undefined;
  usage?: "P" | "T";
}

export interface ControlNumbers {
  interchange: string;
  group: string;
  set: string;
}

export interface Enveloped {
  text: string;
  /** What our own checks found in it; empty when it may be sent. */
  problems: Problem[];
}

/**
 * Writes one set in its own interchange and checks the result. `build` receives the set control
 * number (ST02). Throws what the writer or the set's builder throws for input that cannot be X12.
 */
export function envelope(
  parties: EnvelopeParties,
  controls: ControlNumbers,
  build: (setControl: string) => OutTransactionSet,
  now: Date,
): Enveloped {
  const set = build(controls.set.padStart(4, "0"));
  const functionalId = FUNCTIONAL_IDS[set.type];
  if (!functionalId) throw new Error(`no functional group id for transaction set ${set.type}`);
  const text = writeX12(
    {
      senderQualifier: parties.ourQualifier,
      sender: parties.ourId,
      receiverQualifier: parties.partnerQualifier,
      receiver: parties.partnerId,
      controlNumber: controls.interchange,
      version: parties.version ?? "00401",
      usage: parties.usage ?? "P",
      date: now,
      groups: [
        {
          functionalId,
          applicationSender: parties.ourId,
          applicationReceiver: parties.partnerApplicationId ?? parties.partnerId,
          controlNumber: controls.group,
          transactionSets: [set],
        },
      ],
    },
    parties.separators ? { delimiters: parties.separators } : {},
  );
  return { text, problems: selfCheck(text) };
}

/** What our reader and the set checks find in a text we are about to send. */
export function selfCheck(text: string): Problem[] {
  const parsed = parseX12(text);
  const problems = [...parsed.problems];
  for (const interchange of parsed.interchanges) {
    for (const group of interchange.groups) {
      for (const set of group.transactionSets)
        problems.push(...mapTransactionSet(set, group.version).problems);
    }
  }
  return problems.filter((p) => p.severity === "error");
}
