/// <reference lib="dom" />
/**
 * The HTML report in a real browser: Debian's chromium driven by playwright-core (no browser
 * download). A fake account with planted canary PHI and several failures is scanned by the real CLI
 * twice (JSON and HTML); the page is opened from file:// and must make no request but the document
 * itself, show the JSON's totals (by status, product and safeguard), filter by status and product,
 * show a failure's remediation and --fix command, and hold no canary in its DOM. A missing browser
 * fails this suite (never a silent skip): CI installs it (.ci/run).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { formatHtml } from '../../src/tooling/preflight/output/html';
import { buildReport, type Report } from '../../src/tooling/preflight/output/report';
import { ALL_RULES } from '../../src/tooling/preflight/rules';
import type { Finding } from '../../src/tooling/preflight/types';
import { assertNoCanary, CANARY_BODY, CANARY_NAME, CANARY_PHONE } from '../helpers/canary';
import { runCli } from './cli-helpers';
import { finishWorld, startWorld, type World } from './harness';

/** The system browser (Debian package `chromium`); PREFLIGHT_CHROMIUM overrides the path. */
const CHROMIUM = process.env.PREFLIGHT_CHROMIUM ?? '/usr/bin/chromium';
const STATUSES = ['fail', 'unknown', 'warn', 'pass', 'skip'] as const;
type Counts = Record<(typeof STATUSES)[number], number>;

let browser: Browser;
let dir: string;

