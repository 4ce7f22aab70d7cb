// The records browser: every collection a company keeps, searchable, paged, with where each record
// stands with QuickBooks.
import { type MouseEvent, useEffect, useRef, useState } from "react";
import { api, type Company, type ListColumn, type RecordRow } from "../api.ts";
import { Badge, Empty, ErrorNotice, Loading, Notice, Pager, SyncBadge } from "../components/ui.tsx";
import {
  codeLabel,
  formatCount,
  formatDate,
  formatDateTime,
  formatDecimal,
  humanise,
  sentence,
  singularOf,
  syncStatus,
  syncStatusFilters,
} from "../format.ts";
import { Link, navigate, pathOf, useLocation } from "../router.tsx";
import { useAsync, useTitle } from "../use-async.ts";

const pageSize = 50;

/** How often a list that goes to QuickBooks is read again, to show statuses as they change. */
const refreshMs = 5000;
/** …and while a record on it is pending, or just after Retry or Export. */
const watchMs = 1500;

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
          <>
            {/* On a narrow screen the list of collections becomes this menu. */}
            <select
              className="collection-menu"
              aria-label="Collection"
              value={collection}
              onChange={(e) => navigate(pathOf("companies", company.id, "records", e.target.value))}
            >
              {collections.data.items.map((c) => (
                <option key={c.name} value={c.name}>
                  {c.label} ({c.count.toLocaleString()})
                </option>
              ))}
            </select>
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
          </>
        )}
      </aside>
      <RecordList
        key={`${company.id}/${collection}`}
        company={company}
        collection={collection}
        label={current?.label ?? humanise(collection)}
        onCount={(count) => {
          // Records arrived or left since the counts were read: read them again.
          if (current && current.count !== count) collections.reload();
        }}
      />
    </div>
  );
}

/** The list's state lives in the address, so a reload or a shared link shows the same page. */
const listParams = ["q", "status", "problems", "references", "sort", "order", "page", "deleted"] as const;

/** The references filter's choices: records naming records that are missing, deleted, or either. */
const problemChoices = [
  { value: "any", label: "Missing or deleted" },
  { value: "missing_reference", label: "Names a record not sent yet" },
  { value: "deleted_reference", label: "Names a deleted record" },
] as const;
type ListParam = (typeof listParams)[number];

