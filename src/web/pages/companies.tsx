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
              {companies.map((c) => (
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
                    <Link href={pathOf("companies", c.id, "keys")}>API keys</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
