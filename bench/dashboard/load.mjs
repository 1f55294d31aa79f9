// Times the leadscore dashboard in real headless Chromium (Debian's /usr/bin/chromium, playwright-core
// from .ci/browser): the served page and the static report, each opened RUNS times in a fresh browser
// context (no cache), plus the page's JSON API calls. Prints one JSON object. Not a test.
// Usage: node load.mjs <base-url> <api-key> <static-report.html> <runs>
import { createRequire } from 'module';
import path from 'path';
import { fileURLToPath } from 'url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../.ci/browser/package.json'));
const { chromium } = require('playwright-core');

const [base, key, report, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 10);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});

// Opens url in a fresh context; returns the browser's navigation timing and the time until every
// chart has drawn and the capacity headline is set (the page is usable).
async function open(url, headers) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, extraHTTPHeaders: headers });
  const page = await context.newPage();
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => document.body.dataset.k !== undefined
    && [...document.querySelectorAll('svg.chart')].every((s) => s.querySelectorAll('path.series, rect.bar').length > 0));
  const ready = Date.now() - t0;
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0];
    return { response_end_ms: n.responseEnd, dom_content_loaded_ms: n.domContentLoadedEventEnd, load_event_ms: n.loadEventEnd,
             transfer_bytes: n.transferSize || n.encodedBodySize, charts: document.querySelectorAll('svg.chart').length };
  });
  await context.close();
  return { ...nav, ready_ms: ready };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
const summary = (rows) => Object.fromEntries(['response_end_ms', 'dom_content_loaded_ms', 'load_event_ms', 'ready_ms']
  .map((k) => [k, { median: Math.round(median(rows.map((r) => r[k]))), max: Math.round(Math.max(...rows.map((r) => r[k]))) }]));

const out = { runs };
await open(base + '/dashboard', { Authorization: 'Bearer ' + key }); // warm-up (JIT, page cache)
const served = [];
for (let i = 0; i < runs; i++) served.push(await open(base + '/dashboard', { Authorization: 'Bearer ' + key }));
out.served = { ...summary(served), transfer_bytes: served[0].transfer_bytes, charts: served[0].charts };
const fileUrl = 'file://' + path.resolve(report);
await open(fileUrl, {});
const stat = [];
for (let i = 0; i < runs; i++) stat.push(await open(fileUrl, {}));
out.static_report = { ...summary(stat), charts: stat[0].charts };

// The page's API calls: a capacity change and a drill-down.
const ctx = await browser.newContext({ extraHTTPHeaders: { Authorization: 'Bearer ' + key } });
const timeGet = async (u) => { const t = performance.now(); const r = await ctx.request.get(u); await r.body(); return [r.status(), performance.now() - t]; };
const cap = []; const lead = [];
const page = await ctx.newPage();
await page.goto(base + '/dashboard');
const leadId = await page.evaluate(() => document.getElementById('lead-id').placeholder.replace('lead id, e.g. ', ''));
for (let i = 0; i < runs * 5; i++) {
  const [s1, t1] = await timeGet(base + '/dashboard/api/capacity?k=' + (50 + 37 * i));
  const [s2, t2] = await timeGet(base + '/dashboard/api/lead?id=' + encodeURIComponent(leadId));
  if (s1 !== 200 || s2 !== 200) { console.error('API answered ' + s1 + ' / ' + s2); process.exit(1); }
  cap.push(t1); lead.push(t2);
}
out.api_capacity_ms = { median: +median(cap).toFixed(2), max: +Math.max(...cap).toFixed(2) };
out.api_lead_ms = { median: +median(lead).toFixed(2), max: +Math.max(...lead).toFixed(2) };
await browser.close();
console.log(JSON.stringify(out));
