/**
 * The web console in a cluster: two daemons (child processes) on one PostgreSQL schema, the console
 * served by the first, in headless Chromium. The Host selector shows the other host's sessions,
 * and a log-off from there is run by the daemon that owns the session. Skipped, with the reason,
 * when PostgreSQL is not reachable; needs Chromium as test/console.test.ts does.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Browser, chromium } from 'playwright-core';
import { freshSchema, pgUnreachable } from '../src/store/postgres/_test-pg.ts';
import { buildConsole } from '../web/build.ts';
import { ADMIN_PASSWORD, type ClusterNode, eventually, startNode } from './_cluster-harness.ts';

if (pgUnreachable !== undefined) process.stdout.write(`# cluster console test skipped: ${pgUnreachable}\n`);

function chromiumPath(): string {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  try {
    const found = execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
      encoding: 'utf8',
    }).trim();
    if (found !== '') return found;
  } catch {}
  throw new Error(
    'The web console browser tests need Chromium: `apt-get update && apt-get install -y chromium`, or set CHROMIUM_PATH.',
  );
}

describe('the console of a cluster', { skip: pgUnreachable ?? false }, () => {
  const schema = freshSchema();
  let webDir: string;
  let a: ClusterNode;
  let b: ClusterNode;
  let browser: Browser;

  before(async () => {
    const executablePath = chromiumPath();
    webDir = mkdtempSync(join(tmpdir(), 'logond-cluster-console-'));
    await buildConsole({ outDir: webDir });
    a = await startNode({ name: 'hosta', schema, env: { LOGOND_WEB_ROOT: webDir } });
    b = await startNode({ name: 'hostb', schema });
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu'],
    });
  });

  after(async () => {
    await browser?.close();
    await Promise.all([a, b].filter((n) => n !== undefined).map((n) => n.stop()));
    if (webDir !== undefined) rmSync(webDir, { recursive: true, force: true });
  });

  test('the Host selector shows another host’s sessions, and a log-off from there runs on its owner', async () => {
    const admin = (await a.logon('Administrator', ADMIN_PASSWORD)).token;
    const created = await a.call('POST', '/v1/users', {
      token: admin,
      body: { userName: 'grace', password: 'Grace-pa55word' },
    });
    assert.equal(created.status, 201);
    const session = await b.openSession('grace', 'Grace-pa55word');

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const page = await context.newPage();
    // Generous: the machine may be busy with other work (benchmarks pin and prioritise their processes).
    page.setDefaultTimeout(30_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // This host's list answers slowly, so the Host selector changes while it is on its way: the view
    // must then show hostb's list, not the late answer for hosta (a race CI once hit).
    await page.route(
      (url) => url.pathname === '/v1/wts/sessions' && !url.searchParams.has('server'),
      async (route) => {
        await new Promise((r) => setTimeout(r, 1_500));
        await route.continue();
      },
    );
    await page.goto(`${a.url}/`);
    await page.getByLabel('User name').fill('Administrator');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sessions' }).waitFor();

    const host = page.getByRole('combobox', { name: 'Host' });
    assert.equal(await host.inputValue(), 'hosta');
    await host.selectOption('hostb');
    const row = page.locator(`tr[data-session-id="${session.sessionId}"]`);
    await row.getByText('grace').first().waitFor();
    await page
      .getByText(/on hostb/)
      .first()
      .waitFor();

    await row.getByRole('button', { name: 'Log off' }).click();
    const dialog = page.getByRole('dialog', { name: /Log off session/ });
    await dialog.getByRole('button', { name: 'Log off' }).click();
    await row.waitFor({ state: 'detached' });
    await eventually('grace’s session to be gone on hostb', async () =>
      (await b.call('GET', `/v1/wts/sessions/${session.sessionId}`, { token: admin })).status === 404
        ? true
        : undefined,
    );
    assert.deepEqual(errors, []);
    await context.close();
  });
});
