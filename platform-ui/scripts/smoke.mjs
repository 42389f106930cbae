// Demo smoke test, browser part (run by .ci/demo-smoke on a platform started with ./air9 up):
//   node platform-ui/scripts/smoke.mjs <base-url> <user> <team>:<workspace>,<workspace>... [<team>:...]
// Signs in on the dashboard as <user> (password = user name), shows each <team> by its button and waits until
// every listed workspace is shown as Running. Exits non-zero, saying what the page showed, when that does not
// happen within SMOKE_TIMEOUT_MS (default 60 s).
import { launch, signIn, selectTeam, workspaceRows } from './dashboard.mjs';

const [base, user, ...specs] = process.argv.slice(2);
const teams = specs.map((spec) => {
  const [team, names] = spec.split(':');
  return { team, names: (names || '').split(',').filter(Boolean) };
});
if (!base || !user || teams.length === 0 || teams.some((t) => !t.team || t.names.length === 0)) {
  console.error('usage: smoke.mjs <base-url> <user> <team>:<workspace>,<workspace>... [<team>:...]');
  process.exit(2);
}
const timeout = Number(process.env.SMOKE_TIMEOUT_MS || 60000);
const browser = await launch();
let page;
try {
  page = await browser.newPage();
  page.setDefaultTimeout(timeout);
  await signIn(page, base, user);
  console.log(`dashboard: signed in as ${(await page.textContent('#who')).replace('Sign out', '').trim()}`);
  for (const { team, names } of teams) {
    await selectTeam(page, team);
    // The table is rendered from the list, then kept current by the live stream.
    await page.waitForFunction((expected) => {
      const running = [...document.querySelectorAll('#workspaces tbody tr')]
        .filter((tr) => tr.querySelector('.badge')?.textContent === 'Running')
        .map((tr) => (tr.cells[0].querySelector('.hint') || tr.cells[0].querySelector('b'))?.textContent.trim());
      return expected.every((n) => running.includes(n));
    }, names);
    const rows = await workspaceRows(page);
    console.log(`dashboard: team ${team} shows ${rows.map((r) => `${r.name} (${r.phase})`).join(', ')}`);
  }
} catch (e) {
  console.error(`dashboard smoke test failed: ${e.message.split('\n')[0]}`);
  if (page) {
    const title = await page.textContent('#team-title').catch(() => '');
    const shown = await workspaceRows(page).catch(() => []);
    const error = await page.textContent('#error').catch(() => '');
    console.error(`the page showed: ${title} ${JSON.stringify(shown)}${error ? `; error: ${error}` : ''}`);
  }
  process.exitCode = 1;
} finally {
  await browser.close();
}
