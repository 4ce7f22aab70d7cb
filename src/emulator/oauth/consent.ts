// The consent page of the authorization endpoint: what a user sees on appcenter.intuit.com before an
// app is connected to a company. Plain HTML with one form, so a test can drive it with two HTTP requests.

export interface ConsentPage {
  appName: string;
  scopes: readonly string[];
  companies: readonly { realmId: string; name: string }[];
}

const SCOPE_LABELS: Record<string, string> = {
  "com.intuit.quickbooks.accounting": "Read and change your QuickBooks accounting data",
  "com.intuit.quickbooks.payment": "Process payments",
  openid: "Know who you are",
  profile: "See your name",
  email: "See your e-mail address",
  phone: "See your phone number",
  address: "See your address",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
  body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; background: #f4f5f8; color: #1f2430;
         margin: 0; display: flex; min-height: 100vh; align-items: center; justify-content: center; }
  main { background: #fff; border-radius: 12px; box-shadow: 0 2px 12px rgba(0,0,0,.08); padding: 32px 36px;
         max-width: 440px; width: 100%; }
  h1 { font-size: 1.25rem; margin: 0 0 8px; }
  p, li { line-height: 1.5; }
  .note { color: #5b6270; font-size: .875rem; }
  label { display: block; margin: 16px 0 6px; font-weight: 600; }
  select { width: 100%; padding: 8px; font-size: 1rem; border: 1px solid #c9ced8; border-radius: 6px; }
  .actions { display: flex; gap: 12px; justify-content: flex-end; margin-top: 24px; }
  button { font-size: 1rem; padding: 9px 20px; border-radius: 6px; border: 1px solid #c9ced8; background: #fff;
           cursor: pointer; }
  button[value=connect] { background: #2c7a3f; border-color: #2c7a3f; color: #fff; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

/** The form posts back to the same URL, query string included, as Intuit's page does. */
export function consentHtml(view: ConsentPage): string {
  const scopes = view.scopes.map((s) => `<li>${escapeHtml(SCOPE_LABELS[s] ?? s)}</li>`).join("");
  const company =
    view.companies.length === 0
      ? `<p>There is no company to connect. Create one through the emulator's control API first.</p>`
      : `<label for="realmId">Company</label>
<select id="realmId" name="realmId">${view.companies
          .map(
            (c) =>
              `<option value="${escapeHtml(c.realmId)}">${escapeHtml(c.name)} (${escapeHtml(c.realmId)})</option>`,
          )
          .join("")}</select>`;
  return page(
    `Connect ${view.appName}`,
    `<h1>Connect ${escapeHtml(view.appName)} to QuickBooks</h1>
<p>${escapeHtml(view.appName)} is asking to:</p><ul>${scopes}</ul>
<form method="post">${company}
<div class="actions"><button type="submit" name="action" value="cancel">Cancel</button>
<button type="submit" name="action" value="connect"${view.companies.length === 0 ? " disabled" : ""}>Connect</button></div>
</form>
<p class="note">QuickBooks Online emulator. Nothing here reaches Intuit.</p>`,
  );
}

/** Shown instead of redirecting when the client or redirect URI cannot be trusted (RFC 6749 §4.1.2.1). */
export function errorHtml(message: string): string {
  return page("Cannot connect", `<h1>This app cannot connect</h1><p>${escapeHtml(message)}</p>`);
}
