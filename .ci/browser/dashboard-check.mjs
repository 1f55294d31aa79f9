// Checks the leadscore dashboard in real headless Chromium (Debian's /usr/bin/chromium).
// Usage: node dashboard-check.mjs <base-url> <api-key> <static-report.html> <screenshot-dir> [history-lead-id]
// Prints one JSON object with what it saw; exits 1 with a message when a check fails.
import { chromium } from 'playwright-core';

const [base, key, report, shots, historyLead] = process.argv.slice(2);
const fail = (msg) => { console.error('dashboard check failed: ' + msg); process.exit(1); };
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
const seen = {};
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();

  // 1. Without a key the dashboard asks for one; logging in sets a cookie.
  const t0 = Date.now();
  await page.goto(base + '/dashboard');
  if (!(await page.locator('#login-key').count())) fail('no login form without a key');
  await page.fill('#login-key', key);
  await Promise.all([page.waitForURL(base + '/dashboard'), page.click('#login-submit')]);
  await page.waitForFunction(() => document.body.dataset.k !== undefined);
  seen.load_ms = Date.now() - t0;

  // 2. Every chart has drawn.
  const charts = await page.$$eval('svg.chart', (svgs) => svgs.map((s) => ({ id: s.id, marks: s.querySelectorAll('path.series, rect.bar').length })));
  if (charts.length < 4) fail('expected at least 4 charts, found ' + charts.length);
  for (const c of charts) if (c.marks === 0) fail('chart ' + c.id + ' is empty');
  seen.charts = charts;
  await page.screenshot({ path: shots + '/dashboard.png', fullPage: true });

  // 3. Changing K changes the headline to the numbers the JSON API gives.
  const headline = async () => page.evaluate(() => ({
    k: Number(document.body.dataset.k),
    model: document.getElementById('caught-model').textContent,
    rules: document.getElementById('caught-rules').textContent,
  }));
  const before = await headline();
  const k = before.k + 37;
  await page.fill('#k', String(k));
  await page.press('#k', 'Enter');
  await page.locator('#k').dispatchEvent('change');
  await page.waitForFunction((kk) => Number(document.body.dataset.k) === kk, k);
  const after = await headline();
  const api = await (await context.request.get(base + '/dashboard/api/capacity?k=' + k)).json();
  const num = (s) => Number(String(s).replace(/,/g, ''));
  if (num(after.model) !== api.model || num(after.rules) !== api.rules) fail('headline ' + JSON.stringify(after) + ' != API ' + JSON.stringify(api));
  if (after.model === before.model && after.rules === before.rules) fail('headline did not change with K');
  seen.headline = { before, after, api };

  // 4. Drill-down shows a lead's reasons.
  const leadId = await page.evaluate(() => document.getElementById('lead-id').placeholder.replace('lead id, e.g. ', ''));
  await page.fill('#lead-id', leadId);
  await page.click('#lookup button');
  await page.waitForSelector('#lead table.reasons tr:nth-child(2)');
  seen.reasons = await page.$$eval('#lead table.reasons tr', (rows) => rows.length - 1);
  await page.screenshot({ path: shots + '/drilldown.png', fullPage: false });

  // 5. The live panel's drift table shows the live API's figures, worst first.
  const rows = await page.$$eval('#drift tr[data-feature]', (trs) => trs.map((tr) => ({
    feature: tr.dataset.feature,
    psi: tr.querySelector('td.psi').textContent,
    verdict: tr.querySelector('td.verdict').textContent,
    n: tr.querySelector('td.n').textContent,
  })));
  if (rows.length < 1) fail('the live panel has no drift rows');
  const live = await (await context.request.get(base + '/dashboard/api/live')).json();
  const drift = live.drift.features;
  if (drift.length !== rows.length) fail('drift rows ' + rows.length + ' != API ' + drift.length);
  rows.forEach((r, i) => {
    const a = drift[i];
    if (r.feature !== a.feature || Math.abs(Number(r.psi) - a.psi) > 0.005 + 1e-9 || r.verdict !== a.verdict || num(r.n) !== a.predictions) {
      fail('drift row ' + i + ' ' + JSON.stringify(r) + ' != API ' + JSON.stringify(a));
    }
    if (!/^\d+\.\d\d$/.test(r.psi)) fail('PSI not shown with 2 decimals: ' + r.psi);
    if (i > 0 && a.psi > drift[i - 1].psi) fail('drift not sorted worst first');
  });
  const explain = await page.$eval('#drift + p.explain', (p) => p.textContent);
  if (!explain.includes('PSI compares')) fail('no explanation under the drift table');
  seen.drift = { rows: rows.length, predictions: live.drift.predictions, worst: rows[0] };
  await page.locator('#live').screenshot({ path: shots + '/live-drift.png' });

  // 6. A lead's score history: the chart shows every logged prediction the history route gives, oldest on the left.
  if (historyLead) {
    const api = await (await context.request.get(base + '/v1/leads/' + encodeURIComponent(historyLead) + '/scores?limit=200')).json();
    await page.fill('#history-id', historyLead);
    await page.click('#history-lookup button');
    await page.waitForSelector('#history-chart circle.point');
    const points = await page.$$eval('#history-chart circle.point', (cs) => cs.map((c) => ({
      score: Number(c.dataset.score), tier: c.dataset.tier, x: Number(c.getAttribute('cx')) })));
    const want = api.scores.slice().reverse().map((p) => ({ score: p.score, tier: p.tier }));
    if (JSON.stringify(points.map(({ score, tier }) => ({ score, tier }))) !== JSON.stringify(want)) {
      fail('history chart ' + JSON.stringify(points) + ' != API ' + JSON.stringify(want));
    }
    points.forEach((p, i) => { if (i > 0 && p.x < points[i - 1].x) fail('history points not left to right in time'); });
    if (!(await page.locator('#history-chart path.history-line').count())) fail('no line in the history chart');
    seen.history = { points: points.length, scores: points.map((p) => p.score), summary: await page.textContent('#history-summary') };
    await page.locator('#history').screenshot({ path: shots + '/lead-history.png' });
  }

  // 7. The static report opens with no server and no network and shows the same numbers.
  const offline = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await offline.route('**/*', (route) => route.request().url().startsWith('file:') ? route.continue() : route.abort());
  const staticPage = await offline.newPage();
  await staticPage.goto('file://' + report);
  await staticPage.waitForFunction(() => document.body.dataset.k !== undefined);
  await staticPage.fill('#k', String(k));
  await staticPage.locator('#k').dispatchEvent('change');
  await staticPage.waitForFunction((kk) => Number(document.body.dataset.k) === kk, k);
  const st = await staticPage.evaluate(() => ({
    model: document.getElementById('caught-model').textContent,
    rules: document.getElementById('caught-rules').textContent,
  }));
  if (num(st.model) !== api.model || num(st.rules) !== api.rules) fail('static report ' + JSON.stringify(st) + ' != API ' + JSON.stringify(api));
  const staticCharts = await staticPage.$$eval('svg.chart', (svgs) => svgs.filter((s) => s.querySelectorAll('path.series, rect.bar').length > 0).length);
  if (staticCharts < 4) fail('static report charts: ' + staticCharts);
  await staticPage.screenshot({ path: shots + '/static-report.png', fullPage: true });
  seen.static = st;
  console.log(JSON.stringify(seen));
} finally {
  await browser.close();
}
