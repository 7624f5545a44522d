// The browser stage of `cargo xtask test`: loads every page of the built
// book in headless Chromium and checks what only a browser can see.
//
//   HB_CHROMIUM=/usr/bin/chromium node code/xtask/browser/check-site.mjs book
//
// For each page, in a fresh browser context:
// - no console error, uncaught exception, failed request or HTTP error;
// - no request leaves the site: the Rust Playground is stubbed, anything
//   else is aborted and reported;
// - mermaid.min.js loads lazily: pages without a diagram never download it,
//   a page whose diagrams all start far below the first screen does not
//   download it at load, a diagram in view at load renders without
//   scrolling, and every diagram renders to an SVG once scrolled to;
// - every quiz mounts and is answered correctly through its UI;
// - every runnable Rust block shows its Run button;
// - every internal link in the content, page navigation, sidebar and menu
//   bar points at an existing file and, for #fragments, an existing id;
// - no code block scrolls sideways at the 1280x900 viewport;
// - axe-core finds no serious or critical violation in the light theme
//   (its default rules) nor, after switching to navy, in the rules that
//   depend on colours (a11y.mjs).
// Once per run: the study-questions appendix shows the reader's progress
// from their cached quiz answers and resets it (progress.mjs); the search
// finds HB_SEARCH_TERM (default "Sync") on the
// index page, one Run button shows the stubbed playground output, and the
// first page with a diagram renders all of them without scrolling in a
// browser without IntersectionObserver.
//
// Every failure is a line starting with "FAIL "; the exit status is 1 if
// there was any. The last line is a one-line summary.

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { accessibility, DARK_THEME, switchTheme } from './a11y.mjs';
import { measureCode } from './layout.mjs';
import { linkChecker, listPages } from './links.mjs';
import { checkProgress } from './progress.mjs';
import { answerQuiz, QuizError, waitMounted } from './quiz.mjs';
import { startServer } from './server.mjs';

const NAVIGATION_TIMEOUT = 20_000;
const STEP_TIMEOUT = 10_000;
const RENDER_TIMEOUT = 20_000;
const SETTLE_TIMEOUT = 5_000;
// The xtask kills the stage after 10 minutes; stop first, with a report.
const TOTAL_LIMIT = 9 * 60_000;
/** How many pages are checked at once (CI has two cores). */
const PARALLEL_PAGES = 2;
const VIEWPORT = { width: 1280, height: 900 };
// theme/mermaid-loader.js starts the download when a diagram comes within
// this many pixels of the viewport (its NEAR).
const MERMAID_NEAR = 500;

const SEARCH_TERM = process.env.HB_SEARCH_TERM || 'Sync';
const PLAYGROUND = 'https://play.rust-lang.org';
// Crates the stubbed playground offers; book.js hides the Run button of a
// block whose `extern crate` names one that is missing.
const PLAYGROUND_CRATES = ['crossbeam', 'crossbeam_channel', 'futures', 'parking_lot', 'rand', 'rayon', 'tokio'];
const STUB_OUTPUT = 'stub playground: the program ran';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Totals for the summary line and the failure count. */
const totals = {
  pages: 0,
  diagrams: 0,
  quizzes: 0,
  internalOk: new Set(),
  external: new Set(),
  failures: 0,
  measured: [],
  codeBlocks: 0,
  outputBlocks: 0,
  wideBlocks: [],
  column: null,
};
const started = Date.now();

function say(line) {
  process.stdout.write(`${line}\n`);
}

/** Prints a failure line: "FAIL <page>: <rule>: <detail>". */
function fail(page, rule, detail) {
  totals.failures += 1;
  say(`FAIL ${page}: ${rule}: ${detail}`);
}

const axe = accessibility({ say, fail });

/** The first line of an error message (Playwright appends call logs). */
function firstLine(err) {
  return String(err?.message ?? err).split('\n')[0];
}

/**
 * What a page threw. For a thrown non-Error (mermaid rejects with plain
 * objects) Playwright only reports the message "Object", without a stack.
 */
