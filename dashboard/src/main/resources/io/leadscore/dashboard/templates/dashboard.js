// The dashboard's behaviour, inlined into the page by dashboard.peb. Its figures come from the JSON
// data island (#dashboard-data): a static report carries its leads there, the server's page asks the
// server's JSON API for the capacity figures and for leads.
const DATA = JSON.parse(document.getElementById('dashboard-data').textContent);
const MODE = DATA.mode;
const fmt = n => Math.round(n).toLocaleString('en-US');
// The segment shown ('' for every lead), chosen with #segment on a model with segments.
let SEGMENT = '';
function show(c) {
  document.querySelectorAll('.kval').forEach(e => e.textContent = fmt(c.k));
  for (const r of Object.keys(DATA.labels)) { const e = document.getElementById('caught-' + r); if (e) e.textContent = fmt(c[r]); }
  document.getElementById('contacted').textContent = fmt(c.leads_contacted);
  document.getElementById('k').value = c.k; document.getElementById('k-slider').value = c.k;
  document.body.dataset.segment = SEGMENT;
  document.body.dataset.k = c.k;
}
function local(k) {
  const cap = SEGMENT ? DATA.segments[SEGMENT].capacity : DATA.capacity; k = Math.max(0, Math.min(cap.max_k, k));
  const c = {k: k, leads_contacted: Math.round(cap.leads_contacted[k])};
  for (const r of Object.keys(cap.caught)) c[r] = Math.round(cap.caught[r][k]);
  return c;
}
function update(k) {
  k = parseInt(k, 10); if (!(k >= 0)) return;
  const segment = SEGMENT ? '&segment=' + encodeURIComponent(SEGMENT) : '';
  if (MODE === 'server') fetch('dashboard/api/capacity?k=' + k + segment, {credentials: 'same-origin'}).then(r => r.json()).then(show);
  else show(local(k));
}
function esc(s) { return String(s).replace(/[&<>"']/g, ch => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[ch])); }
function renderLead(l) {
  const box = document.getElementById('lead');
  if (!l) { box.innerHTML = '<p>No such lead among the held-out leads.</p>'; return; }
  let h = '<p><b>' + esc(l.id) + '</b>: model ' + (100 * l.probability).toFixed(1) + '% (score ' + esc(l.score) + ', ' + esc(l.tier) + ')'
    + ' · rules ' + esc(l.rule_points) + ' points (' + esc(l.rule_tier) + ')'
    + (l.scorecard_points !== undefined ? ' · learned scorecard ' + esc(l.scorecard_points) + ' points' : '')
    + ' · ' + (l.converted ? 'converted' : 'did not convert') + '</p><table class="reasons"><tr><th>reason</th><th>value</th><th>effect on the odds</th></tr>';
  for (const r of l.reasons) h += '<tr><td>' + esc((DATA.descriptions || {})[r.feature] || r.feature) + '</td><td>' + esc(r.value) + '</td><td>'
    + (r.contribution >= 0 ? 'raises' : 'lowers') + ' ×' + Math.exp(Math.abs(r.contribution)).toFixed(2) + '</td></tr>';
  box.innerHTML = h + '</table>';
}
document.getElementById('lookup').addEventListener('submit', ev => {
  ev.preventDefault();
  const id = document.getElementById('lead-id').value.trim();
  if (MODE === 'server') fetch('dashboard/api/lead?id=' + encodeURIComponent(id), {credentials: 'same-origin'})
    .then(r => r.ok ? r.json() : null).then(renderLead);
  else renderLead((DATA.leads || []).find(l => l.id === id));
});
function renderHistory(h) {
  const box = document.getElementById('history');
  if (!h || !h.scores || !h.scores.length) { box.innerHTML = '<p>No logged predictions for this lead.</p>'; return; }
  const pts = h.scores.slice().reverse(); // the route answers newest first; the chart reads left to right
  const W = 480, H = 160, L = 28, R = 10, T = 8, B = 8;
  const t = pts.map(p => Date.parse(p.predicted_at)), t0 = t[0], t1 = t[t.length - 1];
  const x = i => L + (pts.length === 1 ? 0.5 : t1 > t0 ? (t[i] - t0) / (t1 - t0) : i / (pts.length - 1)) * (W - L - R);
  const y = s => T + (1 - s / 100) * (H - T - B);
  let svg = '<svg id="history-chart" class="history" viewBox="0 0 ' + W + ' ' + H + '" width="' + W + '" height="' + H
    + '" role="img" aria-label="score over time">';
  for (const s of [0, 50, 100]) svg += '<line class="grid" x1="' + L + '" x2="' + (W - R) + '" y1="' + y(s) + '" y2="' + y(s) + '"/>'
    + '<text x="' + (L - 4) + '" y="' + (y(s) + 4) + '" text-anchor="end">' + s + '</text>';
  svg += '<path class="history-line" d="M' + pts.map((p, i) => x(i).toFixed(1) + ',' + y(p.score).toFixed(1)).join(' L') + '"/>';
  pts.forEach((p, i) => {
    svg += '<circle class="point ' + esc(p.tier) + '" cx="' + x(i).toFixed(1) + '" cy="' + y(p.score).toFixed(1) + '" r="4" data-score="'
      + esc(p.score) + '" data-tier="' + esc(p.tier) + '"><title>' + esc(p.predicted_at + ': score ' + p.score + ' (' + p.tier + '), '
      + p.model_version) + '</title></circle>';
  });
  const last = pts[pts.length - 1];
  box.innerHTML = svg + '</svg><p id="history-summary">' + pts.length + ' predictions, ' + esc(pts[0].predicted_at.slice(0, 10)) + ' to '
    + esc(last.predicted_at.slice(0, 10)) + '; now score ' + esc(last.score) + ' (' + esc(last.tier) + ').</p>';
}
const historyForm = document.getElementById('history-lookup');
if (historyForm) historyForm.addEventListener('submit', ev => {
  ev.preventDefault();
  const id = document.getElementById('history-id').value.trim();
  if (id) fetch('v1/leads/' + encodeURIComponent(id) + '/scores?limit=200', {credentials: 'same-origin'})
    .then(r => r.ok ? r.json() : null).then(renderHistory);
});
document.getElementById('k').addEventListener('change', e => update(e.target.value));
document.getElementById('k-slider').addEventListener('input', e => update(e.target.value));
const picker = document.getElementById('segment');
if (picker) picker.addEventListener('change', () => {
  SEGMENT = picker.value;
  document.querySelectorAll('.view').forEach(v => { v.hidden = v.dataset.segment !== SEGMENT; });
  update(document.getElementById('k').value);
});
update(document.getElementById('k').value);
