// Accessibility checks for the browser stage, with axe-core through
// @axe-core/playwright (both pinned in package-lock.json).
//
// Each page is checked on the page load the other checks use, in the light
// theme with axe-core's default rule set (every rule it enables without
// options: WCAG 2.0 and 2.1 levels A and AA and its best practices; AAA,
// experimental and WCAG 2.2's target-size are off by default), then, after
// switching to the navy theme through mdBook's theme menu, with the rules
// whose outcome depends on colours. A theme only changes colours (mdBook's
// themes set colour variables and swap the highlighting stylesheet), so the
// other rules would find the same in navy.
//
// Colour contrast inside code blocks is most of axe's time (every token is a
// span) and depends only on the theme and the highlighting classes. So the
// colour rules look inside a page's code blocks only when they hold a kind
// of token not checked on an earlier page (a tag with its hljs-* classes, in
// the same surroundings: content, quiz, list, table, quote); every other
// element of every page is checked in both themes.
//
// A violation of impact "serious" or "critical" is a failure; "moderate"
// and "minor" ones are counted and listed once at the end.

import { createRequire } from 'node:module';
import { AxeBuilder } from '@axe-core/playwright';

const require = createRequire(import.meta.url);
export const AXE_VERSION = require('axe-core/package.json').version;

/** The rules that depend on colours, run again in the dark theme. */
export const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];
export const DARK_THEME = 'navy';
const FAILING = new Set(['serious', 'critical']);
/** At most this many elements are listed per rule and page. */
const LISTED = 3;

/**
 * An axe run on the page. Legacy mode runs axe.run() in the page itself;
 * the default runs it in parts and combines them in a new blank page, which
 * only matters for cross-origin frames (the book has none) and costs a page
 * per run. Only violations come back with all their elements.
 */
function builder(page) {
  return new AxeBuilder({ page }).setLegacyMode(true).options({ resultTypes: ['violations'] });
}

/** The rules axe ran, from one result: every rule lands in one of the lists. */
function rulesOf(results) {
  const all = [...results.passes, ...results.violations, ...results.incomplete, ...results.inapplicable];
  return [...new Set(all.map((r) => r.id))].sort();
}

/** The WCAG levels and best practices among the tags of the rules that ran. */
function tagsOf(results) {
  const tags = new Set();
  for (const rule of [...results.passes, ...results.violations, ...results.incomplete, ...results.inapplicable]) {
    for (const tag of rule.tags) {
      if (/^(wcag2a|wcag2aa|wcag21a|wcag21aa|wcag22a|wcag22aa|best-practice)$/.test(tag)) tags.add(tag);
    }
  }
  return [...tags].sort();
}

/** The first line of what axe says is wrong with an element. */
function why(node) {
  const lines = (node.failureSummary ?? '').split('\n').map((l) => l.trim());
  return lines.find((l) => l && !/^Fix (any|all) of the following:$/.test(l)) ?? '';
}

/** Code blocks; diagrams are not code and are always checked. */
const CODE = 'pre:not(.mermaid)';

/** The kinds of token in the page's code blocks (see the top of the file). */
async function codeTokens(page) {
  return page.evaluate((selector) => {
    const kinds = new Set();
    for (const pre of document.querySelectorAll(selector)) {
      const around = pre.closest('.quiz-placeholder, blockquote, table, li');
      const where = !around ? 'content' : around.classList.contains('quiz-placeholder') ? 'quiz' : around.tagName.toLowerCase();
      for (const element of [pre, ...pre.querySelectorAll('*')]) {
        const classes = [...element.classList].filter((c) => /^(hljs|boring$|line-number)/.test(c)).sort();
        kinds.add(`${where} ${element.tagName.toLowerCase()}${classes.map((c) => `.${c}`).join('')}`);
      }
    }
    return [...kinds];
  }, CODE);
}

/**
 * Accessibility state for a whole run: the rules printed once, the kinds of
 * code token already checked, minor findings tallied.
 */
export function accessibility({ say, fail }) {
  const minor = new Map();
  const checkedTokens = new Set();
  let pages = 0;
  let pagesWithCode = 0;
  let runs = 0;
  let millis = 0;
  let printed = false;

  function report(label, theme, results) {
    for (const violation of results.violations) {
      if (FAILING.has(violation.impact)) {
        const nodes = violation.nodes;
        nodes.slice(0, LISTED).forEach((node) => {
          fail(label, `axe ${theme} ${violation.id} (${violation.impact})`, `${node.target.join(' ')}: ${why(node)} [${violation.helpUrl.split('?')[0]}]`);
        });
        if (nodes.length > LISTED) {
          fail(label, `axe ${theme} ${violation.id} (${violation.impact})`, `and ${nodes.length - LISTED} more elements`);
        }
      } else {
        const key = `${violation.id} (${violation.impact}, ${theme})`;
        minor.set(key, (minor.get(key) ?? 0) + violation.nodes.length);
      }
    }
  }

  async function analyze(run) {
    const started = Date.now();
    const results = await run.analyze();
    millis += Date.now() - started;
    runs += 1;
    return results;
  }

  /** The colour rules, inside code blocks only if `withCode`. */
  function colourRun(page, withCode) {
    const run = builder(page).withRules(COLOUR_RULES);
    return withCode ? run : run.exclude(CODE);
  }

  /**
   * Light: every default rule except the colour ones on the whole page, and
   * the colour rules; then the same colour rules in the dark theme, which
   * `toDark(page)` switches to (it returns false if it could not).
   */
  async function check(page, label, toDark) {
    pages += 1;
    const tokens = await codeTokens(page);
    const withCode = tokens.some((token) => !checkedTokens.has(token));
    if (withCode) {
      pagesWithCode += 1;
    }
    const structure = await analyze(builder(page).disableRules(COLOUR_RULES));
    const colours = await analyze(colourRun(page, withCode));
    if (!printed) {
      printed = true;
      const rules = [...new Set([...rulesOf(structure), ...COLOUR_RULES])].sort();
      say(
        `axe-core ${AXE_VERSION}: ${rules.length} rules, its defaults (tags ${tagsOf(structure).join(', ')}), in light; ` +
          `${COLOUR_RULES.join(' and ')} again in ${DARK_THEME}: ${rules.join(' ')}`,
      );
    }
    report(label, 'light', structure);
    report(label, 'light', colours);
    if (await toDark(page)) {
      report(label, DARK_THEME, await analyze(colourRun(page, withCode)));
    }
    tokens.forEach((token) => checkedTokens.add(token));
  }

  function finish() {
    const list = [...minor.entries()].map(([key, count]) => `${key} x${count}`);
    say(
      `axe: ${runs} runs on ${pages} pages, ${(millis / 1000).toFixed(0)} s; colours inside code blocks checked on ${pagesWithCode} pages ` +
        `(${checkedTokens.size} kinds of token); moderate and minor findings (not failures): ${list.length ? list.join(', ') : 'none'}`,
    );
  }

  return { check, finish };
}

/**
 * Switches mdBook's theme the way a reader does, through the theme menu,
 * and returns whether the page now has that theme.
 */
export async function switchTheme(page, theme, timeout) {
  await page.locator('#mdbook-theme-toggle').click({ timeout });
  await page.locator(`#mdbook-theme-${theme}`).click({ timeout });
  return page.evaluate((t) => document.documentElement.classList.contains(t), theme);
}
