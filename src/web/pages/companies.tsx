// The companies Ledgerlink keeps books for. Each has its own records, API keys and, later, its own
// QuickBooks connection.
import { type FormEvent, useState } from "react";
import { api, type Company } from "../api.ts";
import { Empty, ErrorNotice } from "../components/ui.tsx";
import { formatDateTime } from "../format.ts";
import { Link, navigate, pathOf } from "../router.tsx";
import { useTitle } from "../use-async.ts";

export function CompaniesPage({
  companies,
  onChanged,
}: {
  companies: Company[];
  onChanged: () => Promise<void>;
}) {
  useTitle("Companies");
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [renaming, setRenaming] = useState<string>();

  async function create(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const company = await api.createCompany(name.trim());
      setName("");
      await onChanged();
      // A new company is only useful once its operations system has a key.
      navigate(pathOf("companies", company.id, "keys"));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="page page-narrow" aria-labelledby="companies-title">
      <div className="page-head">
        <h1 id="companies-title">Companies</h1>
      </div>
      <form className="card form-inline" onSubmit={create}>
        <label className="field">
          <span>New company</span>
          <input
            name="companyName"
            placeholder="Company name, as on its books"
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
          />
        </label>
        <button type="submit" className="button-primary" disabled={busy || !name.trim()}>
          {busy ? "Adding…" : "Add company"}
        </button>
      </form>
      {error !== undefined && <ErrorNotice error={error} />}
      {companies.length === 0 ? (
        <Empty title="No companies yet.">Add the first one above to start receiving its records.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table table-cards">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">ID</th>
                <th scope="col">Added</th>
                <th scope="col">
                  <span className="visually-hidden">Links</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {companies.map((c) =>
                renaming === c.id ? (
                  <RenameRow
                    key={c.id}
                    company={c}
                    onDone={async (changed) => {
                      setRenaming(undefined);
                      if (changed) await onChanged();
                    }}
                  />
                ) : (
                  <tr key={c.id}>
                    <td data-label="Name" className="cell-title">
                      <Link className="row-title" href={pathOf("companies", c.id, "records", "customers")}>
                        {c.name}
                      </Link>
                    </td>
                    <td data-label="ID" className="mono">
                      {c.id}
                    </td>
                    <td data-label="Added" className="when">
                      {formatDateTime(c.createdAt)}
                    </td>
                    <td className="actions">
                      <button type="button" className="button-quiet" onClick={() => setRenaming(c.id)}>
                        Rename…
                      </button>{" "}
                      <Link href={pathOf("companies", c.id, "keys")}>API keys</Link>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** A company's row while it is being renamed: its name in a field, Save and Cancel. */
function RenameRow({ company, onDone }: { company: Company; onDone: (changed: boolean) => Promise<void> }) {
  const [name, setName] = useState(company.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.renameCompany(company.id, name.trim());
      await onDone(true);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <tr className="is-selected">
      <td colSpan={4}>
        <form className="form-inline" onSubmit={save}>
          <label className="field">
            <span>New name for {company.name}</span>
            <input
              name="companyName"
              value={name}
              onChange={(e) => setName(e.target.value)}
              // biome-ignore lint/a11y/noAutofocus: the field was just asked for
              autoFocus
              required
            />
          </label>
          <button type="submit" className="button-primary" disabled={busy || !name.trim()}>
            {busy ? "Saving…" : "Save name"}
          </button>
          <button type="button" className="button-quiet" onClick={() => onDone(false)}>
            Cancel
          </button>
        </form>
        {error !== undefined && <ErrorNotice error={error} />}
      </td>
    </tr>
  );
}
