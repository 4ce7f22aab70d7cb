// Helpers for the tests of the X12 transaction sets: the sets of a sample file, and a set written by our writer then
// read back by our reader (and, on request, by node-x12's strict parser).
import { X12Parser } from "node-x12";
import { parseX12 } from "#x12/reader.ts";
import { FUNCTIONAL_ID } from "#x12/sets/codes.ts";
import type {
  FunctionalGroup,
  Interchange,
  OutInterchange,
  OutTransactionSet,
  TransactionSet,
} from "#x12/types.ts";
import { writeX12 } from "#x12/writer.ts";
import { readSample } from "./samples.ts";

export interface SampleSet {
  set: TransactionSet;
  group: FunctionalGroup;
  interchange: Interchange;
}

export function sampleSets(name: string): SampleSet[] {
  const out: SampleSet[] = [];
  for (const interchange of parseX12(readSample(name)).interchanges) {
    for (const group of interchange.groups) {
      for (const set of group.transactionSets) out.push({ set, group, interchange });
    }
  }
  return out;
}

export function firstSet(name: string): SampleSet {
  const found = sampleSets(name)[0];
  if (!found) throw new Error(`${name} holds no transaction set`);
  return found;
}

export const when = new Date(Date.UTC(2024, 4, 17, 14, 30));

export function envelope(set: OutTransactionSet, version: "00401" | "00501" = "00401"): OutInterchange {
  return {
    senderQualifier: "ZZ",
    sender: "LEDGERLINK",
    receiverQualifier: "ZZ",
    receiver: "RETAILER",
    controlNumber: "000000101",
    version,
    date: when,
    groups: [
      {
        functionalId: FUNCTIONAL_ID[set.type] ?? "ZZ",
        applicationSender: "LEDGERLINK",
        applicationReceiver: "RETAILER",
        controlNumber: "101",
        transactionSets: [set],
      },
    ],
  };
}

/** Writes the set in an interchange and reads it back: the text, and the one set read (no problems). */
export function writeAndRead(set: OutTransactionSet, version: "00401" | "00501" = "00401") {
  const text = writeX12(envelope(set, version));
  const parsed = parseX12(text);
  const read = parsed.interchanges[0]?.groups[0]?.transactionSets[0];
  if (!read) throw new Error("the written set was not read back");
  return { text, parsed, set: read };
}

/** node-x12 in strict mode throws on any envelope or count error; returns the number of sets it saw. */
export function strictlyParsedSets(text: string): number {
  const result = new X12Parser(true).parse(text) as unknown as {
    functionalGroups?: { transactions: unknown[] }[];
    interchanges?: { functionalGroups: { transactions: unknown[] }[] }[];
  };
  const interchanges = result.interchanges ?? [result];
  return interchanges.reduce(
    (n, i) => n + (i.functionalGroups ?? []).reduce((m, g) => m + g.transactions.length, 0),
    0,
  );
}
