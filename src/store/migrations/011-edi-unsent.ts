// The acknowledgments a poll still has to send: a partial index holding only the unsent 997s and TA1s
// of each connection, so a poll finds them without reading the company's whole message history.
import type { Migration } from "../migrate.ts";

export const ediUnsent: Migration = {
  version: 11,
  name: "edi unsent acknowledgments",
  statements: [
    `create index edi_messages_unsent on edi_messages (connection_id, id)
      where direction = 'outbound' and status = 'new' and type in ('997', 'TA1')`,
  ],
};
