// Checks every page of the website folders that run.sh built, in Chromium through playwright-core.
// Fails (exit 1) on any axe-core violation of the WCAG 2.0/2.1/2.2 A and AA rules, any console error
// or page error, any request that leaves the local server, any sign that an injection payload ran or
// reached the page as live markup, a page wider than a 320-pixel viewport (400% zoom), or a skip link
// that is not the first thing the keyboard reaches.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { mkdtempSync, readdirSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');

function arg(name) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || i + 1 >= process.argv.length) throw new Error(`missing --${name}`);
  return process.argv[i + 1];
}
const site = arg('site');
const base = arg('base');
const executablePath = arg('chromium');
const screenshots = arg('screenshots');

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 375, height: 740 },
  // 1280 pixels at 400% zoom: the reflow criterion (WCAG 1.4.10).
  { name: 'zoom400', width: 320, height: 256 },
];

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const files = walk(site).map((f) => relative(site, f).split('\\').join('/')).sort();
const pages = files.filter((f) => f.endsWith('.html') && !f.endsWith('.fragment.html'));
const fragments = files.filter((f) => f.endsWith('.fragment.html'));
const feeds = files.filter((f) => f.endsWith('.atom'));
const lists = files.filter((f) => f.endsWith('.json'));

const failures = [];
const fail = (where, what) => failures.push(`${where}: ${what}`);

const userDataDir = mkdtempSync(join(tmpdir(), 's55-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath,
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
  viewport: { width: 1280, height: 900 },
});

// Looks for live markup an injection could have left: scripts, event handlers, script links,
// frames, forms, objects, images or styles from elsewhere.
function liveMarkup() {
  const found = [];
  if (window.__pwned !== undefined) found.push(`window.__pwned is ${String(window.__pwned)}`);
  if (window.parent && window.parent !== window && window.parent.__pwned !== undefined) found.push('parent.__pwned set');
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.getAttributeNames()) {
      if (attr.toLowerCase().startsWith('on')) found.push(`<${el.localName} ${attr}>`);
      if (attr === 'style') found.push(`<${el.localName} style>`);
      const value = (el.getAttribute(attr) || '').replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
      if (['href', 'src', 'action', 'formaction', 'data', 'srcdoc', 'xlink:href'].includes(attr)
          && /^(javascript|data|vbscript):/.test(value)) found.push(`<${el.localName} ${attr}="${value.slice(0, 40)}">`);
    }
  }
  for (const sel of ['script', 'iframe', 'frame', 'object', 'embed', 'form', 'base', 'img', 'svg', 'math',
    'link[rel~="stylesheet"]', 'meta[http-equiv]', 'input', 'button', 'details', 'video', 'audio']) {
    const n = document.querySelectorAll(sel).length;
    if (n > 0) found.push(`${n} <${sel}> element(s)`);
  }
  // Only the page's own stylesheet is allowed: one <style> in <head>.
  const styles = [...document.querySelectorAll('style')];
  if (styles.length > 1 || styles.some((s) => s.parentElement !== document.head)) found.push('a <style> outside <head>');
  return found;
}

function onlyFavicon(msg) {
  const url = msg.location() && msg.location().url;
  return !url || url.endsWith('/favicon.ico');
}

