// Drives the dashboard in headless Debian chromium through playwright-core (no browser download):
// used by the demo smoke test (smoke.mjs). The README screenshots come from the browser tests (../browser-tests).
import { chromium } from 'playwright-core';

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** Opens the dashboard, signs in with the demo form and waits until the workspaces table is shown. */
export async function signIn(page, base, user, password = user) {
  await page.goto(base);
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', password);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#app:not([hidden]) #workspaces');
}

/** Shows a team's workspaces by its button in the team bar, as a user would. */
export async function selectTeam(page, team) {
  await page.locator('#teams button', { hasText: new RegExp(`^${team}( ·|$)`) }).click();
  await page.waitForFunction((t) => document.querySelector('#team-title')?.textContent === `Workspaces of ${t}`, team);
}

/** The rows of the workspaces table: [{ name, phase }], name being the workspace's name (not its display name). */
export async function workspaceRows(page) {
  return page.$$eval('#workspaces tbody tr', (rows) => rows.map((tr) => {
    const cell = tr.cells[0];
    const name = (cell.querySelector('.hint') || cell.querySelector('b'))?.textContent.trim();
    return { name, phase: tr.querySelector('.badge')?.textContent.trim() };
  }));
}