function describeThrown(err) {
  const message = firstLine(err);
  return message === 'Object' && !err?.stack
    ? 'a non-Error object was thrown or a promise rejected with one (mermaid does this on a syntax error)'
    : message;
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function mb(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The `site-url` from the book.toml next to the book directory, as /path/. */
function siteUrlPrefix(bookDir) {
  let prefix = '/';
  try {
    const toml = readFileSync(join(bookDir, '..', 'book.toml'), 'utf8');
    prefix = toml.match(/^\s*site-url\s*=\s*"([^"]*)"/m)?.[1] ?? '/';
  } catch {
    // No book.toml: serve at the root.
  }
  if (!prefix.startsWith('/')) prefix = `/${prefix}`;
  if (!prefix.endsWith('/')) prefix = `${prefix}/`;
  return prefix;
}

/** Answers the book's requests to the Rust Playground without the network. */
async function stubPlayground(route, record) {
  const request = route.request();
  const cors = {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
    'Access-Control-Allow-Headers': 'Content-Type',
  };
  const path = new URL(request.url()).pathname;
  if (request.method() === 'OPTIONS') {
    await route.fulfill({ status: 204, headers: cors });
  } else if (path === '/meta/crates') {
    const crates = PLAYGROUND_CRATES.map((id) => ({ id, name: id, version: '1.0.0' }));
    await route.fulfill({ status: 200, headers: cors, json: { crates } });
  } else if (path === '/evaluate.json') {
    record.evaluations.push(request.postDataJSON());
    await route.fulfill({ status: 200, headers: cors, json: { result: `${STUB_OUTPUT}\n`, error: null } });
  } else {
    return false;
  }
  return true;
}

/**
 * Routes and watches every request of a page. Same-origin requests go to
 * the test server, the playground is stubbed, everything else is aborted
 * and reported. Records bytes for requests made while `loading` is true.
 */
async function watchNetwork(page, site, label, pageUrl) {
  const record = {
    loading: true,
    aborted: new Set(),
    reported: new Set(),
    inflight: new Set(),
    idleWaiters: [],
    measured: [],
    evaluations: [],
    urls: [],
  };
  await page.route('**/*', async (route) => {
    const request = route.request();
    const url = request.url();
    if (new URL(url).origin === site.origin) {
      await route.continue();
    } else if (url.startsWith(`${PLAYGROUND}/`) && (await stubPlayground(route, record))) {
      // Stubbed.
    } else {
      record.aborted.add(url);
      fail(label, 'external-request', `${request.method()} ${url} (aborted: the test allows no network)`);
      await route.abort('blockedbyclient');
    }
  });
  // page.route() does not see WebSockets: same rule, separate hook.
  await page.routeWebSocket(/.*/, (socket) => {
    if (new URL(socket.url()).host === new URL(site.origin).host) {
      socket.connectToServer();
    } else {
      record.aborted.add(socket.url());
      fail(label, 'external-request', `WebSocket ${socket.url()} (closed: the test allows no network)`);
      socket.close({ code: 1008, reason: 'blocked by the browser test' });
    }
  });
  page.on('request', (request) => {
    record.inflight.add(request);
    record.urls.push(request.url());
    if (record.loading) {
      record.measured.push(request);
    }
  });
  const done = (request) => {
    record.inflight.delete(request);
    if (record.inflight.size === 0) {
      record.idleWaiters.splice(0).forEach((wake) => wake());
    }
  };
  page.on('requestfinished', done);
  page.on('requestfailed', (request) => {
    done(request);
    // Aborted by us, already reported as an HTTP error, or cut off by closing.
    const known = record.aborted.has(request.url()) || record.reported.has(request.url());
    if (!known && !record.closing) {
      record.reported.add(request.url());
      fail(label, 'request-failed', `${request.url()}: ${request.failure()?.errorText}`);
    }
  });
  page.on('response', (response) => {
    const expected404 = label === '404.html' && response.url() === pageUrl;
    if (response.status() >= 400 && !expected404) {
      record.reported.add(response.url());
      fail(label, 'http-status', `${response.status()} for ${response.url()}`);
    }
  });
  page.on('console', (message) => {
    const where = message.location()?.url ?? '';
    const expected404 = label === '404.html' && where === pageUrl && /\b404\b/.test(message.text());
    // A failed load is reported once, by the request rules above.
    const known = record.aborted.has(where) || record.reported.has(where);
    if (message.type() === 'error' && !expected404 && !known) {
      fail(label, 'console-error', `${message.text()}${where ? ` (${where})` : ''}`);
    }
  });
  page.on('pageerror', (err) => fail(label, 'page-error', describeThrown(err)));
  return record;
}

/** Waits until no request of the page is in flight, or the timeout passes. */
function networkIdle(record, timeout) {
  if (record.inflight.size === 0) {
    return Promise.resolve(true);
  }
  return new Promise((done) => {
    const timer = setTimeout(() => done(false), timeout);
    record.idleWaiters.push(() => {
      clearTimeout(timer);
      done(true);
    });
  });
}

/** Transferred (encoded) and decoded bytes of the requests made while loading. */
async function measureBytes(record) {
  record.loading = false;
  let transferred = 0;
  let decoded = 0;
  for (const request of record.measured) {
    const sizes = await request.sizes().catch(() => null);
    transferred += sizes?.responseBodySize ?? 0;
    const response = await request.response().catch(() => null);
    const body = await response?.body().catch(() => null);
    decoded += body?.length ?? 0;
  }
  return { requests: record.measured.length, transferred, decoded };
}

/** Where each diagram is at load, relative to the viewport, before any scrolling. */
async function diagramPositions(page) {
  return page.$$eval('pre.mermaid', (blocks) =>
    blocks.map((pre) => {
      const rect = pre.getBoundingClientRect();
      return { top: rect.top, bottom: rect.bottom, inView: rect.bottom > 0 && rect.top < window.innerHeight };
    }),
  );
}

/** What a diagram looks like now: 'ok', 'error' or 'missing'. */
async function diagramStates(page) {
  return page.$$eval('pre.mermaid', (blocks) =>
    blocks.map((pre) => {
      const svg = pre.querySelector('svg');
      if (!svg || pre.getAttribute('data-processed') !== 'true') return 'missing';
      return svg.getAttribute('aria-roledescription') === 'error' ? 'error' : 'ok';
    }),
  );
}

/** Waits until the diagrams with the given indices (all if null) are drawn. */
async function waitDrawn(page, indices, timeout) {
  const drawn = (wanted) =>
    Array.from(document.querySelectorAll('pre.mermaid')).every(
      (pre, i) => (wanted !== null && !wanted.includes(i)) || (pre.getAttribute('data-processed') === 'true' && pre.querySelector('svg')),
    );
  return page.waitForFunction(drawn, indices, { timeout }).then(
    () => true,
    () => false,
  );
}

/**
 * Rule: the diagrams in view at load render without scrolling; then each
 * diagram, scrolled to, renders to an SVG that is not mermaid's error picture.
 */
async function checkDiagrams(page, label, positions) {
  const count = positions.length;
  if (count === 0) {
    return 0;
  }
  const inView = positions.flatMap((p, i) => (p.inView ? [i] : []));
  if (inView.length > 0 && !(await waitDrawn(page, inView, RENDER_TIMEOUT))) {
    fail(label, 'mermaid', `diagram ${inView[0] + 1} of ${count} is in view at load but has no <svg> after ${RENDER_TIMEOUT / 1000} s without scrolling`);
  }
  const blocks = page.locator('pre.mermaid');
  for (let i = 0; i < count; i += 1) {
    await blocks.nth(i).scrollIntoViewIfNeeded({ timeout: STEP_TIMEOUT }).catch(() => {});
    await waitDrawn(page, [i], RENDER_TIMEOUT);
  }
  const states = await diagramStates(page);
  let rendered = 0;
  states.forEach((state, i) => {
    if (state === 'ok') {
      rendered += 1;
    } else if (state === 'error') {
      fail(label, 'mermaid', `diagram ${i + 1} of ${count} rendered as mermaid's syntax-error picture`);
    } else {
      fail(label, 'mermaid', `diagram ${i + 1} of ${count} has no <svg> ${RENDER_TIMEOUT / 1000} s after scrolling to it`);
    }
  });
  await page.evaluate(() => window.scrollTo(0, 0));
  return rendered;
}

/** Whether mermaid.min.js was requested among the given URLs. */
function requestsMermaid(urls) {
  return urls.some((url) => new URL(url).pathname.endsWith('/mermaid.min.js'));
}

/**
 * Rule: a page whose diagrams all start more than MERMAID_NEAR pixels below
 * the first screen (plus 200 px, as fonts and quizzes still move the page
 * after the loader has looked) does not download mermaid while it loads, and
 * a page with a diagram in view does.
 */
function checkLazyLoad(label, loadUrls, positions) {
  if (positions.length === 0) {
    return;
  }
  const loaded = requestsMermaid(loadUrls);
  const first = Math.min(...positions.map((p) => p.top));
  if (first > VIEWPORT.height + MERMAID_NEAR + 200 && loaded) {
    fail(label, 'mermaid-loader', `the first diagram starts ${Math.round(first - VIEWPORT.height)} px below the first screen, yet mermaid.min.js was downloaded at load`);
  }
  if (positions.some((p) => p.inView) && !loaded) {
    fail(label, 'mermaid-loader', 'a diagram is in view at load, yet mermaid.min.js was not downloaded at load');
  }
}

/**
 * Once per run: without IntersectionObserver the loader falls back to
 * loading mermaid at once, and every diagram renders without scrolling.
 */
async function checkNoObserver(browser, site, label) {
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: VIEWPORT });
  try {
    await context.addInitScript(() => {
      delete window.IntersectionObserver;
    });
    const page = await context.newPage();
    page.on('pageerror', (err) => fail(label, 'page-error', `without IntersectionObserver: ${describeThrown(err)}`));
    const record = { evaluations: [] };
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (new URL(url).origin === site.origin) {
        await route.continue();
      } else if (!(url.startsWith(`${PLAYGROUND}/`) && (await stubPlayground(route, record)))) {
        await route.abort('blockedbyclient');
      }
    });
    await page.goto(urlOf(site, label), { waitUntil: 'load', timeout: NAVIGATION_TIMEOUT });
    const missing = await page.evaluate(() => typeof window.IntersectionObserver);
    if (missing !== 'undefined') {
      fail(label, 'mermaid-loader', `could not remove IntersectionObserver for the fallback check (it is ${missing})`);
    } else if (!(await waitDrawn(page, null, RENDER_TIMEOUT))) {
      const states = await diagramStates(page);
      fail(label, 'mermaid-loader', `without IntersectionObserver, ${states.filter((s) => s !== 'ok').length} of ${states.length} diagrams did not render without scrolling`);
    }
  } catch (err) {
    fail(label, 'mermaid-loader', `the check without IntersectionObserver stopped: ${firstLine(err)}`);
  } finally {
    await context.close().catch(() => {});
  }
}

