// The reference the console is timed against (scripts/bench): plain JavaScript that fetches the
// same JSON from the same server (GET /api/v1/accounts/{account}/snapshots?limit=N) and draws
// the same table — name (a link), short id with a copy button, status badge, size, volume
// (a link), created and updated times — in one pass. Served from the console's origin, so the
// console's Content Security Policy applies to it as well.
const params = new URLSearchParams(location.search);
const account = params.get('account') ?? 'demo';
const limit = params.get('limit') ?? '100';

const time = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const shown = (stamp) => (stamp ? time.format(new Date(`${stamp}Z`)) : '—');

function cell(row, text, className) {
  const td = row.insertCell();
  if (className) td.className = className;
  if (text !== undefined) td.textContent = text;
  return td;
}

function link(parent, href, text) {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  parent.append(a);
}

const response = await fetch(
  `/api/v1/accounts/${encodeURIComponent(account)}/snapshots?limit=${encodeURIComponent(limit)}`,
);
const page = await response.json();
const table = document.createElement('table');
const head = table.createTHead().insertRow();
for (const title of ['Name', 'ID', 'Status', 'Size', 'Volume', 'Created', 'Updated']) {
  const th = document.createElement('th');
  th.scope = 'col';
  th.textContent = title;
  head.append(th);
}
const body = table.createTBody();
const base = `/accounts/${encodeURIComponent(account)}/snapshots`;
for (const snapshot of page.snapshots) {
  const row = body.insertRow();
  link(cell(row), `${base}/${encodeURIComponent(snapshot.id)}`, snapshot.name || '(unnamed)');
  const id = cell(row);
  const code = document.createElement('code');
  code.title = snapshot.id;
  code.textContent = snapshot.id.slice(0, 8);
  const copy = document.createElement('button');
  copy.type = 'button';
  copy.textContent = 'Copy';
  copy.addEventListener('click', () => navigator.clipboard?.writeText(snapshot.id));
  id.append(code, copy);
  const badge = document.createElement('span');
  badge.className = 'badge';
  badge.textContent = snapshot.status;
  cell(row).append(badge);
  cell(row, `${snapshot.size_gib} GB`, 'num');
  link(cell(row), `${base}?volume_id=${encodeURIComponent(snapshot.volume_id)}`, snapshot.volume_id);
  cell(row, shown(snapshot.created_at));
  cell(row, shown(snapshot.updated_at));
}
document.getElementById('status').replaceWith(table);
