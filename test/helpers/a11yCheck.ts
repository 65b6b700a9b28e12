// An accessibility scan of the page as it is, by axe-core (the maintained WCAG checker), injected into
// the page: the rules of WCAG 2.x A and AA, and the violations a user of a screen reader or a keyboard
// would be stopped by (axe's "serious" and "critical").
import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** axe-core's own script, as the package ships it for injection into a page. */
const axeSource = axe.source;

export interface A11yViolation {
  rule: string;
  impact: string;
  help: string;
  /** Where, as CSS selectors of the first few offending elements. */
  targets: string[];
}

export async function seriousA11yViolations(page: Page): Promise<A11yViolation[]> {
  // Evaluated through the debugging protocol: the app's CSP rightly refuses an inline <script>.
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(`${axeSource};0`);
  return (await page.evaluate(`
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })
      .then((r) => r.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => ({ rule: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => {
          const d = (n.any[0] && n.any[0].data) || {};
          return String(n.target) + (d.fgColor ? ' [' + d.fgColor + ' on ' + d.bgColor + ' = ' + d.contrastRatio + ']' : '');
        }) })))
  `)) as A11yViolation[];
}