/** Rule: no code block of the content scrolls sideways. */
async function checkCodeWidth(page, label) {
  const code = await measureCode(page);
  totals.codeBlocks += code.blocks;
  totals.outputBlocks += code.output;
  if (!totals.column || code.column.chars < totals.column.chars) {
    totals.column = code.column;
  }
  for (const block of code.wide) {
    totals.wideBlocks.push(label);
    fail(label, 'code-width', `code block ${block.index} scrolls sideways by ${block.over} px (longest line ${block.longest} characters): "${block.first}"`);
  }
}

/** Rule: axe-core in light, then the colour rules in the dark theme. */
async function checkAccessibility(page, label, hasDiagram) {
  await axe.check(page, label, async () => {
    if (!(await switchTheme(page, DARK_THEME, STEP_TIMEOUT))) {
      fail(label, 'axe', `the theme menu did not switch to ${DARK_THEME}`);
      return false;
    }
    // The loader redraws the diagrams in mermaid's dark theme.
    if (hasDiagram && !(await waitDrawn(page, null, RENDER_TIMEOUT))) {
      fail(label, 'mermaid', `the diagrams were not redrawn within ${RENDER_TIMEOUT / 1000} s after switching to ${DARK_THEME}`);
    }
    return true;
  });
}

/** Rule: mermaid.min.js is downloaded only by pages that have a diagram. */
function checkMermaidLoad(label, record, hasDiagram) {
  const loaded = requestsMermaid(record.urls);
  if (!hasDiagram && loaded) {
    fail(label, 'mermaid-loader', 'the page has no diagram but downloaded mermaid.min.js');
  }
}

