// What a trading partner sends back in the tests: a 997 accepting one group we sent.
import { writeX12 } from "#x12/writer.ts";

export interface Party {
  qualifier: string;
  id: string;
}

/** The partner's 997 accepting set `setControl` of our group `groupControl` (an 856 is functional group SH). */
export function partnerAcceptance(input: {
  partner: Party;
  us: Party;
  functionalId: string;
  groupControl: string;
  setType: string;
  setControl: string;
  controlNumber?: string;
}): string {
  const control = input.controlNumber ?? "700";
  return writeX12({
    senderQualifier: input.partner.qualifier,
    sender: input.partner.id,
    receiverQualifier: input.us.qualifier,
    receiver: input.us.id,
    controlNumber: control,
    groups: [
      {
        functionalId: "FA",
        applicationSender: input.partner.id,
        applicationReceiver: input.us.id,
        controlNumber: control,
        transactionSets: [
          {
            type: "997",
            controlNumber: "0001",
            segments: [
              ["AK1", input.functionalId, input.groupControl],
              ["AK2", input.setType, input.setControl],
              ["AK5", "A"],
              ["AK9", "A", "1", "1", "1"],
            ],
          },
        ],
      },
    ],
  });
}