async function open(page, path, problems) {
  page.removeAllListeners();
  page.on('console', (msg) => {
    // A failed load is reported below with its address; the browser's own favicon request is not
    // the page's doing (the office's website supplies its favicon).
    if (msg.type() === 'error' && !(msg.text().startsWith('Failed to load resource') && onlyFavicon(msg))) {
      problems.push(`console error: ${msg.text()}`);
    }
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && !res.url().endsWith('/favicon.ico')) problems.push(`HTTP ${res.status()} for ${res.url()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('request', (req) => {
    if (!req.url().startsWith(base + '/')) problems.push(`request leaves the site: ${req.url().slice(0, 100)}`);
  });
  const response = await page.goto(`${base}/${path}`, { waitUntil: 'load' });
  if (!response || !response.ok()) problems.push(`HTTP ${response ? response.status() : 'no response'}`);
}

const page = await context.newPage();
let axeRuns = 0;

for (const path of pages) {
  for (const vp of VIEWPORTS) {
    const problems = [];
    await page.setViewportSize({ width: vp.width, height: vp.height });
    await page.emulateMedia({ media: 'screen' });
    await open(page, path, problems);

    // Keyboard: the first Tab lands on a visible skip link to the main content.
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || !el.classList.contains('skip-link')) return `first Tab reaches ${el ? el.outerHTML.slice(0, 80) : 'nothing'}`;
      const box = el.getBoundingClientRect();
      if (box.width < 1 || box.height < 1 || box.left < 0) return 'the skip link is not visible when focused';
      const target = document.querySelector(el.getAttribute('href'));
      return target && target.localName === 'main' ? null : 'the skip link does not lead to <main>';
    });
    if (skip) problems.push(skip);
    await page.keyboard.press('Escape');
    await page.evaluate(() => document.activeElement && document.activeElement.blur());

    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (wide > 1) problems.push(`the page is ${wide}px wider than a ${vp.width}px window (scrolls sideways)`);

    // Before axe is added (it is a script itself).
    for (const live of await page.evaluate(liveMarkup)) problems.push(`live markup: ${live}`);

    await page.addScriptTag({ path: axePath });
    const results = await page.evaluate(async (tags) => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} ${n.failureSummary ? '(' + n.failureSummary.split('\n').slice(1, 2).join(' ').trim() + ')' : ''}`),
      }));
    }, WCAG_TAGS);
    axeRuns += 1;
    for (const v of results) problems.push(`axe ${v.id} (${v.impact}): ${v.help}\n      ${v.nodes.join('\n      ')}`);
    const pwned = await page.evaluate(() => window.__pwned);
    if (pwned !== undefined) problems.push(`an injection payload ran: window.__pwned is ${pwned}`);

    const shot = path.replace(/\.html$/, '').replace(/\//g, '--');
    await page.screenshot({ path: join(screenshots, `${shot}--${vp.name}.png`), fullPage: true });
    if (vp.name === 'desktop') {
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({ path: join(screenshots, `${shot}--print.png`), fullPage: true });
      await page.emulateMedia({ media: 'screen' });
    }
    for (const p of problems) fail(`${path} [${vp.name}]`, p);
  }
  console.log(`checked ${path}`);
}

// Fragments are pasted into other pages: nothing in them may run or stay live.
for (const path of fragments) {
  const problems = [];
  await page.setViewportSize({ width: 1280, height: 900 });
  await open(page, path, problems);
  for (const live of await page.evaluate(liveMarkup)) {
    // A fragment has no <head>, so the page's own <style> rule does not apply; it must have none.
    problems.push(`live markup: ${live}`);
  }
  const extras = await page.evaluate(() => ({
    styles: document.querySelectorAll('style').length,
    h1: document.querySelectorAll('h1').length,
  }));
  if (extras.styles > 0) problems.push('the fragment carries a <style>');
  if (extras.h1 > 0) problems.push('the fragment has an <h1>: the CMS page supplies its own');
  for (const p of problems) fail(path, p);
  console.log(`checked ${path}`);
}

// The feeds and lists must parse, so that readers and the web team's tools can use them.
for (const path of feeds) {
  const problems = [];
  await open(page, path.replace(/[^/]*$/, 'index.html'), problems);
  const text = await page.evaluate(async (url) => (await fetch(url)).text(), `${base}/${path}`);
  const error = await page.evaluate((xml) => {
    const doc = new DOMParser().parseFromString(xml, 'application/xml');
    const err = doc.querySelector('parsererror');
    if (err) return err.textContent.slice(0, 200);
    if (doc.documentElement.localName !== 'feed') return 'the root element is not <feed>';
    return null;
  }, text);
  if (error) problems.push(`not a valid Atom feed: ${error}`);
  for (const p of problems) fail(path, p);
}
for (const path of lists) {
  const text = await page.evaluate(async (url) => (await fetch(url)).text(), `${base}/${path}`);
  try {
    if (!Array.isArray(JSON.parse(text))) fail(path, 'not a JSON list');
  } catch (e) {
    fail(path, `not valid JSON: ${e.message}`);
  }
}

await context.close();
rmSync(userDataDir, { recursive: true, force: true });

console.log(`\n${pages.length} pages (${axeRuns} axe runs at ${VIEWPORTS.length} widths), ${fragments.length} fragments, ${feeds.length} feeds, ${lists.length} JSON lists checked.`);
console.log(`Screenshots: ${screenshots}`);
if (failures.length > 0) {
  console.error(`\n${failures.length} problem(s):`);
  for (const f of failures) console.error(`  ${f}`);
  process.exit(1);
}
console.log('No accessibility violations, console errors, outside requests or live injected markup.');
