// Screenshots of the dashboard for the README, taken on a running platform (./air9 up) with Debian's
// chromium:  (cd platform-ui/scripts && npm ci) && node platform-ui/scripts/screenshots.mjs [base-url] [out-dir]
// Signs in as alice, shows her team's workspaces, the details of one, and a refused create.
import { launch, signIn } from './dashboard.mjs';

const base = process.argv[2] || 'http://127.0.0.1:8080';
const out = process.argv[3] || 'docs/img';
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 820 } });
  await signIn(page, base, 'alice');
  await page.waitForSelector('#workspaces tbody tr');
  await page.waitForSelector('#live.on');
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${out}/dashboard.png` });

  await page.click('#workspaces tbody tr:first-child');
  await page.waitForSelector('#details .conditions .condition');
  await page.locator('#details').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${out}/workspace-details.png`, fullPage: true });

  await page.click('#new-ws');
  await page.fill('#create-form input[name=name]', 'too-big');
  await page.fill('#create-form input[name=cpu]', '64');
  await page.fill('#create-form input[name=gpu]', '9');
  await page.click('#create-submit');
  await page.waitForSelector('#create-error:not([hidden])');
  const message = await page.textContent('#create-error');
  await page.screenshot({ path: `${out}/create-refused.png` });
  console.log(`refused create shows: ${message}`);
} finally {
  await browser.close();
}
