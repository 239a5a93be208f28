// Layout checks: usable at 1280×800 and at phone width (390×844): no horizontal overflow on any
// tab, the tabs reachable by keyboard (arrow keys move between them), screenshots of each.
import { join } from 'node:path';

export const layoutChecks = [
  ['keyboard: arrow keys move between tabs and show their panels', async (page, { assert }) => {
    await page.focus('#tab-weights');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'tab-jacobian');
    assert.equal(await page.$eval('#panel-jacobian', (p) => p.hidden), false);
    assert.equal(await page.$eval('#panel-weights', (p) => p.hidden), true);
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'tab-hessian');
    await page.keyboard.press('Home');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'tab-weights');
  }],
  ['phone width: no tab overflows horizontally', async (page, { out, assert }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const tab of ['weights', 'jacobian', 'hessian']) {
      await page.click(`#tab-${tab}`);
      await page.waitForTimeout(tab === 'jacobian' ? 1500 : 300);
      const visible = await page.$$eval('[role=tabpanel]', (panels) => panels.filter((p) => p.getBoundingClientRect().height > 0).map((p) => p.id));
      assert.deepEqual(visible, [`panel-${tab}`], 'exactly the selected panel is shown');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 1, `${tab} tab overflows by ${overflow} px at 390 px`);
      await page.screenshot({ path: join(out, `phone-${tab}.png`), fullPage: true });
    }
  }],
];
