// `/cdc`: change data capture. Objects of the listed entities changed since `changedSince` (at most
// 30 days back), at most 1,000 per entity, deleted ones as `status: "Deleted"` stubs.
import { specByAnyCase } from "../entities/registry.ts";
import { fault } from "../faults.ts";
import type { Company } from "../store/company.ts";
import { parseTimestamp } from "../time.ts";

export const CDC_MAX_LOOKBACK_MS = 30 * 24 * 3600_000;
export const CDC_MAX_OBJECTS = 1000;

interface Changed {
  ms: number;
  obj: Record<string, unknown>;
}

export function cdcResponse(
  company: Company,
  now: number,
  entitiesParam: string | undefined,
  changedSinceParam: string | undefined,
): Record<string, unknown>[] {
  if (!entitiesParam?.trim()) throw fault.requiredParam("entities");
  if (!changedSinceParam?.trim()) throw fault.requiredParam("changedSince");
  const since = parseTimestamp(changedSinceParam.trim());
  if (since === undefined)
    throw fault.invalidProperty(`changedSince: ${changedSinceParam} is not a valid date`);
  if (since < now - CDC_MAX_LOOKBACK_MS) {
    throw fault.unsupportedOperation(
      `cdc with changedSince date ${changedSinceParam} which is older than fixed days`,
    );
  }
  const entries: Record<string, unknown>[] = [];
  for (const name of entitiesParam
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const spec = specByAnyCase(name);
    if (!spec) {
      throw fault.queryValidation(`QueryValidationError: Metadata not found for Entity: ${name}`);
    }
    if (!spec.cdc) {
      entries.push({});
      continue;
    }
    const changed: Changed[] = [];
    for (const row of company.rows(spec.name))
      if (row.updatedMs > since) changed.push({ ms: row.updatedMs, obj: row.obj });
    for (const tomb of company.tombstones(spec.name)) {
      if (tomb.deletedMs > since) {
        changed.push({
          ms: tomb.deletedMs,
          obj: {
            domain: "QBO",
            status: "Deleted",
            Id: tomb.Id,
            MetaData: { LastUpdatedTime: tomb.lastUpdated },
          },
        });
      }
    }
    if (changed.length === 0) {
      entries.push({});
      continue;
    }
    // Oldest first, so a client that got exactly 1,000 can ask again from the last one's time.
    changed.sort((a, b) => a.ms - b.ms);
    const page = changed.slice(0, CDC_MAX_OBJECTS).map((c) => c.obj);
    const entry: Record<string, unknown> = { [spec.name]: page, startPosition: 1, maxResults: page.length };
    if (changed.length > page.length) entry.totalCount = changed.length;
    entries.push(entry);
  }
  return [{ QueryResponse: entries.length > 0 ? entries : [{}] }];
}
