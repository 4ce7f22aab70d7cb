// Job history: what Ledgerlink did in the background, when, and how it went.
import { useState } from "react";
import { api, type Company } from "../api.ts";
import { CursorPager, Empty, ErrorNotice, Loading, OutcomeBadge } from "../components/ui.tsx";
import { formatCounts, formatDateTime, formatDuration, jobName } from "../format.ts";
import { Link, navigate, pathOf, useLocation } from "../router.tsx";
import { useAsync, useTitle } from "../use-async.ts";

const pageSize = 50;

export function JobsPage({ company }: { company: Company }) {
  const { path, query } = useLocation();
  const everyCompany = query.get("all") === "1";
  useTitle("Job history", everyCompany ? undefined : company.name);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const jobs = useAsync(
    () => api.jobs({ companyId: everyCompany ? undefined : company.id, cursor, limit: pageSize }),
    [company.id, everyCompany, cursor],
  );

  function showEveryCompany(yes: boolean) {
    setCursors([null]);
    navigate(yes ? `${path}?all=1` : path, { replace: true });
  }

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
        <button type="button" className="button-quiet" onClick={jobs.reload} disabled={jobs.loading}>
          Refresh
        </button>
      </div>
      {jobs.error ? (
        <ErrorNotice error={jobs.error} onRetry={jobs.reload} />
      ) : !jobs.data ? (
        <Loading />
      ) : jobs.data.items.length === 0 ? (
        <Empty title="No jobs have run yet.">
          Every change your operations system sends starts a job; they are listed here as they run.
        </Empty>
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
                      {job.record && job.companyId ? (
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
