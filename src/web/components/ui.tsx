// Small pieces every screen uses: status badges, notices, loading and empty states, paging.
import type { ReactNode } from "react";
import { ApiError } from "../api.ts";
import { jobOutcome, syncStatus, type Tone } from "../format.ts";

export function Badge({ tone, children, title }: { tone: Tone; children: ReactNode; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

export function SyncBadge({ status }: { status: string | null | undefined }) {
  const look = syncStatus(status);
  return (
    <Badge tone={look.tone} title={look.hint}>
      {look.label}
    </Badge>
  );
}

export function OutcomeBadge({ outcome, type }: { outcome: string | null | undefined; type?: string }) {
  const look = jobOutcome(outcome, type);
  return <Badge tone={look.tone}>{look.label}</Badge>;
}

export function Notice({
  tone = "danger",
  children,
  action,
}: {
  tone?: Tone;
  children: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className={`notice notice-${tone}`} role={tone === "danger" ? "alert" : "status"}>
      <div>{children}</div>
      {action}
    </div>
  );
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const message = error instanceof Error ? error.message : String(error);
  // Asking again helps when the server or the network failed, not when the answer was "no such thing".
  const answered = error instanceof ApiError && error.status > 0 && error.status < 500;
  return (
    <Notice
      tone={error instanceof ApiError && error.status === 404 ? "neutral" : "danger"}
      action={
        onRetry &&
        !answered && (
          <button type="button" className="button-quiet" onClick={onRetry}>
            Try again
          </button>
        )
      }
    >
      {message}
    </Notice>
  );
}

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="loading" aria-live="polite">
      {label}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children && <div className="empty-body">{children}</div>}
    </div>
  );
}

/** Pages by number: first, previous, where we are, next, last. */
export function Pager({
  summary,
  page,
  pageCount,
  onPage,
}: {
  summary: ReactNode;
  page: number;
  pageCount: number;
  onPage: (page: number) => void;
}) {
  // A new page starts at its top, not where the last one was left.
  const go = (n: number) => () => {
    onPage(n);
    window.scrollTo(0, 0);
  };
  return (
    <nav className="pager" aria-label="Pages">
      <span className="pager-summary">{summary}</span>
      <span className="pager-buttons">
        <button type="button" className="button-quiet" disabled={page <= 1} onClick={go(1)}>
          « First
        </button>
        <button type="button" className="button-quiet" disabled={page <= 1} onClick={go(page - 1)}>
          ← Previous
        </button>
        <span className="pager-position">
          Page {page.toLocaleString()} of {pageCount.toLocaleString()}
        </span>
        <button type="button" className="button-quiet" disabled={page >= pageCount} onClick={go(page + 1)}>
          Next →
        </button>
        <button type="button" className="button-quiet" disabled={page >= pageCount} onClick={go(pageCount)}>
          Last »
        </button>
      </span>
    </nav>
  );
}

/** Pages through a list the server walks with cursors (newest first), one page forward or back. */
export function CursorPager({
  summary,
  hasPrevious,
  hasNext,
  onPrevious,
  onNext,
}: {
  summary: ReactNode;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
}) {
  const go = (turn: () => void) => () => {
    turn();
    window.scrollTo(0, 0);
  };
  return (
    <nav className="pager" aria-label="Pages">
      <span className="pager-summary">{summary}</span>
      <span className="pager-buttons">
        <button type="button" className="button-quiet" disabled={!hasPrevious} onClick={go(onPrevious)}>
          ← Previous
        </button>
        <button type="button" className="button-quiet" disabled={!hasNext} onClick={go(onNext)}>
          Next →
        </button>
      </span>
    </nav>
  );
}