/**
 * Rule: every runnable Rust block (mdBook's `pre.playground`, except
 * `no_run` ones whose button mdBook hides on purpose) shows its Run button.
 * book.js reveals the buttons once the (stubbed) crate list has arrived.
 */
async function checkRunButtons(page, label) {
  const visibleButtons = () =>
    Array.from(document.querySelectorAll('pre.playground')).map((pre) => {
      if (pre.querySelector('code.no_run')) return 'no_run';
      const button = pre.querySelector('.play-button');
      return button && !button.hidden && !button.classList.contains('hidden') ? 'shown' : 'hidden';
    });
  const everyShown = () =>
    Array.from(document.querySelectorAll('pre.playground'))
      .filter((pre) => !pre.querySelector('code.no_run'))
      .every((pre) => {
        const button = pre.querySelector('.play-button');
        return button && !button.hidden && !button.classList.contains('hidden');
      });
  if ((await page.locator('pre.playground').count()) === 0) {
    return 0;
  }
  await page.waitForFunction(everyShown, null, { timeout: STEP_TIMEOUT }).catch(() => {});
  const states = await page.evaluate(visibleButtons);
  states.forEach((state, i) => {
    if (state === 'hidden') {
      fail(label, 'run-button', `Rust block ${i + 1} of ${states.length} has no visible Run button`);
    }
  });
  return states.filter((state) => state === 'shown').length;
}

