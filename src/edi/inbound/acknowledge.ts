// The acknowledgments we owe for a received interchange — a 997 for every functional group, a TA1 when
// the sender asked for one or the envelope is broken — numbered from the partner's outbound control
// numbers and stored as outbound messages in the transaction that stores what they answer.
import type { Kysely } from "kysely";
import type { EdiConnectionRow } from "#store/edi/connections.ts";
import { allocateControlNumberKinds, type ControlNumberKind } from "#store/edi/control-numbers.ts";
import { type EdiMessageRow, insertMessage } from "#store/edi/messages.ts";
import type { EdiPartnerRow } from "#store/edi/partners.ts";
import type { Tables } from "#store/tables.ts";
import { acknowledge } from "#x12/sets/index.ts";
import type { Interchange } from "#x12/types.ts";
import { writeX12 } from "#x12/writer.ts";

const WIDTH: Record<ControlNumberKind, number> = { interchange: 9, group: 1, set: 4 };

export async function storeAcknowledgments(
  trx: Kysely<Tables>,
  input: {
    connection: EdiConnectionRow;
    partner: EdiPartnerRow;
    interchange: Interchange;
    fileId: string;
    now: Date;
  },
): Promise<EdiMessageRow[]> {
  const { connection, partner, interchange, now } = input;
  const parsed = { interchanges: [interchange], problems: [] };
  const options = { sender: { qualifier: connection.ourQualifier, id: connection.ourId }, date: now };
  // acknowledge() numbers what it writes through a callback that can not wait for the database, so a
  // first pass counts the numbers it needs and the second hands out those allocated in between.
  const needed: Record<ControlNumberKind, number> = { interchange: 0, group: 0, set: 0 };
  acknowledge(parsed, {
    ...options,
    nextControlNumber: (kind) => {
      needed[kind]++;
      return "1";
    },
  });
  const numbers = await allocateControlNumberKinds(trx, {
    partnerId: partner.id,
    direction: "outbound",
    counts: needed,
  });
  const written = acknowledge(parsed, {
    ...options,
    nextControlNumber: (kind) => String(numbers[kind].shift()).padStart(WIDTH[kind], "0"),
  });
  const messages: EdiMessageRow[] = [];
  for (const out of written) {
    const raw = writeX12(out, partner.separators ? { delimiters: partner.separators } : {});
    const group = out.groups[0];
    messages.push(
      await insertMessage(trx, {
        companyId: connection.companyId,
        connectionId: connection.id,
        partnerId: partner.id,
        fileId: null,
        direction: "outbound",
        type: group ? "997" : "TA1",
        status: "new",
        senderQualifier: out.senderQualifier,
        senderId: out.sender,
        receiverQualifier: out.receiverQualifier,
        receiverId: out.receiver,
        interchangeControl: out.controlNumber,
        groupControl: group?.controlNumber ?? null,
        setControl: group?.transactionSets[0]?.controlNumber ?? null,
        functionalId: group?.functionalId ?? null,
        reference: interchange.controlNumber,
        raw,
        parsed: group
          ? {
              acknowledges: {
                interchange: interchange.controlNumber,
                groups: interchange.groups.map((g) => g.controlNumber),
              },
            }
          : { acknowledges: { interchange: interchange.controlNumber } },
        problems: [],
        reasons: [],
        recordCollection: null,
        recordExternalId: null,
        dueAt: null,
      }),
    );
  }
  return messages;
}
