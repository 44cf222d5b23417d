import { escape as escapeHtml } from 'html-escaper';
import type { StoredDocument } from './documents';

/**
 * The Documents console panel: static HTML, no script, so it works under the platform's panel
 * CSP (default-src 'none', inline styles only; docs/panels.md). The panel operation answers
 * `{ html }` through the operator lane, which carries JSON; the platform serves the HTML itself.
 * Every stored value is escaped: document ids and installation ids come from other plugins.
 */
export function documentsPanel(documents: readonly Omit<StoredDocument, 'content'>[]): { html: string } {
  const rows = documents
    .map(
      (d) =>
        `<tr><td>${escapeHtml(d.documentId)}</td><td>${d.version}</td><td>${escapeHtml(d.contentType)}</td><td>${escapeHtml(d.storedAt)}</td><td>${escapeHtml(d.storedBy)}</td></tr>`,
    )
    .join('');
  const body =
    documents.length === 0
      ? '<p>No documents stored yet.</p>'
      : `<table><thead><tr><th>Document</th><th>Version</th><th>Type</th><th>Stored</th><th>By</th></tr></thead><tbody>${rows}</tbody></table>`;
  return {
    html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Documents</title><style>body{font:14px system-ui,sans-serif;margin:12px}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left}</style></head><body><h1>Documents</h1>${body}</body></html>`,
  };
}