/** Once per run: a Run button sends the code and shows the stubbed output. */
async function checkRunOutput(page, label, record) {
  const pre = page.locator('pre.playground').filter({ has: page.locator('.play-button:not(.hidden)') }).first();
  try {
    // mdBook shows a block's buttons only while the pointer is over it.
    await pre.hover({ timeout: STEP_TIMEOUT });
    await pre.locator('.play-button').click({ timeout: STEP_TIMEOUT });
    await pre.locator('code.result', { hasText: STUB_OUTPUT }).waitFor({ timeout: STEP_TIMEOUT });
  } catch (err) {
    fail(label, 'run-button', `clicking Run did not show the playground's output: ${firstLine(err)}`);
    return;
  }
  const sent = record.evaluations[0];
  if (typeof sent?.code !== 'string' || !/fn\s+main/.test(sent.code) || !sent.edition) {
    fail(label, 'run-button', `the playground request lacks a program with fn main or an edition: ${JSON.stringify(sent)?.slice(0, 200)}`);
  }
}

/** Rule: every quiz mounts and can be answered correctly through its UI. */
async function checkQuizzes(page, label) {
  const placeholders = page.locator('.quiz-placeholder');
  const count = await placeholders.count();
  let answered = 0;
  for (let i = 0; i < count; i += 1) {
    const placeholder = placeholders.nth(i);
    const name = `quiz ${i + 1} of ${count}`;
    let questions;
    try {
      questions = JSON.parse(await placeholder.getAttribute('data-quiz-questions')).questions;
    } catch (err) {
      fail(label, 'quiz', `${name}: unreadable data-quiz-questions: ${firstLine(err)}`);
      continue;
    }
    try {
      await waitMounted(placeholder, STEP_TIMEOUT);
    } catch {
      fail(label, 'quiz', `${name} did not mount within ${STEP_TIMEOUT / 1000} s`);
      continue;
    }
    try {
      await answerQuiz(placeholder, questions, STEP_TIMEOUT);
      answered += 1;
    } catch (err) {
      const why = err instanceof QuizError ? err.message : firstLine(err);
      fail(label, 'quiz', `${name}: ${why}`);
    }
  }
  return { count, answered };
}

