// Checks the dashboard's segment selector in real headless Chromium (Debian's /usr/bin/chromium).
// Usage: node segments-check.mjs <base-url> <api-key> <static-report.html> <screenshot-dir> <k>
// For every segment of the static report (offline) and of the server's /dashboard it selects the
// segment and reads what the page shows: the segment of the visible view, the model's and the rules'
// AUC in its metrics table, its drawn charts, and the headline at capacity K (on the server, with the
// JSON API's figures for that segment beside it). Prints one JSON object; exits 1 when a check fails.
import { chromium } from 'playwright-core';

const [base, key, report, shots, kText] = process.argv.slice(2);
const k = Number(kText);
const fail = (msg) => { console.error('segments check failed: ' + msg); process.exit(1); };
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});

const errors = [];
// What the page shows for one segment ('' for every lead) at capacity K (at most the segment's largest week).
async function look(page, segment) {
  await page.selectOption('#segment', segment);
  try {
    await page.waitForFunction((s) => document.body.dataset.segment === s, segment);
  } catch (e) {
    fail('segment ' + segment + ' was not shown; errors: ' + JSON.stringify(errors));
  }
  await page.fill('#k', String(k));
  await page.locator('#k').dispatchEvent('change');
  try {
    await page.waitForFunction(([s, kk]) => document.body.dataset.segment === s && Number(document.body.dataset.k) === kk, [segment, k]);
  } catch (e) {
    const shown = await page.evaluate(() => ({ ...document.body.dataset }));
    fail('segment ' + segment + ' at K ' + k + ': the page shows ' + JSON.stringify(shown) + '; errors: ' + JSON.stringify(errors));
  }
  return page.evaluate(() => {
    const views = [...document.querySelectorAll('.view')].filter((v) => !v.hidden);
    const view = views[0];
    const auc = (label) => {
      const row = [...view.querySelectorAll('table[id^=metrics] tr')].find((tr) => tr.cells[0] && tr.cells[0].textContent.startsWith(label));
      return row ? row.cells[1].textContent : null;
    };
    return {
      visible: views.map((v) => v.dataset.segment),
      model_auc: auc('model'),
      rules_auc: auc('hand-tuned'),
      charts: [...view.querySelectorAll('svg.chart')].filter((s) => s.querySelectorAll('path.series, rect.bar').length > 0).length,
      caught_model: Number(document.getElementById('caught-model').textContent.replace(/,/g, '')),
      caught_rules: Number(document.getElementById('caught-rules').textContent.replace(/,/g, '')),
    };
  });
}

const seen = { static: {}, server: {} };
try {
  // 1. The static report, with no server and no network.
  const offline = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await offline.route('**/*', (route) => route.request().url().startsWith('file:') ? route.continue() : route.abort());
  const page = await offline.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('file://' + report);
  await page.waitForFunction(() => document.body.dataset.k !== undefined);
  const segments = await page.$$eval('#segment option', (os) => os.map((o) => o.value));
  if (segments.length < 3 || segments[0] !== '') fail('segment options: ' + JSON.stringify(segments));
  for (const s of segments.slice(1)) {
    seen.static[s] = await look(page, s);
    await page.screenshot({ path: shots + '/segment-' + s + '.png', fullPage: true });
  }
  seen.static[''] = await look(page, '');

  // 2. The server's dashboard: the headline of a segment is the JSON API's figure for it.
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const live = await context.newPage();
  await live.goto(base + '/dashboard');
  await live.fill('#login-key', key);
  await Promise.all([live.waitForURL(base + '/dashboard'), live.click('#login-submit')]);
  await live.waitForFunction(() => document.body.dataset.k !== undefined);
  for (const s of segments.slice(1)) {
    const shown = await look(live, s);
    const api = await (await context.request.get(base + '/dashboard/api/capacity?k=' + k + '&segment=' + encodeURIComponent(s))).json();
    seen.server[s] = { shown, api };
  }
  await live.screenshot({ path: shots + '/segment-server.png', fullPage: true });
  console.log(JSON.stringify(seen));
} finally {
  await browser.close();
}
