import { formatDuration } from '../config/duration.js';
import { escapeHtml } from './html.js';
import type { StatusDocument } from './status.js';

/** The stylesheet of the status page (served as a file: the CSP allows no inline style). */
export const STATUS_CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#1d232b;background:#fafbfc}
h1{font-size:1.3rem;margin:0 0 .3rem}p.meta{margin:0 0 1.2rem;color:#4a5665}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.3rem .6rem;border-bottom:1px solid #e3e7ec;vertical-align:top}
th{background:#eef1f5;font-weight:600}td.value{font-family:ui-monospace,monospace;word-break:break-all}
td.source span{display:block;color:#6b7785;font-size:.85em}
.default{color:#6b7785}.file{color:#1e5fa8}.env{color:#8a4b00}.flag{color:#6a2e9c}`;

function shown(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** When a value was last set, as the talk's table shows it: "2013-03-14 21:43:34" (UTC). */
function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** The talk's /status table for people: version, region, uptime, and each key's value, source and last update. */
export function statusPage(status: StatusDocument): string {
  const uptime = status.uptimeSeconds === undefined ? '' : ` · up ${formatDuration(status.uptimeSeconds * 1000)}`;
  const rows = status.config
    .map((entry) => {
      const origin = entry.origin ? `<span>${escapeHtml(entry.origin)}</span>` : '';
      return `<tr><td>${escapeHtml(entry.key)}</td><td class="value">${escapeHtml(shown(entry.value))}</td><td class="source ${escapeHtml(entry.source)}">${escapeHtml(entry.source)}${origin}</td><td>${when(entry.updatedAt)}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>simian status</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/status.css"></head>
<body><h1>Status</h1>
<p class="meta">App version ${escapeHtml(status.version)} · ${escapeHtml(status.regions.join(', '))}${escapeHtml(uptime)} · config loaded ${when(status.loadedAt)} UTC</p>
<h2>Configs</h2>
<table><thead><tr><th>Key</th><th>Value</th><th>Source</th><th>Last Update</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}