/** Once per run, on the index page: the search finds a chapter. */
async function checkSearch(page, label, links) {
  const rule = `search "${SEARCH_TERM}"`;
  try {
    await page.keyboard.press('s');
    await page.locator('#mdbook-searchbar').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    await page.keyboard.type(SEARCH_TERM);
    await page.locator('#mdbook-searchresults li a').first().waitFor({ timeout: STEP_TIMEOUT });
  } catch (err) {
    fail(label, 'search', `${rule}: no result within ${STEP_TIMEOUT / 1000} s (${firstLine(err)})`);
    return;
  }
  const hrefs = await page.$$eval('#mdbook-searchresults li a', (as) => as.map((a) => a.href));
  const chapter = hrefs.find((href) => {
    const target = links.fileOf(new URL(href).pathname);
    return !target.error && target.rel.endsWith('.html') && target.rel !== '404.html';
  });
  if (!chapter) {
    fail(label, 'search', `${rule}: none of the ${hrefs.length} results links to a page of the book`);
  }
}

/** The links in the page content, page navigation, sidebar and menu bar. */
async function collectLinks(page) {
  const where = ['#mdbook-content', '.nav-wide-wrapper', '#mdbook-sidebar', '#mdbook-menu-bar'];
  return page.$$eval(where.map((part) => `${part} a[href]`).join(', '), (as) =>
    as.map((a) => ({
      href: a.getAttribute('href'),
      url: a.href,
      where: a.closest('#mdbook-sidebar')
        ? 'sidebar'
        : a.closest('#mdbook-menu-bar')
          ? 'menu-bar'
          : a.closest('main')
            ? 'content'
            : 'page-navigation',
    })),
  );
}

/** Rule: internal links reach an existing file and fragment. */
function checkLinks(label, found, links) {
  const reported = new Set();
  for (const { href, url, where } of found) {
    // 404.html's own heading anchors ("#document-not-found-404") resolve
    // against its <base href> to the index page: mdBook's markup, not
    // something the book's sources can fix, so they are not checked.
    if (label === '404.html' && href.startsWith('#')) {
      continue;
    }
    const result = links.check(url);
    if (result.kind === 'external') {
      totals.external.add(url);
    } else if (result.kind === 'internal' && result.error) {
      if (!reported.has(href)) {
        reported.add(href);
        fail(label, 'link', `${where} link "${href}" ${result.error}`);
      }
    } else if (result.kind === 'internal') {
      totals.internalOk.add(url.split('?')[0]);
    }
  }
}

/** With HB_SCREENSHOT_DIR set, keeps a full-page PNG of the page as checked. */
async function saveScreenshot(page, label) {
  const dir = process.env.HB_SCREENSHOT_DIR;
  if (dir) {
    const path = join(resolve(dir), `${label.replaceAll('/', '__')}.png`);
    await page.screenshot({ path, fullPage: true, timeout: STEP_TIMEOUT }).catch((err) => {
      say(`note: no screenshot of ${label}: ${firstLine(err)}`);
    });
  }
}

/** The URL a page is checked at. */
function urlOf(site, label) {
  // 404.html is loaded the way readers meet it: GitHub Pages answers a
  // missing, nested URL with its content, which only works through <base>.
  const path = label === '404.html' ? 'no/such/chapter/missing.html' : label;
  return `${site.origin}${site.prefix}${path}`;
}

/**
 * Loads one page in a fresh browser context (so no cache and no stored
 * quiz answers carry over) and runs every per-page rule; `once` says which
 * run-wide checks still need a page to happen on.
 */
