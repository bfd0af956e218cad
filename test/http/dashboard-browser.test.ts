// biome-ignore-all lint/performance/useDomNodeTextContent: these are playwright's Locator.innerText (what a user sees), not the DOM property
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RevertRegistry } from '../../core/actuator/revert-registry.js';
import { FleetMetrics } from '../../core/http/metrics.js';
import { revertRunner } from '../../core/http/revert-runner.js';
import { type HttpServer, startHttpServer } from '../../core/http/server.js';
import { type DashboardSandbox, FILLER_EVENTS, logger, seedDashboardSandbox, TOKEN } from './dashboard-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = join(import.meta.dirname, '..', '..');
/** The README's screenshots, remade by each run of this test. */
const SHOTS = join(ROOT, 'docs', 'img');

let sandbox: DashboardSandbox;
let server: HttpServer;
let browser: Browser;
// Node's types only: what runs in the page is passed as source text.
const problems: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the dashboard's browser test drives Debian's chromium (apt-get install chromium, or bash scripts/ensure-peers.sh)`,
    );
  }
  // The page as `npm run build` bundles it, so the test never runs stale assets.
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-dashboard.mjs')], { stdio: 'inherit' });
  mkdirSync(SHOTS, { recursive: true });
  sandbox = await seedDashboardSandbox();
  server = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    config: () => sandbox.config,
    redis: sandbox.redis,
    metrics: new FleetMetrics(),
    logger,
    reverts: revertRunner({
      ...sandbox.deps,
      logger,
      registry: new RevertRegistry(sandbox.redis, { prefix: sandbox.prefix }),
    }),
    dashboard: sandbox.deps,
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await sandbox?.close();
});

/** A page that records every console error and uncaught exception (a CSP violation is one). */
/** A browser far from the calendar's zone, so a time shown in the browser's own zone would be caught. */
const BROWSER_ZONE = 'Pacific/Auckland';

async function openPage(width: number, height: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, timezoneId: BROWSER_ZONE });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  return page;
}

/** "14:05" in `timeZone`, as a person there reads their clock. */
const hourMinute = (iso: string, timeZone: string) =>
  new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });

/** How an event's time reads in `timeZone`: "23:52" today, "6 Dec 23:52" on another day (the fixture spans hours). */
function eventTime(iso: string, timeZone: string): string {
  const day = (date: Date, options: Intl.DateTimeFormatOptions = {}) =>
    date.toLocaleDateString('en-GB', { timeZone, ...options });
  const at = new Date(iso);
  const today = day(new Date()) === day(at);
  return today
    ? hourMinute(iso, timeZone)
    : `${day(at, { day: 'numeric', month: 'short' })} ${hourMinute(iso, timeZone)}`;
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });

async function openTab(page: Page, name: string, ready: string): Promise<void> {
  await page.click(`nav.tabs a[href="#${name}"]`);
  await page.locator(ready).first().waitFor();
}

describe('the dashboard in a browser', () => {
  it('shows the plan, the timeline, the fleet map, findings and reverts; turns the kill switch on, then reverts now', async () => {
    const page = await openPage(1280, 800);
    await page.goto(`${server.url}/#today`);

    // Today: the day's plan, each monkey's day, what happened.
    await page.locator('table.plan tr[data-run]').nth(1).waitFor();
    const runs = await page.locator('table.plan tr[data-run]').allInnerTexts();
    expect(runs.map((row) => row.split('\t')[2])).toEqual(['web-prod', 'api-prod']);
    expect(runs.every((row) => row.includes('to come'))).toBe(true);
    expect(await page.locator('.card[data-monkey="gorilla"]').innerText()).toMatch(/armed\s+1/);
    expect(await page.locator('li[data-schedule="gorilla-tuesdays"]').innerText()).toMatch(
      /gorilla.*0 10 \* \* 2.*armed.*next/s,
    );
    expect(await page.locator('header.top').innerText()).toMatch(/Kill switch off/);
    // Cards only for monkeys; a report monkey's card says nothing of armed or dry runs.
    expect(
      await page.locator('.card[data-monkey]').evaluateAll((cards) => cards.map((card) => card.dataset.monkey)),
    ).toEqual(['chaos', 'conformity', 'gorilla', 'janitor', 'security']);
    expect(await page.locator('.card[data-monkey="conformity"]').innerText()).not.toMatch(/armed|dry run/);
    // Periods as people write them; a report monkey's schedule is a report, never armed.
    const often = page.locator('li[data-schedule="conformity-often"]');
    expect(await often.innerText()).toMatch(/conformity.*every 2m.*report/s);
    expect(await often.locator('.badge.armed, .badge.dry').count()).toBe(0);
    // Times in the calendar's zone, 24-hour, whatever the browser's zone.
    const zone = sandbox.config.global.calendar.timezone;
    expect(await page.locator('header.top').innerText()).toContain(`times in ${zone}`);
    const firstRun = sandbox.plan[0]?.at ?? '';
    expect(await page.locator('table.plan tr[data-run] td').first().innerText()).toContain(hourMinute(firstRun, zone));
    await shot(page, 'dashboard');

    // Timeline: the chart, every event with dry run or armed, a filter, an event expanded.
    await openTab(page, 'timeline', '.chart canvas');
    const armed = page.locator('.event', { hasText: 'did stop-instance' });
    expect(await armed.locator('.badge.armed').innerText()).toBe('armed');
    expect(await page.locator('.event', { hasText: 'would terminate-instance' }).locator('.badge.dry').count()).toBe(1);
    await page.selectOption('select[name="monkey"]', 'gorilla');
    await page.waitForFunction("document.querySelectorAll('#timeline .event').length === 3");
    await armed.locator('summary').click();
    expect(await armed.locator('pre').innerText()).toContain('"runId": "gorilla-r1"');
    await page.selectOption('select[name="monkey"]', '');
    // Only runs that can act are armed or dry runs: not the kill switch, an alert, or a report monkey's run.
    for (const text of ['kill switch off', 'trigger simian/gorilla-r1', 'conformity (group all)']) {
      expect(await page.locator('.event', { hasText: text }).locator('.badge.armed, .badge.dry').count(), text).toBe(0);
    }
    // One page of events at a time (of the 11 game-day events and the busy hour before): a page tall, however busy.
    const listed = page.locator('#timeline .event');
    await page.waitForFunction("document.querySelectorAll('#timeline .event').length === 50");
    expect(await page.locator('.more').innerText()).toMatch(new RegExp(`newest 50 of ${FILLER_EVENTS + 11} listed`));
    expect(await page.evaluate<number>('document.documentElement.scrollHeight')).toBeLessThan(4000);
    await page.click('.more button');
    await page.waitForFunction("document.querySelectorAll('#timeline .event').length === 100");
    expect(await listed.count()).toBe(100);
    // The time axis: 24-hour labels in the calendar's zone, far enough apart never to touch.
    const ticks = ((await page.locator('.chart').getAttribute('data-ticks')) ?? '').split('|');
    expect(ticks.length).toBeGreaterThan(1);
    for (const tick of ticks)
      expect(tick).toMatch(/^([01]\d|2[0-3]):[0-5]\d(\n\d{1,2} [A-Z][a-z]{2})?$|^\d{1,2} [A-Z][a-z]{2}$/);
    const chartWidth = await page.locator('.chart').evaluate((chart) => chart.clientWidth);
    expect(chartWidth / ticks.length).toBeGreaterThanOrEqual(64);
    const armedAt = (await armed.locator('time').getAttribute('datetime')) ?? '';
    expect(await armed.locator('time').innerText()).toBe(eventTime(armedAt, zone));
    await page.evaluate('window.scrollTo(0, 0)');
    await shot(page, 'dashboard-timeline');

    // Fleet map: zones × groups with counts, opt-in per monkey, gorilla's targets per zone.
    await openTab(page, 'fleet', 'tr[data-group="web-prod"]');
    const web = await page.locator('tr[data-group="web-prod"] td.cell').allInnerTexts();
    expect(web).toEqual(['1', '1', '1']);
    expect(await page.locator('tr[data-group="batch-dev"] td.cell').allInnerTexts()).toEqual(['1', '1', '—']);
    expect(await page.locator('tr[data-group="api-prod"] .badge[data-monkey="gorilla"]').innerText()).toBe('✓ gorilla');
    expect(await page.locator('tr[data-group="db-prod"] .badge[data-monkey="gorilla"]').getAttribute('title')).toMatch(
      /opted out/,
    );
    expect(await page.locator('tr[data-group="queue-prod"] td.cell').allInnerTexts()).toEqual(['3', '1', '0']);
    expect(await page.locator('tr[data-group="queue-prod"] td.warn').innerText()).toBe('±3');
    expect(await page.locator('tr.gorilla').innerText()).toMatch(/gorilla targets\s+5\s+3\s+2/);
    await shot(page, 'dashboard-fleet');

    // Findings by severity and owner; the Janitor's mark.
    await openTab(page, 'findings', '.finding');
    expect(await page.locator('.finding').allInnerTexts()).toEqual([
      expect.stringMatching(/critical.*cert-expiring.*team-web@example.com/s),
      expect.stringMatching(/warning.*required-tags.*ops@example.com/s),
    ]);
    expect(await page.locator('.card.severity.critical .count').innerText()).toBe('1');
    expect(
      await page.locator(`table.janitor tr[data-resource="${sandbox.fleet.volumes.detached[0]}"]`).innerText(),
    ).toMatch(/old-detached-volume.*in 3 days/s);
    await shot(page, 'dashboard-findings');

    // Reverts with their deadline; stop conditions with their states.
    await openTab(page, 'safety', `tr[data-revert="${sandbox.revertId}"]`);
    expect(await page.locator(`tr[data-revert="${sandbox.revertId}"]`).innerText()).toMatch(
      /in 2\dm.*stop-instance.*pending/s,
    );
    expect(await page.locator('.stops li').allInnerTexts()).toEqual([
      expect.stringMatching(/quiet dash-api-5xx/),
      expect.stringMatching(/in ALARM dash-web-5xx/),
      expect.stringMatching(/missing dash-never-created/),
    ]);
    await shot(page, 'dashboard-reverts');

    // The phone: the same page in 390 px, nothing wider than the screen.
    const phone = await openPage(390, 844);
    await phone.goto(`${server.url}/#today`);
    await phone.locator('table.plan tr[data-run]').first().waitFor();
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot(phone, 'dashboard-phone');
    await openTab(phone, 'fleet', 'tr[data-group="web-prod"]');
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot(phone, 'dashboard-phone-fleet');
    await openTab(phone, 'timeline', '.chart canvas');
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(await phone.evaluate<number>('document.documentElement.scrollHeight')).toBeLessThan(8000);
    await shot(phone, 'dashboard-phone-timeline');

    // The kill switch: one button, a confirmation asking why and the token once, then the new state everywhere.
    await page.click('.killswitch button');
    await page.fill('input[name="reason"]', 'error rate climbing on web-prod');
    await page.fill('input[name="who"]', 'ana');
    await page.fill('input[name="token"]', TOKEN);
    await page.click('.dialog button[type="submit"]');
    await page.locator('.killswitch[data-state="on"]').waitFor();
    expect(await page.locator('.killswitch').innerText()).toMatch(
      /Kill switch ON[\s\S]*ana[\s\S]*error rate climbing on web-prod/i,
    );
    const stored = JSON.parse((await sandbox.redis.get(`${sandbox.prefix}:killswitch`)) ?? '{}');
    expect(stored).toMatchObject({ on: true, who: 'ana', why: 'error rate climbing on web-prod' });
    expect(await page.evaluate<string | null>("sessionStorage.getItem('simian.token')")).toBe(TOKEN);
    await shot(page, 'dashboard-killswitch');

    // Revert now: the token is not asked again; the fault is undone and leaves the list.
    await page.click(`tr[data-revert="${sandbox.revertId}"] button`);
    expect(await page.locator('.dialog input[name="token"]').count()).toBe(0);
    await page.click('.dialog button[type="submit"]');
    expect(await page.locator('.notice').innerText()).toMatch(/^done: start-instance/);
    await page.locator(`tr[data-revert="${sandbox.revertId}"]`).waitFor({ state: 'detached' });

    expect(problems).toEqual([]);
  });
});