function RecordList({
  company,
  collection,
  label,
  onCount,
}: {
  company: Company;
  collection: string;
  label: string;
  /** Told the number of records in the collection whenever an unfiltered page tells it. */
  onCount?: (count: number) => void;
}) {
  const { path, query } = useLocation();
  const search = query.get("q") ?? "";
  const status = query.get("status") ?? "";
  const problems = query.get("problems") ?? "";
  const references = query.get("references") ?? "";
  const sort = query.get("sort") ?? undefined;
  const order = query.get("order") ?? undefined;
  const showDeleted = query.get("deleted") === "1";
  const pageNumber = Math.max(1, Number.parseInt(query.get("page") ?? "1", 10) || 1);
  useTitle(label, company.name);
  const page = useAsync(
    () =>
      api.records(company.id, collection, {
        search,
        status,
        problems,
        references,
        sort,
        order,
        page: pageNumber,
        deleted: showDeleted ? "include" : undefined,
        limit: pageSize,
      }),
    [company.id, collection, search, status, problems, references, sort, order, pageNumber, showDeleted],
  );
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [outcome, setOutcome] = useState<{ tone: "success" | "danger"; text: string }>();
  const [acting, setActing] = useState(false);
  const [watchUntil, setWatchUntil] = useState(0);
  // A refresh in the background does not dim the list; a change the bookkeeper asked for does.
  const background = useRef(false);
  if (!page.loading) background.current = false;

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new search, filter or page starts a new selection
  useEffect(
    () => setSelected(new Set()),
    [search, status, problems, references, sort, order, pageNumber, showDeleted],
  );

  const data0 = page.data;
  const unfiltered = !search && !status && !problems && !references && !showDeleted;
  const counted = useRef(onCount);
  counted.current = onCount;
  useEffect(() => {
    if (data0 && unfiltered) counted.current?.(data0.total);
  }, [data0, unfiltered]);
  const watching =
    Date.now() < watchUntil || (data0?.items.some((r) => r.sync.status === "pending" && !r.deleted) ?? false);
  useEffect(() => {
    if (!data0?.goesToQuickBooks) return;
    const timer = setTimeout(
      () => {
        if (document.visibilityState !== "visible") return;
        background.current = true;
        page.reload();
      },
      watching ? watchMs : refreshMs,
    );
    return () => clearTimeout(timer);
  }, [data0, watching, page.reload]);

  function toggleRow(externalId: string, on: boolean) {
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(externalId);
      else next.delete(externalId);
      return next;
    });
  }

  async function act(action: "retry" | "export") {
    const ids = [...selected];
    setActing(true);
    setOutcome(undefined);
    try {
      if (action === "export") {
        const { queued } = await api.exportRecords(company.id, { collection, externalIds: ids });
        setOutcome({
          tone: "success",
          text: `${formatCount(queued, "record")} on the way to QuickBooks. Drafts and documents under manual export that are not finalised stay held.`,
        });
      } else {
        const refused: string[] = [];
        for (const id of ids) {
          try {
            await api.retryRecord(company.id, collection, id);
          } catch (error) {
            refused.push(`${id}: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
        const sent = ids.length - refused.length;
        setOutcome(
          refused.length === 0
            ? { tone: "success", text: `${formatCount(sent, "record")} sent to QuickBooks again.` }
            : {
                tone: "danger",
                text: `${formatCount(sent, "record")} sent again; not retried: ${refused.map(sentence).join(" ")}`,
              },
        );
      }
      setSelected(new Set());
      setWatchUntil(Date.now() + 20_000);
      page.reload();
    } catch (error) {
      setOutcome({ tone: "danger", text: error instanceof Error ? sentence(error.message) : String(error) });
    } finally {
      setActing(false);
    }
  }

  /** Changes some of the list's settings; any change but the page itself starts again at page 1. */
  function change(values: Partial<Record<ListParam, string>>) {
    const next = new URLSearchParams(query);
    for (const [name, value] of Object.entries(values)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    if (!("page" in values)) next.delete("page");
    if (next.get("page") === "1") next.delete("page");
    const text = next.toString();
    navigate(text ? `${path}?${text}` : path, { replace: !("page" in values) });
  }

  function clearFilters() {
    change({ q: "", status: "", problems: "", references: "", deleted: "" });
  }

  function sortBy(key: string) {
    const current = page.data?.sort;
    const direction = current?.by === key && current.direction === "asc" ? "desc" : "asc";
    change({ sort: key, order: direction });
  }

  const data = page.data;
  const first = (pageNumber - 1) * pageSize + 1;
  const shown = data?.items.length ?? 0;
  const summary =
    shown === 0
      ? ""
      : `Showing ${first.toLocaleString()}–${(first + shown - 1).toLocaleString()} of ${data?.total.toLocaleString()}`;
  const header = (key: string, text: string, className?: string) => (
    <SortHeader key={key} column={key} label={text} sort={data?.sort} onSort={sortBy} className={className} />
  );

  return (
    <section className="page" aria-labelledby="records-title">
      <div className="page-head">
        <h1 id="records-title">{label}</h1>
        {data && <span className="muted">{formatCount(data.total, "record")}</span>}
      </div>
      <div className="toolbar">
        <SearchBox
          value={search}
          onChange={(v) => change({ q: v })}
          label={`Search ${label.toLowerCase()}`}
        />
        <label className="inline-field">
          <span>Sync status</span>
          <select value={status} onChange={(e) => change({ status: e.target.value })}>
            <option value="">Any</option>
            {syncStatusFilters.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>References</span>
          <select value={problems} onChange={(e) => change({ problems: e.target.value })}>
            <option value="">Any</option>
            {problemChoices.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        {references && (
          <span className="filter-chip">
            Naming {namedRecord(references)}
            <button
              type="button"
              className="button-quiet"
              aria-label="Stop filtering by the record named"
              onClick={() => change({ references: "" })}
            >
              ×
            </button>
          </span>
        )}
        <label className="check">
          <input
            type="checkbox"
            checked={showDeleted}
            onChange={(e) => change({ deleted: e.target.checked ? "1" : "" })}
          />
          Show deleted
        </label>
      </div>
      {outcome && <Notice tone={outcome.tone}>{outcome.text}</Notice>}
      {data?.goesToQuickBooks && selected.size > 0 && (
        <div className="selection-bar" role="toolbar" aria-label="Selected records">
          <span>{formatCount(selected.size, "record")} selected</span>
          <button type="button" className="button-primary" disabled={acting} onClick={() => act("retry")}>
            Retry
          </button>
          {data.exportable && (
            <button type="button" className="button-quiet" disabled={acting} onClick={() => act("export")}>
              Export selected
            </button>
          )}
          <button
            type="button"
            className="button-quiet"
            disabled={acting}
            onClick={() => setSelected(new Set())}
          >
            Clear selection
          </button>
        </div>
      )}
      {page.error ? (
        <ErrorNotice error={page.error} onRetry={page.reload} />
      ) : !data ? (
        <Loading />
      ) : data.items.length === 0 ? (
        <Empty
          title={
            data.total > 0
              ? `There is no page ${pageNumber.toLocaleString()}; the list has ${formatCount(data.pageCount, "page")}.`
              : search
                ? "Nothing matches this search."
                : status
                  ? `No ${label.toLowerCase()} with the status “${syncStatus(status).label}”.`
                  : problems
                    ? `No ${label.toLowerCase()} name a missing or deleted record.`
                    : references
                      ? `No ${label.toLowerCase()} name ${namedRecord(references)}.`
                      : `No ${label.toLowerCase()} yet.`
          }
        >
          {data.total > 0 ? (
            <button type="button" className="button-quiet" onClick={() => change({ page: "" })}>
              Go to the first page
            </button>
          ) : search || status || problems || references ? (
            <button type="button" className="button-quiet" onClick={clearFilters}>
              Clear search and filters
            </button>
          ) : (
            "Records appear here as soon as your operations system sends them through the API or a CSV import."
          )}
        </Empty>
      ) : (
        <>
          <div className={`table-wrap${page.loading && !background.current ? " is-loading" : ""}`}>
            <table className="table table-cards">
              <thead>
                <tr>
                  {data.goesToQuickBooks && (
                    <th scope="col" className="cell-select">
                      <span className="visually-hidden">Select</span>
                      <input
                        type="checkbox"
                        aria-label="Select every record on this page"
                        checked={data.items.length > 0 && data.items.every((r) => selected.has(r.externalId))}
                        onChange={(e) =>
                          setSelected(
                            e.target.checked ? new Set(data.items.map((r) => r.externalId)) : new Set(),
                          )
                        }
                      />
                    </th>
                  )}
                  {header("title", data.titleLabel)}
                  {data.columns.length === 0 && header("externalId", "External ID")}
                  {data.columns.map((c) => header(c.key, c.label, c.look === "money" ? "num" : undefined))}
                  {data.columns.length === 0 && header("updated", "Updated")}
                  {data.columns.length === 0 && (
                    <th scope="col" className="optional-column">
                      QuickBooks ID
                    </th>
                  )}
                  {header("sync", "Sync status")}
                </tr>
              </thead>
              <tbody>
                {data.items.map((r) => {
                  const href = pathOf("companies", company.id, "records", collection, r.externalId);
                  return (
                    <tr
                      key={r.externalId}
                      className={r.deleted ? "is-deleted is-clickable" : "is-clickable"}
                      onClick={(event) => openRow(event, href)}
                    >
                      {data.goesToQuickBooks && (
                        <td className="cell-select">
                          <input
                            type="checkbox"
                            aria-label={`Select ${r.title || r.externalId}`}
                            checked={selected.has(r.externalId)}
                            onChange={(e) => toggleRow(r.externalId, e.target.checked)}
                          />
                        </td>
                      )}
                      <td data-label={data.titleLabel} className="cell-title">
                        <Link href={href} className="row-title">
                          {r.title || r.externalId}
                        </Link>
                        {r.subtitle && <div className="row-subtitle">{r.subtitle}</div>}
                        <ReferenceBadge warnings={r.warnings} />
                      </td>
                      {data.columns.length === 0 && (
                        <td data-label="External ID" className="mono">
                          {r.externalId}
                        </td>
                      )}
                      {data.columns.map((c) => (
                        <td
                          key={c.key}
                          data-label={c.label}
                          className={c.look === "money" ? "num" : undefined}
                        >
                          <ColumnValue column={c} row={r} company={company} />
                        </td>
                      ))}
                      {data.columns.length === 0 && (
                        <td data-label="Updated" className="when">
                          {formatDateTime(r.updatedAt)}
                        </td>
                      )}
                      {data.columns.length === 0 && (
                        <td data-label="QuickBooks ID" className="mono optional-column">
                          {r.sync.quickbooksId ?? <span className="muted">—</span>}
                        </td>
                      )}
                      <td data-label="Sync status" className="cell-status" data-testid="sync-status">
                        {r.deleted ? (
                          <Badge tone="neutral">Deleted</Badge>
                        ) : (
                          <SyncBadge status={r.sync.status} />
                        )}
                        {!r.deleted &&
                          r.sync.lastError &&
                          (r.sync.status === "failed" || r.sync.status === "held") && (
                            <div className="row-reason">{r.sync.lastError}</div>
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
            page={pageNumber}
            pageCount={data.pageCount}
            onPage={(n) => change({ page: String(n) })}
          />
        </>
      )}
    </section>
  );
}

/** "customers/C-1001" in words: "customer C-1001". */
function namedRecord(references: string): string {
  const slash = references.indexOf("/");
  return `${singularOf(references.slice(0, slash))} ${references.slice(slash + 1)}`;
}

/** Says on a row that the record names records missing or deleted (its page says which). */
function ReferenceBadge({ warnings }: { warnings: RecordRow["warnings"] }) {
  if (warnings.missing + warnings.deleted === 0) return null;
  const parts = [
    warnings.missing > 0 ? `${formatCount(warnings.missing, "record")} not sent yet` : "",
    warnings.deleted > 0 ? `${formatCount(warnings.deleted, "deleted record")}` : "",
  ].filter(Boolean);
  return (
    <div className="row-warning">
      <Badge tone="warning">Names {parts.join(" and ")}</Badge>
    </div>
  );
}

/** A column heading that sorts the list by it, and says which way it is sorted. */
function SortHeader({
  column,
  label,
  sort,
  onSort,
  className,
}: {
  column: string;
  label: string;
  sort: { by: string; direction: "asc" | "desc" } | undefined;
  onSort: (column: string) => void;
  className?: string | undefined;
}) {
  const active = sort?.by === column;
  const direction = active ? sort?.direction : undefined;
  return (
    <th
      scope="col"
      className={className}
      aria-sort={direction === "asc" ? "ascending" : direction === "desc" ? "descending" : "none"}
    >
      <button type="button" className="sort-button" onClick={() => onSort(column)}>
        {label}
        <span className="sort-mark" aria-hidden="true">
          {direction === "asc" ? "▲" : direction === "desc" ? "▼" : ""}
        </span>
      </button>
    </th>
  );
}

/** One value of a list column, read as the bookkeeper expects: a date, an amount, a name that links. */
function ColumnValue({ column, row, company }: { column: ListColumn; row: RecordRow; company: Company }) {
  const value = row.values[column.key];
  if (value === null || value === undefined || value === "") return <span className="muted">—</span>;
  switch (column.look) {
    case "date":
      return <span className="nowrap">{formatDate(value)}</span>;
    case "money":
      return <>{formatDecimal(value, "money")}</>;
    case "code":
      return <>{codeLabel(value)}</>;
    case "reference": {
      const id = row.refs[column.key];
      if (!id || !column.target) return <>{value}</>;
      return <Link href={pathOf("companies", company.id, "records", column.target, id)}>{value}</Link>;
    }
    default:
      return <>{value}</>;
  }
}

/** A click anywhere on a row opens its record, unless it was on a link or selected some text to copy. */
function openRow(event: MouseEvent<HTMLTableRowElement>, href: string) {
  if ((event.target as HTMLElement).closest("a, button, input") || window.getSelection()?.toString()) return;
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