async function checkPage(browser, site, links, label, once) {
  totals.pages += 1;
  const pageUrl = urlOf(site, label);
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: VIEWPORT });
  let record = null;
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    page.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT);
    record = await watchNetwork(page, site, label, pageUrl);
    await runPageChecks(page, record, { browser, site, label, pageUrl, links, once });
  } catch (err) {
    fail(label, 'error', `the check stopped: ${firstLine(err)}`);
  } finally {
    if (record) {
      record.closing = true;
    }
    await context.close().catch(() => {});
  }
}

/** The rules for one loaded page, in order; prints the page's line. */
async function runPageChecks(page, record, { browser, site, label, pageUrl, links, once }) {
  const pageStarted = Date.now();
  let response;
  try {
    response = await page.goto(pageUrl, { waitUntil: 'load' });
  } catch (err) {
    fail(label, 'load', firstLine(err));
    return;
  }
  const wanted = label === '404.html' ? 404 : 200;
  if (response?.status() !== wanted) {
    fail(label, 'load', `status ${response?.status()}, expected ${wanted}`);
  }
  // Links first: later steps add quiz markup and search results.
  checkLinks(label, await collectLinks(page), links);
  const positions = await diagramPositions(page);
  const hasDiagram = positions.length > 0;
  const runnable = await checkRunButtons(page, label);
  // The page as a reader first gets it: measured before any interaction
  // (scrolling to the diagrams downloads mermaid).
  await networkIdle(record, SETTLE_TIMEOUT);
  const bytes = await measureBytes(record);
  const loadUrls = record.measured.map((request) => request.url());
  const mermaidAtLoad = requestsMermaid(loadUrls);
  checkLazyLoad(label, loadUrls, positions);
  const diagrams = await checkDiagrams(page, label, positions);
  if (once.noObserver && hasDiagram) {
    once.noObserver = false;
    await checkNoObserver(browser, site, label);
  }

  if (once.search && label === 'index.html') {
    once.search = false;
    await checkSearch(page, label, links);
  }
  if (once.run && runnable > 0) {
    once.run = false;
    await checkRunOutput(page, label, record);
  }
  const quizzes = await checkQuizzes(page, label);
  await networkIdle(record, SETTLE_TIMEOUT);
  checkMermaidLoad(label, record, hasDiagram);
  await saveScreenshot(page, label);
  await checkCodeWidth(page, label);
  const axeStarted = Date.now();
  await checkAccessibility(page, label, hasDiagram);
  const axeSeconds = (Date.now() - axeStarted) / 1000;

  totals.diagrams += diagrams;
  totals.quizzes += quizzes.answered;
  totals.measured.push({ label, hasDiagram, mermaidAtLoad, ...bytes });
  const mermaidTag = mermaidAtLoad ? '[mermaid, loaded at load]' : '[mermaid, loaded on scroll]';
  const tags = [hasDiagram && mermaidTag, quizzes.count > 0 && '[quiz]'].filter(Boolean).join(' ');
  const size = `${kb(bytes.transferred)}  (${kb(bytes.decoded)} uncompressed)`;
  const time = `${((Date.now() - pageStarted) / 1000).toFixed(1)} s, axe ${axeSeconds.toFixed(1)} s`;
  say(`${label}  ${bytes.requests} requests  ${size}${tags ? `  ${tags}` : ''}  (${time})`);
}

/** The smallest and largest page with and without a diagram. */
function printExtremes() {
  for (const hasDiagram of [false, true]) {
    const group = totals.measured.filter((m) => m.hasDiagram === hasDiagram).sort((a, b) => a.transferred - b.transferred);
    const kind = hasDiagram ? 'with a diagram' : 'without a diagram';
    if (group.length === 0) {
      say(`pages ${kind}: none`);
      continue;
    }
    const describe = (m) => `${m.label} ${kb(m.transferred)} (${kb(m.decoded)} uncompressed)`;
    say(`pages ${kind}: smallest ${describe(group[0])}, largest ${describe(group.at(-1))}`);
  }
  const withDiagram = totals.measured.filter((m) => m.hasDiagram);
  const atLoad = withDiagram.filter((m) => m.mermaidAtLoad).length;
  const sum = withDiagram.reduce((n, m) => n + m.transferred, 0);
  say(`pages with a diagram: ${atLoad} of ${withDiagram.length} download mermaid at load; together ${mb(sum)} transferred at load`);
  const column = totals.column;
  if (column) {
    say(
      `code column at ${VIEWPORT.width}x${VIEWPORT.height}: ${column.chars} characters of ${column.font} ${column.fontSize} ` +
        `(${column.area.toFixed(0)} px / ${column.charWidth.toFixed(2)} px); ` +
        `${totals.wideBlocks.length} of ${totals.codeBlocks - totals.outputBlocks} code blocks scroll sideways ` +
        `(${totals.outputBlocks} blocks of compiler or program output exempt)` +
        (totals.wideBlocks.length ? ` (on ${[...new Set(totals.wideBlocks)].join(', ')})` : ''),
    );
  }
  axe.finish();
}