beforeAll(async () => {
  // Fail, never skip: a report nobody opened in a browser is not tested.
  if (!existsSync(CHROMIUM))
    throw new Error(`chromium not found at ${CHROMIUM}: install Debian's chromium package (CI: .ci/run does) or set PREFLIGHT_CHROMIUM`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  dir = mkdtempSync(join(tmpdir(), 'report-html-'));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Opens the file from file://, recording every request; anything but the document is aborted. */
async function open(html: string, name: string): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const path = join(dir, name);
  writeFileSync(path, html);
  const url = pathToFileURL(path).href;
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  await page.goto(url, { waitUntil: 'load' });
  return { page, requests, errors };
}

function countsOf(results: readonly { status: (typeof STATUSES)[number] }[]): Counts {
  const c: Counts = { fail: 0, unknown: 0, warn: 0, pass: 0, skip: 0 };
  for (const r of results) c[r.status] += 1;
  return c;
}

async function visibleCards(page: Page): Promise<{ status: string; product: string }[]> {
  return page.$$eval('[data-status][data-product]', (els) =>
    els
      .filter((e) => !(e as HTMLElement).hidden)
      .map((e) => ({ status: e.getAttribute('data-status') ?? '', product: e.getAttribute('data-product') ?? '' })),
  );
}

async function setStatuses(page: Page, on: readonly string[]): Promise<void> {
  for (const s of STATUSES) await page.setChecked(`input[data-filter-status][value="${s}"]`, on.includes(s));
}

describe('HTML report, fake account with canary PHI, in chromium', () => {
  let world: World;
  let json: Report;
  let page: Page;
  let requests: string[];
  let errors: string[];

  beforeAll(async () => {
    world = await startWorld();
    // Canary PHI everywhere the API could carry it, and real failures to report.
    world.fake.resources.all('accounts')[0]!.friendly_name = `${CANARY_NAME} ${CANARY_PHONE}`;
    const number = world.fake.resources.all('incoming_phone_numbers')[0]!;
    Object.assign(number, {
      phone_number: CANARY_PHONE,
      friendly_name: CANARY_NAME,
      sms_url: `http://clinic.example/sms?patient=${CANARY_PHONE}`,
      sms_method: 'GET',
    });
    for (const m of world.fake.resources.all('messages')) Object.assign(m, { body: CANARY_BODY, to: CANARY_PHONE });
    const svc = world.fake.resources.all('messaging_services')[0]!;
    svc.inbound_method = 'GET';
    writeFileSync(join(world.projectRoot, 'dist', 'functions', 'open.js'), 'exports.handler = () => {};\n');
    const jsonRun = await runCli(world, ['--format', 'json']);
    json = JSON.parse(jsonRun.stdout) as Report;
    const htmlRun = await runCli(world, ['--format', 'html', '--output', 'report.html']);
    expect(htmlRun.exitCode).toBe(jsonRun.exitCode);
    ({ page, requests, errors } = await open(readFileSync(join(world.projectRoot, 'report.html'), 'utf8'), 'fake-account.html'));
  }, 120_000);

  afterAll(async () => {
    await page?.close();
    if (world) await finishWorld(world);
  });

  test('the scan found failures (the page has something to show)', () => {
    expect(json.summary.fail).toBeGreaterThan(0);
    expect(json.results.some((r) => r.fixable && r.status === 'fail')).toBe(true);
  });

  test('loads with no network request: only the document itself, no script error', () => {
    expect(requests).toEqual([pathToFileURL(join(dir, 'fake-account.html')).href]);
    expect(errors).toEqual([]);
  });

  test('shows the account, the time of the run and the profile', async () => {
    expect(await page.textContent('[data-meta="account"]')).toBe(json.account);
    expect(await page.getAttribute('[data-meta="time"] time', 'datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await page.textContent('[data-meta="profile"]')).toBe(json.profile);
  });

  test('totals match the JSON report: by status, by product and by safeguard', async () => {
    for (const s of STATUSES) expect(Number(await page.textContent(`[data-total="${s}"] .n`))).toBe(json.summary[s]);
    const products = [...new Set(json.results.map((r) => r.product))].sort();
    expect(await page.$$eval('[data-product-row]', (rows) => rows.map((r) => r.getAttribute('data-product-row')))).toEqual(products);
    for (const p of products) {
      const expected = countsOf(json.results.filter((r) => r.product === p));
      for (const s of STATUSES)
        expect({ p, s, n: Number(await page.textContent(`[data-product-row="${p}"] [data-p-status="${s}"]`)) }).toEqual({
          p,
          s,
          n: expected[s],
        });
    }
    const sections = [...new Set(json.results.flatMap((r) => r.safeguards))];
    expect(sections.length).toBeGreaterThan(3);
    expect((await page.$$('[data-safeguard-row]')).length).toBe(sections.length);
    for (const section of sections) {
      const expected = countsOf(json.results.filter((r) => r.safeguards.includes(section)));
      for (const s of STATUSES)
        expect(Number(await page.textContent(`[data-safeguard-row="${section}"] [data-s-status="${s}"]`))).toBe(expected[s]);
    }
  });

  test('passes are collapsed by default; failures, warnings and unknowns are listed', async () => {
    expect(await page.$eval('details[data-group="closed"]', (d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await page.isVisible('[data-group="closed"] li[data-status="pass"]')).toBe(false);
    const open = json.results.filter((r) => r.status !== 'pass' && r.status !== 'skip').length;
    expect(await page.$$eval('article.finding', (a) => a.filter((e) => (e as HTMLElement).offsetParent !== null).length)).toBe(open);
  });

  test("a failure's resource, reason, remediation and --fix command are visible", async () => {
    const fixable = json.results.find((r) => r.status === 'fail' && r.fixable)!;
    const card = page.locator(`article[data-rule="${fixable.id}"]`, { hasText: fixable.resource ?? '' }).first();
    expect(await card.locator('[data-field="resource"]').textContent()).toBe(fixable.resource);
    expect(await card.locator('[data-field="reason"]').textContent()).toBe(fixable.reason);
    expect(await card.locator('[data-field="remediation"]').isVisible()).toBe(true);
    expect(await card.locator('[data-field="remediation"]').textContent()).toContain(fixable.remediation);
    expect(await card.locator('[data-field="fix"]').textContent()).toBe(`npm run -s preflight -- --fix --profile ${json.profile}`);
    // Every safeguard of the rule is cited on its card.
    for (const s of fixable.safeguards) expect(await card.locator('.sg').textContent()).toContain(`§${s}`);
  });

  test('filtering by status and by product shows exactly the matching findings', async () => {
    await setStatuses(page, ['fail']);
    let shown = await visibleCards(page);
    expect(shown.length).toBe(json.summary.fail);
    expect(new Set(shown.map((c) => c.status))).toEqual(new Set(['fail']));
    const product = json.results.find((r) => r.status === 'fail')!.product;
    await page.selectOption('#filter-product', product);
    shown = await visibleCards(page);
    expect(shown).toEqual(
      json.results.filter((r) => r.status === 'fail' && r.product === product).map(() => ({ status: 'fail', product })),
    );
    // Passes only, one product: the collapsed list filters too.
    await setStatuses(page, ['pass']);
    shown = await visibleCards(page);
    expect(shown.length).toBe(json.results.filter((r) => r.status === 'pass' && r.product === product).length);
    await page.click('details[data-group="closed"] > summary');
    expect(await page.isVisible(`[data-group="closed"] li[data-status="pass"][data-product="${product}"]`)).toBe(true);
    // Nothing selected: an explicit empty message, not a blank page.
    await setStatuses(page, []);
    expect(await visibleCards(page)).toEqual([]);
    expect(await page.isVisible('[data-group="open"] .empty')).toBe(true);
    // Back to everything.
    await setStatuses(page, STATUSES);
    await page.selectOption('#filter-product', '');
    expect((await visibleCards(page)).length).toBe(json.results.length);
  });

  test('no canary PHI anywhere in the DOM or its text', async () => {
    assertNoCanary(await page.content(), 'HTML report DOM');
    assertNoCanary(await page.evaluate(() => document.body.innerText), 'HTML report text');
    assertNoCanary(readFileSync(join(world.projectRoot, 'report.html'), 'utf8'), 'HTML report file');
  });

  test('on a phone (390 px): nothing wider than the screen; the cards stack', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      await phone.goto(pathToFileURL(join(dir, 'fake-account.html')).href);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const box = await phone.locator('article.finding').first().boundingBox();
      expect(box!.width).toBeLessThanOrEqual(390);
    } finally {
      await phone.close();
    }
  });

  test('on paper: print media hides the filter controls, keeps every open finding, and prints to PDF', async () => {
    const paper = await browser.newPage();
    try {
      await paper.goto(pathToFileURL(join(dir, 'fake-account.html')).href);
      await paper.emulateMedia({ media: 'print' });
      expect(await paper.isVisible('form.filters')).toBe(false);
      const open = json.results.filter((r) => r.status !== 'pass' && r.status !== 'skip').length;
      expect(await paper.$$eval('article.finding', (a) => a.filter((e) => (e as HTMLElement).offsetParent !== null).length)).toBe(open);
      const pdf = await paper.pdf({ format: 'Letter', printBackground: true });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(10_000);
    } finally {
      await paper.close();
    }
  });

  test('without JavaScript every finding is shown (nothing depends on the script)', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const plain = await context.newPage();
      await plain.goto(pathToFileURL(join(dir, 'fake-account.html')).href);
      expect(await plain.$$eval('[data-status][data-product]', (els) => els.filter((e) => (e as HTMLElement).hidden).length)).toBe(0);
      expect(await plain.locator('article.finding').count()).toBe(
        json.results.filter((r) => r.status !== 'pass' && r.status !== 'skip').length,
      );
    } finally {
      await context.close();
    }
  });

  test('says plainly that passing is evidence, not a certification', async () => {
    expect(await page.textContent('[data-statement]')).toMatch(
      /evidence for the HIPAA Security Rule safeguards cited, not a certification/,
    );
  });
});

describe('HTML report, hostile values', () => {
  const sid = `PN${'a'.repeat(32)}`;
  const hostile = (over: Partial<Finding>): Finding => ({
    id: 'MSG-REDACTION-ON',
    title: 'Message Redaction is on',
    severity: 'required',
    product: 'messaging',
    status: 'fail',
    resource: sid,
    reason: `<img src="https://tracker.example/x.gif" onerror="fetch('https://evil.example')"> ${CANARY_PHONE} 202-555-0147 12025550147`,
    evidence: { note: '<script>fetch("https://evil.example")</script>', url: 'https://evil.example/a.css' },
    remediation: '</style><link rel="stylesheet" href="https://evil.example/s.css">',
    fixable: false,
    source: 's',
    safeguards: ['164.312(a)(1)'],
    account: `AC${'1'.repeat(32)}`,
    ...over,
  });

  test('markup in any field is text: no element injected, no request, numbers masked', async () => {
    const report = buildReport({
      findings: [hostile({})],
      account: `AC${'1'.repeat(32)}`,
      accountChecked: true,
      profile: 'redaction',
      exitCode: 1,
      toolVersion: '0',
    });
    const { page, requests, errors } = await open(formatHtml(report), 'hostile.html');
    try {
      expect(requests).toHaveLength(1);
      expect(errors).toEqual([]);
      expect(await page.$$('img, link[rel="stylesheet"], script:not(:last-of-type)')).toHaveLength(0);
      expect(await page.$$('script')).toHaveLength(1);
      const text = await page.evaluate(() => document.body.innerText);
      expect(text).toContain('<img src=');
      assertNoCanary(await page.content(), 'hostile report DOM');
      expect(text).toContain('+1******0147');
    } finally {
      await page.close();
    }
  });

  test('every shipped rule renders (all statuses) and the page stays valid', async () => {
    const findings = ALL_RULES.map((r, i): Finding => ({
      ...hostile({}),
      id: r.meta.id,
      title: r.meta.title,
      product: r.meta.product,
      safeguards: r.meta.safeguards,
      status: STATUSES[i % 5]!,
      reason: 'fixed text',
    }));
    const report = buildReport({
      findings,
      account: `AC${'1'.repeat(32)}`,
      accountChecked: true,
      profile: 'redaction',
      exitCode: 1,
      toolVersion: '0',
    });
    const { page, requests } = await open(formatHtml(report), 'all-rules.html');
    try {
      expect(requests).toHaveLength(1);
      expect((await visibleCards(page)).length).toBe(findings.length);
    } finally {
      await page.close();
    }
  });
});
