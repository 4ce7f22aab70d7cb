// Job history: what Ledgerlink did in the background, when, and how it went.
import { useState } from "react";
import { api, type Company, type JobRun as JobHistoryItem } from "../api.ts";
import { CursorPager, Empty, ErrorNotice, Loading, OutcomeBadge } from "../components/ui.tsx";
import { formatCount, formatCounts, formatDateTime, formatDuration, humanise, jobName } from "../format.ts";
import { Link, navigate, pathOf, useLocation } from "../router.tsx";
import { useAsync, useTitle } from "../use-async.ts";

const pageSize = 50;

export function JobsPage({ company }: { company: Company }) {
  const { path, query } = useLocation();
  const everyCompany = query.get("all") === "1";
  const outcome = query.get("outcome") ?? "";
  const type = query.get("type") ?? "";
  const collection = query.get("collection") ?? "";
  const externalId = query.get("externalId") ?? "";
  /** One bulk request's or import's jobs, opened from its entry. */
  const batch = query.get("batch") ?? "";
  const batchLabel = query.get("batchLabel") ?? "";
  useTitle("Job history", everyCompany ? undefined : company.name);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const jobs = useAsync(
    () =>
      api.jobs({
        companyId: everyCompany ? undefined : company.id,
        cursor,
        limit: pageSize,
        outcome: outcome || undefined,
        type: type || undefined,
        collection: collection || undefined,
        externalId: externalId || undefined,
        batch: batch || undefined,
        group: "true",
        counts: "true",
      }),
    [company.id, everyCompany, cursor, outcome, type, collection, externalId, batch],
  );

  /** Filters live in the address, so a filtered history can be reloaded and shared. */
  function change(values: Record<string, string>) {
    const next = new URLSearchParams(query);
    for (const [name, value] of Object.entries(values)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    setCursors([null]);
    const text = next.toString();
    navigate(text ? `${path}?${text}` : path, { replace: true });
  }

  function showEveryCompany(yes: boolean) {
    change({ all: yes ? "1" : "" });
  }

  const counts = jobs.data?.counts ?? [];
  const byOutcome = new Map<string, number>();
  const byType = new Map<string, number>();
  for (const c of counts) {
    byOutcome.set(c.outcome, (byOutcome.get(c.outcome) ?? 0) + c.count);
    byType.set(c.type, (byType.get(c.type) ?? 0) + c.count);
  }
  const outcomeChoices = ["succeeded", "failed", "retrying", "running", "waiting"];
  const recordLabel =
    collection && externalId ? `${humanise(collection).replace(/s$/, "")} ${externalId}` : "";

  const first = (cursors.length - 1) * pageSize + 1;
  const shown = jobs.data?.items.length ?? 0;

  return (
    <section className="page" aria-labelledby="jobs-title">
      <div className="page-head">
        <h1 id="jobs-title">Job history</h1>
        <span className="muted">{everyCompany ? "All companies" : company.name}</span>
      </div>
      <div className="toolbar">
        <label className="check">
          <input
            type="checkbox"
            checked={everyCompany}
            onChange={(e) => showEveryCompany(e.target.checked)}
          />
          Show every company
        </label>
        <label className="inline-field">
          <span>Outcome</span>
          <select value={outcome} onChange={(e) => change({ outcome: e.target.value })}>
            <option value="">
              Any (
              {formatCount(
                [...byOutcome.values()].reduce((a, b) => a + b, 0),
                "run",
              )}
              )
            </option>
            {outcomeChoices.map((o) => (
              <option key={o} value={o}>
                {outcomeLabel(o)} ({(byOutcome.get(o) ?? 0).toLocaleString()})
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>Job</span>
          <select value={type} onChange={(e) => change({ type: e.target.value })}>
            <option value="">Any</option>
            {[...new Set([...byType.keys(), ...(type ? [type] : [])])].sort().map((t) => (
              <option key={t} value={t}>
                {jobName(t)} ({(byType.get(t) ?? 0).toLocaleString()})
              </option>
            ))}
          </select>
        </label>
        {recordLabel && (
          <span className="filter-chip">
            About {recordLabel}{" "}
            <button
              type="button"
              className="button-quiet"
              onClick={() => change({ collection: "", externalId: "" })}
            >
              Show every record
            </button>
          </span>
        )}
        {batch && (
          <span className="filter-chip">
            Jobs of {batchLabel || "one request"}{" "}
            <button
              type="button"
              className="button-quiet"
              onClick={() => change({ batch: "", batchLabel: "" })}
            >
              Show every job
            </button>
          </span>
        )}
        <button type="button" className="button-quiet" onClick={jobs.reload} disabled={jobs.loading}>
          Refresh
        </button>
      </div>
      {counts.length > 0 && (
        <p className="muted job-counts" role="status" aria-label="Counts">
          {outcomeChoices
            .filter((o) => byOutcome.get(o))
            .map((o) => `${(byOutcome.get(o) ?? 0).toLocaleString()} ${outcomeLabel(o).toLowerCase()}`)
            .join(" · ")}
        </p>
      )}
      {jobs.error ? (
        <ErrorNotice error={jobs.error} onRetry={jobs.reload} />
      ) : !jobs.data ? (
        <Loading />
      ) : jobs.data.items.length === 0 ? (
        outcome || type || recordLabel || batch ? (
          <Empty title="No jobs match these filters.">
            <button
              type="button"
              className="button-quiet"
              onClick={() =>
                change({ outcome: "", type: "", collection: "", externalId: "", batch: "", batchLabel: "" })
              }
            >
              Clear the filters
            </button>
          </Empty>
        ) : (
          <Empty title="No jobs have run yet.">
            Every change your operations system sends starts a job; they are listed here as they run.
          </Empty>
        )
      ) : (
        <>
          <div className={`table-wrap${jobs.loading ? " is-loading" : ""}`}>
            <table className="table table-cards">
              <thead>
                <tr>
                  <th scope="col">Job</th>
                  {everyCompany && <th scope="col">Company</th>}
                  <th scope="col">Started</th>
                  <th scope="col">Took</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {jobs.data.items.map((job) => (
                  <tr key={job.id}>
                    <td data-label="Job" className="cell-title">
                      <span className="row-title" title={job.type}>
                        {jobName(job.type)}
                      </span>
                      {job.batch ? (
                        <BatchSubject job={job} open={(values) => change(values)} />
                      ) : job.record && job.companyId ? (
                        <div>
                          <Link
                            href={pathOf(
                              "companies",
                              job.companyId,
                              "records",
                              job.record.collection,
                              job.record.externalId,
                            )}
                          >
                            {job.summary}
                          </Link>
                        </div>
                      ) : (
                        job.summary && <div className="muted">{job.summary}</div>
                      )}
                    </td>
                    {everyCompany && (
                      <td data-label="Company">{job.companyName ?? <span className="muted">—</span>}</td>
                    )}
                    <td data-label="Started" className="when">
                      {formatDateTime(job.startedAt, { seconds: true })}
                    </td>
                    <td data-label="Took" className="when">
                      {formatDuration(job.startedAt, job.finishedAt)}
                    </td>
                    <td data-label="Outcome" className="nowrap">
                      <OutcomeBadge
                        outcome={job.finishedAt || job.outcome !== "running" ? job.outcome : "running"}
                        type={job.type}
                      />
                    </td>
                    <td data-label="Details">
                      {job.attempt > 1 && <div className="muted">Attempt {job.attempt}</div>}
                      {job.batch && <div className="nowrap">{batchCounts(job.batch.outcomes)}</div>}
                      {formatCounts(job.counts)}
                      {job.error && <div className="error-text">{job.error}</div>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <CursorPager
            summary={shown ? `Showing ${first.toLocaleString()}–${(first + shown - 1).toLocaleString()}` : ""}
            hasPrevious={cursors.length > 1}
            hasNext={Boolean(jobs.data.nextCursor)}
            onPrevious={() => setCursors((c) => c.slice(0, -1))}
            onNext={() => setCursors((c) => [...c, jobs.data?.nextCursor ?? null])}
          />
        </>
      )}
    </section>
  );
}

/** A bulk request's or import's entry: what it was, and links to its jobs and its failures. */
function BatchSubject({
  job,
  open,
}: {
  job: JobHistoryItem;
  open: (values: Record<string, string>) => void;
}) {
  const batch = job.batch;
  if (!batch) return null;
  const label = job.summary ?? "one request";
  return (
    <div>
      <strong>{label}</strong>
      <div className="batch-links">
        <button
          type="button"
          className="button-link"
          onClick={() => open({ batch: batch.id, batchLabel: label, outcome: "" })}
        >
          Show its {formatCount(batch.size, "job")}
        </button>
        {(batch.outcomes.failed ?? 0) > 0 && (
          <button
            type="button"
            className="button-link"
            onClick={() => open({ batch: batch.id, batchLabel: label, outcome: "failed" })}
          >
            Show the {formatCount(batch.outcomes.failed ?? 0, "failure")}
          </button>
        )}
      </div>
    </div>
  );
}

/** "998 done, 2 failed, 5 waiting to run": a batch's jobs by outcome. */
function batchCounts(outcomes: NonNullable<JobHistoryItem["batch"]>["outcomes"]): string {
  const order = ["succeeded", "failed", "retrying", "running", "waiting", "queued"] as const;
  return order
    .filter((o) => (outcomes[o] ?? 0) > 0)
    .map(
      (o) =>
        `${(outcomes[o] ?? 0).toLocaleString()} ${o === "queued" ? "waiting to run" : outcomeLabel(o).toLowerCase()}`,
    )
    .join(", ");
}

/** An outcome as the filter names it, whatever the job. */
function outcomeLabel(outcome: string): string {
  // "Done" rather than "Succeeded": a noted change has not reached QuickBooks, and must not read so.
  return outcome === "retrying" ? "Will retry" : outcome === "succeeded" ? "Done" : humanise(outcome);
}
