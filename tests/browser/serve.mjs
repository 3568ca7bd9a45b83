// Drives `s55 serve` in Chromium as an officer would: the dashboard, a response's page, an answer
// edited in the form and saved (the YAML file changes there and nowhere else), the file edited on
// disk (the page updates by itself), the file broken (the terminal's message appears in the page),
// a date typed the British way (refused beside its field). axe-core (WCAG 2.0/2.1/2.2 A and AA) runs
// on every page shown, at a laptop's width and at 200% zoom on a laptop; a request naming another
// host (DNS rebinding) and a form posted from another site (even one that knows the token) are
// refused; a report uploaded from the dashboard starts a response. Screenshots go to --screenshots. Exit 1 on any problem.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, copyFileSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

function arg(name) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || i + 1 >= process.argv.length) throw new Error(`missing --${name}`);
  return process.argv[i + 1];
}
const s55 = arg('s55');
const repo = arg('repo');
const executablePath = arg('chromium');
const screenshots = arg('screenshots');
mkdirSync(screenshots, { recursive: true });

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const LAPTOP = { name: 'laptop', width: 1280, height: 800 };
// A 1280-pixel laptop screen at 200% zoom.
const ZOOM200 = { name: 'zoom200', width: 640, height: 400 };

const failures = [];
const fail = (what) => { failures.push(what); console.error(`  FAIL ${what}`); };
const check = (ok, what) => { if (!ok) fail(what); };

// The office: two responses and the injection fixture.
const office = mkdtempSync(join(tmpdir(), 's55-serve-office-'));
mkdirSync(join(office, 'responses'));
for (const f of ['tests/fixtures/site/hertfordshire-ncpi.yaml', 'tests/fixtures/site/dorset-draft.yaml',
  'tests/fixtures/injection/every-field.yaml']) {
  copyFileSync(join(repo, f), join(office, 'responses', f.split('/').pop()));
}
const herts = join(office, 'responses', 'hertfordshire-ncpi.yaml');
const original = readFileSync(herts, 'utf8');

const server = spawn(s55, ['serve', '--port', '0', '--today', '2020-04-22'], {
  cwd: office, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NO_COLOR: '1' },
});
const base = await new Promise((resolve, reject) => {
  createInterface({ input: server.stdout }).once('line', (l) => resolve(l.trim().replace(/\/$/, '')));
  server.once('exit', (code) => reject(new Error(`s55 serve exited with ${code}`)));
});
const port = Number(new URL(base).port);
console.log(`s55 serve is at ${base}`);

const userDataDir = mkdtempSync(join(tmpdir(), 's55-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: LAPTOP.width, height: LAPTOP.height },
});
const page = await context.newPage();
const problems = [];
page.on('console', (msg) => {
  if (msg.type() === 'error' && !(msg.location() && (msg.location().url || '').endsWith('/favicon.ico'))) {
    problems.push(`console error: ${msg.text()}`);
  }
});
page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
page.on('request', (req) => {
  if (!req.url().startsWith(base + '/')) problems.push(`request leaves the server: ${req.url().slice(0, 100)}`);
});
function flush(where) {
  for (const p of problems.splice(0)) fail(`${where}: ${p}`);
}