function summary() {
  const largest = totals.measured.reduce((a, b) => (b.transferred > (a?.transferred ?? -1) ? b : a), null);
  const largestText = largest
    ? `largest page ${mb(largest.transferred)} transferred (${largest.hasDiagram ? 'with' : 'without'} diagram)`
    : 'no page measured';
  return (
    `browser: ${totals.pages} pages, ${totals.diagrams} diagrams rendered, ${totals.quizzes} quizzes answered, ` +
    `${totals.internalOk.size} internal links ok, ${totals.external.size} external links not fetched, ` +
    `${largestText}, ${totals.failures} failures, ${((Date.now() - started) / 1000).toFixed(0)} s`
  );
}

async function main() {
  const bookArg = process.argv[2];
  if (!bookArg) {
    fail('(usage)', 'arguments', 'node check-site.mjs <book-dir>');
    return;
  }
  if (!process.env.HB_CHROMIUM) {
    fail('(setup)', 'chromium', 'set HB_CHROMIUM to a Chromium binary (e.g. /usr/bin/chromium)');
    return;
  }
  const bookDir = resolve(bookArg);
  const pages = listPages(bookDir);
  if (!pages.includes('index.html')) {
    fail('(site)', 'pages', `${bookDir} has no index.html: is the book built?`);
  }
  const site = await startServer(bookDir, siteUrlPrefix(bookDir));
  say(`serving ${bookDir} at ${site.origin}${site.prefix}; ${pages.length} pages (print.html and toc.html skipped)`);
  const links = linkChecker(bookDir, site.origin, site.prefix);
  const browser = await chromium.launch({ executablePath: process.env.HB_CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const once = { search: true, run: true, noObserver: true };
    // Two pages at a time: most of a page's time is axe-core and layout in
    // the renderer, which a second core runs in parallel. Each page has a
    // context of its own, and `once` and `totals` change only between
    // awaits, so the pages do not see each other.
    const queue = [...pages];
    const worker = async () => {
      for (let label = queue.shift(); label !== undefined; label = queue.shift()) {
        await checkPage(browser, site, links, label, once);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_PAGES }, worker));
    if (once.search && pages.includes('index.html')) {
      fail('index.html', 'search', 'the search check did not run');
    }
    if (once.run) {
      say('note: no page has a runnable Rust block, so no Run button was clicked');
    }
    // Once per run: the study-questions appendix counts the reader's quiz
    // answers and resets them (theme/progress.js, progress.mjs).
    if (pages.includes('appendix/study-questions.html')) {
      say(await checkProgress(browser, `${site.origin}${site.prefix}`, fail));
    } else {
      fail('appendix/study-questions.html', 'progress', 'the built book has no study-questions appendix');
    }
    printExtremes();
  } finally {
    await browser.close().catch(() => {});
    await site.close();
  }
}

const watchdog = setTimeout(() => {
  fail('(site)', 'time', `the browser checks took longer than ${TOTAL_LIMIT / 60_000} minutes`);
  say(summary());
  process.exit(1);
}, TOTAL_LIMIT);
watchdog.unref();

try {
  await main();
} catch (err) {
  fail('(site)', 'error', err?.stack ?? String(err));
}
say(summary());
process.exit(totals.failures > 0 ? 1 : 0);
