// The records browser: every collection a company keeps, searchable, paged, with where each record
// stands with QuickBooks.
import { type MouseEvent, useEffect, useRef, useState } from "react";
import { api, type Company } from "../api.ts";
import { Badge, Empty, ErrorNotice, Loading, Pager, SyncBadge } from "../components/ui.tsx";
import { formatCount, formatDateTime, humanise, syncStatus, syncStatusFilters } from "../format.ts";
import { Link, navigate, pathOf, useLocation } from "../router.tsx";
import { useAsync, useTitle } from "../use-async.ts";

const pageSize = 50;

export function RecordsPage({ company, collection }: { company: Company; collection: string }) {
  const collections = useAsync(() => api.collections(company.id), [company.id]);
  const current = collections.data?.items.find((c) => c.name === collection);

  return (
    <div className="records-layout">
      <aside className="sidebar" aria-label="Collections">
        <h2 className="sidebar-title">Records</h2>
        {collections.error ? (
          <ErrorNotice error={collections.error} onRetry={collections.reload} />
        ) : !collections.data ? (
          <Loading />
        ) : (
          <ul className="collection-list">
            {collections.data.items.map((c) => (
              <li key={c.name}>
                <Link
                  href={pathOf("companies", company.id, "records", c.name)}
                  className={
                    [c.name === collection && "active", c.count === 0 && "is-empty"]
                      .filter(Boolean)
                      .join(" ") || undefined
                  }
                  aria-current={c.name === collection ? "page" : undefined}
                >
                  <span>{c.label}</span>
                  <span className="count">{c.count.toLocaleString()}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </aside>
      <RecordList
        key={`${company.id}/${collection}`}
        company={company}
        collection={collection}
        label={current?.label ?? humanise(collection)}
      />
    </div>
  );
}

function RecordList({ company, collection, label }: { company: Company; collection: string; label: string }) {
  const { path, query } = useLocation();
  const search = query.get("q") ?? "";
  const status = query.get("status") ?? "";
  // The cursors of the pages walked through so far, so "Previous" can go back without the server
  // having to page backwards.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  useTitle(label, company.name);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useAsync(
    () => api.records(company.id, collection, { search, status, cursor, limit: pageSize }),
    [company.id, collection, search, status, cursor],
  );

  function setFilter(name: "q" | "status", value: string) {
    const next = new URLSearchParams(query);
    if (value) next.set(name, value);
    else next.delete(name);
    const text = next.toString();
    setCursors([null]);
    navigate(text ? `${path}?${text}` : path, { replace: true });
  }

  function clearFilters() {
    setCursors([null]);
    navigate(path, { replace: true });
  }

  const first = (cursors.length - 1) * pageSize + 1;
  const shown = page.data?.items.length ?? 0;
  const total = page.data?.total;
  const summary =
    shown === 0
      ? ""
      : `Showing ${first.toLocaleString()}–${(first + shown - 1).toLocaleString()}${
          total !== undefined ? ` of ${total.toLocaleString()}` : ""
        }`;

  return (
    <section className="page" aria-labelledby="records-title">
      <div className="page-head">
        <h1 id="records-title">{label}</h1>
        {total !== undefined && <span className="muted">{formatCount(total, "record")}</span>}
      </div>
      <div className="toolbar">
        <SearchBox
          value={search}
          onChange={(v) => setFilter("q", v)}
          label={`Search ${label.toLowerCase()}`}
        />
        <label className="inline-field">
          <span>Sync status</span>
          <select value={status} onChange={(e) => setFilter("status", e.target.value)}>
            <option value="">Any</option>
            {syncStatusFilters.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {page.error ? (
        <ErrorNotice error={page.error} onRetry={page.reload} />
      ) : !page.data ? (
        <Loading />
      ) : page.data.items.length === 0 ? (
        <Empty
          title={
            search
              ? "Nothing matches this search."
              : status
                ? `No ${label.toLowerCase()} with the status “${syncStatus(status).label}”.`
                : `No ${label.toLowerCase()} yet.`
          }
        >
          {search || status ? (
            <button type="button" className="button-quiet" onClick={clearFilters}>
              Clear search and filters
            </button>
          ) : (
            "Records appear here as soon as your operations system sends them through the API or a CSV import."
          )}
        </Empty>
      ) : (
        <>
          <div className={`table-wrap${page.loading ? " is-loading" : ""}`}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">External ID</th>
                  <th scope="col">Updated</th>
                  <th scope="col" className="optional-column">
                    QuickBooks ID
                  </th>
                  <th scope="col">Sync status</th>
                </tr>
              </thead>
              <tbody>
                {page.data.items.map((r) => {
                  const href = pathOf("companies", company.id, "records", collection, r.externalId);
                  return (
                    <tr
                      key={r.externalId}
                      className={r.deleted ? "is-deleted is-clickable" : "is-clickable"}
                      onClick={(event) => openRow(event, href)}
                    >
                      <td>
                        <Link href={href} className="row-title">
                          {r.title || r.externalId}
                        </Link>
                        {r.subtitle && <div className="row-subtitle">{r.subtitle}</div>}
                      </td>
                      <td className="mono">{r.externalId}</td>
                      <td className="when">{formatDateTime(r.updatedAt)}</td>
                      <td className="mono optional-column">
                        {r.sync.quickbooksId ?? <span className="muted">—</span>}
                      </td>
                      <td className="nowrap">
                        {r.deleted ? (
                          <Badge tone="neutral">Deleted</Badge>
                        ) : (
                          <SyncBadge status={r.sync.status} />
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Pager
            summary={summary}
            hasPrevious={cursors.length > 1}
            hasNext={Boolean(page.data.nextCursor)}
            onPrevious={() => setCursors((c) => c.slice(0, -1))}
            onNext={() => setCursors((c) => [...c, page.data?.nextCursor ?? null])}
          />
        </>
      )}
    </section>
  );
}

/** A click anywhere on a row opens its record, unless it was on a link or selected some text to copy. */
function openRow(event: MouseEvent<HTMLTableRowElement>, href: string) {
  if ((event.target as HTMLElement).closest("a, button") || window.getSelection()?.toString()) return;
  navigate(href);
}

/** Searches as the bookkeeper types, once they pause, and at once on Enter. */
function SearchBox({
  value,
  onChange,
  label,
}: {
  value: string;
  onChange: (v: string) => void;
  label: string;
}) {
  const [text, setText] = useState(value);
  const changed = useRef(onChange);
  changed.current = onChange;
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => changed.current(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text, value]);
  return (
    <search className="search">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onChange(text.trim());
        }}
      >
        <input
          type="search"
          aria-label={label}
          placeholder={`${label}…`}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </form>
    </search>
  );
}