// axe, sideways scrolling, the skip link, and a screenshot, at both sizes.
async function inspect(name) {
  for (const vp of [LAPTOP, ZOOM200]) {
    await page.setViewportSize({ width: vp.width, height: vp.height });
    if (vp === LAPTOP) {
      // From the top of the page, as after loading it.
      await page.evaluate(() => {
        document.body.setAttribute('tabindex', '-1');
        document.body.focus();
        document.body.removeAttribute('tabindex');
      });
      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => document.activeElement && document.activeElement.className);
      check(first === 'skip-link', `${name}: the first Tab reaches "${first}", not the skip link`);
      await page.evaluate(() => document.activeElement && document.activeElement.blur());
    }
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(wide <= 1, `${name} [${vp.name}]: the page is ${wide}px wider than the window`);
    // Through the DevTools protocol: the page's own policy (no inline scripts) stays in force.
    if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(axeSource);
    const violations = await page.evaluate(async (tags) => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} – ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    }, WCAG_TAGS);
    for (const v of violations) fail(`${name} [${vp.name}]: axe ${v}`);
    await page.screenshot({ path: join(screenshots, `serve--${name}--${vp.name}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: LAPTOP.width, height: LAPTOP.height });
  flush(name);
  console.log(`checked ${name}`);
}

try {
  // The dashboard, most urgent first, linking to each response.
  await page.goto(`${base}/`);
  check((await page.locator('h1').textContent()) === 'Responses', 'dashboard: no Responses heading');
  const titles = await page.locator('.responses h2 a').allTextContents();
  check(titles.length === 3, `dashboard lists ${titles.length} responses, not 3`);
  await inspect('dashboard');

  // The response's page, reached by its link.
  await page.click('text=National Child Protection Inspections – Hertfordshire Constabulary');
  await page.waitForSelector('.letter-preview h4');
  check(await page.locator('.letter-preview').isVisible(), 'response: no letter preview');
  await inspect('response');

  // Edit an answer in the form and save: the YAML changes there and nowhere else.
  await page.fill('#a0-owner', 'Head of Public Protection');
  const [afterSave] = await Promise.all([page.waitForNavigation(), page.click('#a0 button[type="submit"]')]);
  console.log(`saved: ${afterSave && afterSave.status()} ${page.url()}`);
  const saved = readFileSync(herts, 'utf8');
  const ownerLine = original.split('\n').find((l) => l.trim().startsWith('owner:'));
  const indent = ownerLine.slice(0, ownerLine.indexOf('owner'));
  check(saved === original.replace(ownerLine, `${indent}owner: Head of Public Protection`),
    'save: the file changed somewhere other than the owner');
  check(existsSync(join(office, 'responses', '.s55-history', 'hertfordshire-ncpi.1.yaml')), 'save: no previous version kept');
  const notice = await page.locator('.notice').textContent();
  check(/kept in responses\/\.s55-history\/hertfordshire-ncpi\.1\.yaml/.test(notice), `save: the page says "${notice}"`);
  await inspect('response-saved');

  // Edit the YAML file on disk: the page updates by itself.
  const marker = 'Updated in the editor, shown without a reload';
  const overview = saved.match(/\n {2}overview: [|>]-?\n {4}([^\n]+)\n/);
  check(overview !== null, 'the fixture has an overview block');
  writeFileSync(herts, saved.replace(overview[1], marker));
  const started = Date.now();
  await page.waitForFunction((m) => document.querySelector('.letter-preview').textContent.includes(m), marker, { timeout: 10000 })
    .catch(() => fail('live: the page did not update by itself within 10 s'));
  console.log(`live update seen in the page after ${Date.now() - started} ms`);
  check((await page.locator('#stale').isVisible()), 'live: the form does not say the file changed since it was opened');
  await inspect('response-live');

  // Break the YAML: the terminal's message appears in the page.
  writeFileSync(herts, saved.replace('report:\n', 'report:\n  title: [unclosed\n'));
  const terminal = spawnSync(s55, ['check', 'responses/hertfordshire-ncpi.yaml'], { cwd: office, env: { ...process.env, NO_COLOR: '1' } })
    .stderr.toString();
  const firstLine = terminal.split('\n')[0];
  await page.waitForFunction((t) => {
    const pre = document.querySelector('.load-error pre');
    return pre && pre.textContent.includes(t);
  }, firstLine, { timeout: 10000 }).catch(() => fail(`broken: "${firstLine}" did not appear in the page`));
  const shown = await page.locator('.load-error pre').textContent().catch(() => '');
  check(shown.trim() === terminal.trim().split('\n\n')[0].trim() || terminal.includes(shown.trim()),
    `broken: the page's message differs from the terminal's:\n${shown}\n---\n${terminal}`);
  await inspect('response-broken-yaml');

  // Put it right; a British date is refused beside its field.
  writeFileSync(herts, saved);
  await page.goto(`${base}/response?file=responses%2Fhertfordshire-ncpi.yaml`);
  await page.fill('#a0-due', '31/08/2020');
  await Promise.all([page.waitForNavigation(), page.click('#a0 button[type="submit"]')]);
  problems.splice(0).filter((p) => !p.includes('422')).forEach((p) => problems.push(p));
  check(await page.locator('.error-summary a[href="#a0-due"]').isVisible(), 'date: no error linked to the field');
  check(readFileSync(herts, 'utf8') === saved, 'date: the file changed');
  await page.click('.error-summary a[href="#a0-due"]');
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  check(focused === 'a0-due' || (await page.evaluate(() => location.hash)) === '#a0-due', 'date: the error link does not lead to the field');
  await inspect('response-date-error');

  // The file changed on disk while the form was open: both versions are shown, nothing written.
  await page.goto(`${base}/response?file=responses%2Fhertfordshire-ncpi.yaml`);
  const theirs = saved.replace(`${indent}owner: Head of Public Protection`, `${indent}owner: Someone in the editor`);
  writeFileSync(herts, theirs);
  await page.fill('#a0-owner', 'Someone in the browser');
  const [conflict] = await Promise.all([page.waitForNavigation(), page.click('#a0 button[type="submit"]')]);
  problems.splice(0).filter((p) => !p.includes('409')).forEach((p) => problems.push(p));
  check(conflict && conflict.status() === 409, `conflict: answered ${conflict && conflict.status()}`);
  check(readFileSync(herts, 'utf8') === theirs, 'conflict: the file was written over');
  const both = await page.locator('.error-summary table').textContent();
  check(both.includes('Someone in the editor') && both.includes('Someone in the browser'), 'conflict: both versions not shown');
  await inspect('response-conflict');
  writeFileSync(herts, saved);

  // A recommendation with no answer: start one, choose no action, give the reason, save.
  const dorset = join(office, 'responses', 'dorset-draft.yaml');
  await page.goto(`${base}/response?file=responses%2Fdorset-draft.yaml`);
  check(await page.locator('.findings').textContent().then((t) => t.includes('R2')), 'unanswered: no finding about R2');
  await Promise.all([page.waitForNavigation(), page.click('text=Start an answer to Recommendation R2')]);
  await page.check('#a1-position-no-action');
  await page.fill('#a1-reason', 'This recommendation is for the Home Office; we will support its review.');
  await Promise.all([page.waitForNavigation(), page.click('#a1 button[type="submit"]')]);
  const dorsetNow = readFileSync(dorset, 'utf8');
  check(/- items: \["R2"\]\n\s+position: no-action\n\s+reason: This recommendation is for the Home Office; we will support its review.\n/.test(dorsetNow),
    `unanswered: the file does not hold the new answer:\n${dorsetNow}`);
  const findingsNow = await page.locator('.findings, .preview-body > p').first().textContent();
  check(!/R2 .*has no answer/.test(findingsNow), 'unanswered: the finding is still there after the answer was written');
  await inspect('response-new-answer');

  // Keyboard only: from the dashboard to the first response, an owner typed and saved.
  await page.goto(`${base}/`);
  const tabTo = async (test, most) => {
    for (let i = 0; i < most; i += 1) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(test)) return true;
    }
    return false;
  };
  check(await tabTo(() => !!document.activeElement.closest('.responses h2'), 30), 'keyboard: no response link reached');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  check(page.url().includes('dorset-draft.yaml'), `keyboard: Enter opened ${page.url()}`);
  check(await tabTo(() => document.activeElement.id === 'a0-owner', 80), 'keyboard: the owner field was not reached');
  await page.keyboard.type('Typed with the keyboard only');
  check(await tabTo(() => document.activeElement.closest('#a0') && document.activeElement.localName === 'button', 10),
    'keyboard: the Save button was not reached');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  check(/\n {6}owner: Typed with the keyboard only\n/.test(readFileSync(dorset, 'utf8')), 'keyboard: the owner was not saved');
  console.log('checked keyboard only');

  // A new report: uploaded from the dashboard with its publication date, it becomes a response file
  // (as `s55 new` writes it) and its page opens, saying what was found.
  await page.goto(`${base}/`);
  await page.setInputFiles('#new-report', join(repo, 'tests/fixtures/reports/hertfordshire-ncpi-2019.pdf'));
  await Promise.all([page.waitForNavigation(), page.click('text=Start the response')]);
  problems.splice(0).filter((p) => !p.includes('422')).forEach((p) => problems.push(p));
  check(await page.locator('.error-summary a[href="#new-published"]').isVisible(), 'new: no error linked to the date field');
  await inspect('dashboard-new-error');
  await page.setInputFiles('#new-report', join(repo, 'tests/fixtures/reports/hertfordshire-ncpi-2019.pdf'));
  await page.fill('#new-published', '2019-02-12');
  await Promise.all([page.waitForNavigation(), page.click('text=Start the response')]);
  const newFile = join(office, 'responses', '2019-02-12-national-child-protection-inspections-hertfordshire-constabulary.yaml');
  check(existsSync(newFile), 'new: no response file written');
  check(page.url().includes('started=1'), `new: the page opened is ${page.url()}`);
  const startedNote = await page.locator('.notice').first().textContent().catch(() => '');
  check(startedNote.includes('found 7 recommendations'), `new: the page says "${startedNote}"`);
  await inspect('response-started');

  // The injection fixture's page: nothing runs.
  await page.goto(`${base}/response?file=responses%2Fevery-field.yaml`);
  check((await page.evaluate(() => window.__pwned)) === undefined, 'injection: a payload ran');
  await inspect('response-injection');

  // DNS rebinding: a request naming another host gets nothing.
  const rebound = await new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: { Host: `evil.example:${port}` } }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', (e) => resolve({ status: 0, body: e.message }));
    req.end();
  });
  check(rebound.status === 421 && !rebound.body.includes('Hertfordshire'), `rebinding: answered ${rebound.status}`);

  // A form posted from another site, even with the token, is refused and the file kept.
  const token = await page.goto(`${base}/response?file=responses%2Fhertfordshire-ncpi.yaml`)
    .then(() => page.locator('input[name="token"]').getAttribute('value'));
  const hash = await page.locator('input[name="hash"]').getAttribute('value');
  const before = readFileSync(herts, 'utf8');
  const evil = createServer((req, res) => {
    res.setHeader('Content-Type', 'text/html');
    res.end(`<!DOCTYPE html><html lang="en"><title>elsewhere</title><form method="post" action="${base}/save?file=responses%2Fhertfordshire-ncpi.yaml">
      <input name="token" value="${token}"><input name="hash" value="${hash}"><input name="a0-owner" value="Pwned">
      <button id="go">go</button></form>`);
  });
  await new Promise((r) => evil.listen(0, '127.0.0.1', r));
  const evilBase = `http://localhost:${evil.address().port}`;
  page.removeAllListeners('request');
  await page.goto(`${evilBase}/`);
  const [posted] = await Promise.all([page.waitForNavigation(), page.click('#go')]);
  check(posted && posted.status() === 403, `cross-site: the post was answered ${posted && posted.status()}`);
  check(readFileSync(herts, 'utf8') === before, 'cross-site: the file changed');
  evil.close();
  problems.splice(0);
  console.log('checked rebinding and cross-site posts');
} catch (e) {
  fail(`the run stopped: ${e.stack || e}`);
} finally {
  await context.close();
  server.kill('SIGINT');
  rmSync(userDataDir, { recursive: true, force: true });
  rmSync(office, { recursive: true, force: true });
}

console.log(`Screenshots: ${screenshots}`);
if (failures.length > 0) {
  console.error(`\n${failures.length} problem(s):`);
  for (const f of failures) console.error(`  ${f}`);
  process.exit(1);
}
console.log('s55 serve: no accessibility violations, console errors or outside requests; edits, live updates and refusals as expected.');
