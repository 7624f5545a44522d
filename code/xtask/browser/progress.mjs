// Browser check of theme/progress.js, the reader's progress on the study
// questions (src/appendix/study-questions.md). Called once per run by
// check-site.mjs:
//
//   await checkProgress(browser, `${site.origin}${site.prefix}`, fail)
//
// In a fresh browser context (no stored quiz answers) it
// 1. opens the appendix and reads, from its markup, which quiz questions
//    test which study question, and sees every count at 0;
// 2. takes one chapter's quiz through mdbook-quiz's UI, answering one
//    question correctly and every other one wrongly, and checks the answer
//    review says 1/n;
// 3. opens the appendix again and sees exactly the study questions that
//    list that quiz question go up by one, that quiz leave a study
//    question's "still open" list only if it was that question's last one
//    there, and the quiz's line at the top say 1 of n, with a Reset button;
// 4. presses Reset (accepting the confirmation), sees every count back at
//    0 and mdbook-quiz's cache entry gone, and the quiz offering Start again.
// It also loads the appendix without JavaScript: the plain page, with the
// mapping in its markup and no progress lines.
//
// Failures go to `fail(page, rule, detail)` with rule "progress"; the
// return value is a one-line summary.

const STEP_TIMEOUT = 10_000;
const APPENDIX = 'appendix/study-questions.html';
const RULE = 'progress';

/** Thrown to stop the check at a step; the message says what went wrong. */
class ProgressError extends Error {}

function firstLine(err) {
  return String(err?.message ?? err).split('\n')[0];
}

/** Same-origin requests only: the rest is aborted (check-site reports those). */
async function sameOriginOnly(context, origin) {
  await context.route('**/*', (route) =>
    new URL(route.request().url()).origin === origin ? route.continue() : route.abort('blockedbyclient'),
  );
}

/**
 * What the appendix's markup says, without progress.js: per study question
 * (its heading's text), per quiz, the quiz question ids and the link; and per
 * quiz, its ids in order.
 */
async function readMapping(page) {
  return page.evaluate(() => {
    const order = {};
    for (const span of document.querySelectorAll('.study-quiz-order span[data-quiz]')) {
      order[span.dataset.quiz] = span.dataset.ids.split(/\s+/).filter(Boolean);
    }
    const studies = [];
    const paragraphs = new Set(Array.from(document.querySelectorAll('p > span.study-quiz'), (s) => s.parentElement));
    for (const paragraph of paragraphs) {
      let heading = paragraph.previousElementSibling;
      while (heading && heading.tagName !== 'H2') heading = heading.previousElementSibling;
      studies.push({
        heading: heading ? heading.textContent.trim() : '?',
        parts: Array.from(paragraph.querySelectorAll(':scope > span.study-quiz'), (span) => ({
          quiz: span.dataset.quiz,
          ids: span.dataset.ids.split(/\s+/).filter(Boolean),
          href: span.querySelector('a')?.href ?? null,
          title: span.querySelector('a')?.textContent ?? '',
        })),
      });
    }
    return { order, studies };
  });
}

/** What progress.js shows: one entry per progress line, and the summary. */
async function readShown(page) {
  return page.evaluate(() => {
    const lines = Array.from(document.querySelectorAll('p.study-progress'), (p) => {
      const tested = p.previousElementSibling;
      return {
        after: tested?.querySelector(':scope > span.study-quiz') ? 'tested-by' : tested?.tagName,
        text: p.textContent.replace(/\s+/g, ' ').trim(),
        open: Array.from(p.querySelectorAll('a'), (a) => a.href),
      };
    });
    const quizzes = {};
    for (const li of document.querySelectorAll('.study-progress-summary li[data-quiz]')) {
      quizzes[li.dataset.quiz] = {
        text: li.textContent.replace(/\s+/g, ' ').trim(),
        reset: li.querySelector('button.study-progress-reset') !== null,
      };
    }
    return { lines, quizzes };
  });
}

/** The counts and open quizzes the page should show, given the correct ids. */
function expected(mapping, correct) {
  return mapping.studies.map((study) => {
    let right = 0;
    let total = 0;
    const open = [];
    for (const part of study.parts) {
      const done = part.ids.filter((id) => correct.has(id)).length;
      right += done;
      total += part.ids.length;
      if (done < part.ids.length) open.push(part.href);
    }
    return { heading: study.heading, text: `Your progress: ${right} of ${total} answered correctly.`, open };
  });
}

/** Compares what is shown with what is expected; returns the differences. */
function compare(shown, wanted, when) {
  const problems = [];
  if (shown.lines.length !== wanted.length) {
    problems.push(`${when}: ${shown.lines.length} progress lines for ${wanted.length} study questions with quizzes`);
    return problems;
  }
  wanted.forEach((want, i) => {
    const line = shown.lines[i];
    const where = `${when}, "${want.heading.slice(0, 40)}"`;
    if (line.after !== 'tested-by') {
      problems.push(`${where}: the progress line does not follow the "Tested by" paragraph`);
    }
    if (!line.text.startsWith(want.text)) {
      problems.push(`${where}: shows "${line.text.slice(0, 80)}", expected "${want.text}"`);
    }
    if (JSON.stringify(line.open) !== JSON.stringify(want.open)) {
      problems.push(`${where}: still-open quizzes ${JSON.stringify(line.open)}, expected ${JSON.stringify(want.open)}`);
    }
  });
  return problems;
}

async function openAppendix(page, base) {
  const response = await page.goto(`${base}${APPENDIX}`, { waitUntil: 'load' });
  if (response?.status() !== 200) {
    throw new ProgressError(`${APPENDIX} answered ${response?.status()}`);
  }
}

/** Ticks the option whose value is `choice` (the raw answer string). */
async function pick(form, choice) {
  const inputs = form.locator('.choice input');
  await inputs.first().waitFor({ timeout: STEP_TIMEOUT });
  const values = await inputs.evaluateAll((els) => els.map((el) => el.value));
  const at = values.indexOf(choice);
  if (at < 0) throw new ProgressError(`no option ${JSON.stringify(choice)} among ${JSON.stringify(values)}`);
  await inputs.nth(at).check({ timeout: STEP_TIMEOUT });
}

/** Answers one question, correctly or not, and submits it. */
async function respond(form, question, correct) {
  const { type, prompt, answer } = question;
  if (type === 'MultipleChoice') {
    const right = Array.isArray(answer.answer) ? answer.answer : [answer.answer];
    for (const choice of correct ? right : [prompt.distractors[0]]) {
      await pick(form, choice);
    }
  } else if (type === 'ShortAnswer') {
    const text = correct ? answer.answer : 'not the answer (browser test)';
    await form.locator('input[type=text], textarea').first().fill(text, { timeout: STEP_TIMEOUT });
  } else if (type === 'Tracing') {
    const compiles = correct ? answer.doesCompile : !answer.doesCompile;
    await form.locator(`input[type=radio][value="${compiles}"]`).check({ timeout: STEP_TIMEOUT });
    if (compiles) {
      const stdout = correct ? (answer.stdout ?? '') : 'not the output (browser test)';
      await form.locator('textarea').first().fill(stdout, { timeout: STEP_TIMEOUT });
    }
  } else {
    throw new ProgressError(`question ${question.id}: unknown type ${type}`);
  }
  if (question.promptExplanation) {
    await form.locator('button[type=button]', { hasText: 'Submit' }).click({ timeout: STEP_TIMEOUT });
    await form.locator('textarea[title=Explanation]').fill('Checked by the browser test.', { timeout: STEP_TIMEOUT });
  }
  await form.locator('input[type=submit]').click({ timeout: STEP_TIMEOUT });
}

/** Takes quiz `name` on the page at `url`: `target` right, the rest wrong. */
async function takeQuiz(page, url, name, target) {
  await page.goto(url, { waitUntil: 'load' });
  const placeholder = page.locator(`.quiz-placeholder[data-quiz-name='${JSON.stringify(name)}']`);
  if ((await placeholder.count()) !== 1) {
    throw new ProgressError(`${url} has no quiz named ${JSON.stringify(name)} (the appendix links it as that quiz)`);
  }
  const questions = JSON.parse(await placeholder.getAttribute('data-quiz-questions')).questions;
  await placeholder.locator('.mdbook-quiz').waitFor({ state: 'attached', timeout: STEP_TIMEOUT });
  await placeholder.locator('button.start').click({ timeout: STEP_TIMEOUT });
  for (const [i, question] of questions.entries()) {
    const counter = placeholder.locator('header .counter');
    const wanted = new RegExp(`^\\s*Question\\s+${i + 1}\\s*/\\s*${questions.length}\\s*$`);
    await counter.filter({ hasText: wanted }).waitFor({ timeout: STEP_TIMEOUT });
    try {
      await respond(placeholder.locator('.question form.response'), question, question.id === target);
    } catch (err) {
      throw new ProgressError(`quiz ${name}, question ${i + 1} (${question.id}): ${firstLine(err)}`);
    }
  }
  await placeholder.locator('h3', { hasText: 'Answer Review' }).waitFor({ timeout: STEP_TIMEOUT });
  const score = (await placeholder.locator('section > p strong').first().textContent()).trim();
  if (score !== `1/${questions.length}`) {
    throw new ProgressError(`quiz ${name}: answered only ${target} correctly, but the review says ${score}`);
  }
  return questions.map((q) => q.id);
}

/** The appendix without JavaScript: the mapping is there, no progress lines. */
async function checkWithoutScript(browser, base, origin, fail) {
  const context = await browser.newContext({ javaScriptEnabled: false, serviceWorkers: 'block' });
  try {
    await sameOriginOnly(context, origin);
    const page = await context.newPage();
    await openAppendix(page, base);
    const { order, studies } = await readMapping(page);
    const shown = await page.locator('.study-progress, .study-progress-summary').count();
    // Its spans are empty, so check the block is not displayed at all.
    const visibleOrder = await page.evaluate(() =>
      Array.from(document.querySelectorAll('.study-quiz-order')).some((el) => getComputedStyle(el).display !== 'none'),
    );
    if (studies.length === 0 || Object.keys(order).length === 0) {
      fail(APPENDIX, RULE, 'without JavaScript the page has no study-quiz mapping in its markup');
    }
    if (shown > 0 || visibleOrder) {
      fail(APPENDIX, RULE, `without JavaScript the page has ${shown} progress elements${visibleOrder ? ' and displays the .study-quiz-order block' : ''}`);
    }
  } finally {
    await context.close().catch(() => {});
  }
}

/**
 * The check. `target` is a Playwright Browser (a fresh context is made) or
 * a BrowserContext that holds no quiz answers; `base` is the book's URL
 * ending in "/"; `fail(page, rule, detail)` records a failure.
 */
export async function checkProgress(target, base, fail) {
  const ownContext = typeof target.newContext === 'function';
  const browser = ownContext ? target : target.browser();
  const origin = new URL(base).origin;
  const context = ownContext ? await browser.newContext({ serviceWorkers: 'block' }) : target;
  let summary = 'progress: not run';
  try {
    await sameOriginOnly(context, origin);
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    const errors = [];
    // Errors on the appendix only: the chapter pages (whose playground
    // requests are aborted here) are check-site's per-page business.
    page.on('pageerror', (err) => {
      if (new URL(page.url()).pathname.endsWith(`/${APPENDIX}`)) errors.push(firstLine(err));
    });
    const dialogs = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      dialog.accept().catch(() => {});
    });
    const check = (problems) => {
      for (const problem of problems.concat(errors.splice(0).map((e) => `page error: ${e}`))) {
        fail(APPENDIX, RULE, problem);
      }
      return problems.length === 0;
    };

    // 1. Nothing answered yet.
    await openAppendix(page, base);
    const mapping = await readMapping(page);
    if (mapping.studies.length === 0) {
      throw new ProgressError('the appendix has no "Tested by" spans (span.study-quiz) to read the mapping from');
    }
    await page.locator('p.study-progress').first().waitFor({ timeout: STEP_TIMEOUT }).catch(() => {});
    if (!check(compare(await readShown(page), expected(mapping, new Set()), 'before any quiz'))) {
      return (summary = 'progress: wrong before any quiz was taken');
    }

    // The quiz question: preferably one that is a study question's only
    // question in its quiz (so that quiz must leave its still-open list) and
    // one of two or more in another study question (so it must stay there);
    // else any question that is one of two or more.
    const parts = mapping.studies.flatMap((s) => s.parts);
    const alone = (id) => parts.some((p) => p.ids.length === 1 && p.ids[0] === id);
    const shared = parts.filter((p) => p.ids.length >= 2);
    const both = shared.flatMap((p) => p.ids.filter(alone).map((id) => ({ part: p, id })));
    const pick = both[0] ?? (shared[0] && { part: shared[0], id: shared[0].ids[0] });
    if (!pick) throw new ProgressError('no study question has two questions in one quiz');
    const { part, id } = pick;
    const leaves = both.length > 0;
    const order = mapping.order[part.quiz];
    if (!order || !order.includes(id)) {
      throw new ProgressError(`the .study-quiz-order block does not list ${id} under ${part.quiz}`);
    }

    // 2. Take that quiz: `id` right, the rest wrong.
    const ids = await takeQuiz(page, part.href, part.quiz, id);
    if (JSON.stringify(ids) !== JSON.stringify(order)) {
      fail(APPENDIX, RULE, `the quiz ${part.quiz} asks ${ids.join(' ')}, the appendix's order says ${order.join(' ')}`);
    }
    const key = `mdbook-quiz:${part.quiz}`;
    if ((await page.evaluate((k) => localStorage.getItem(k), key)) === null) {
      fail(APPENDIX, RULE, `mdbook-quiz kept no answers under localStorage "${key}" after the review (has its cache key changed?)`);
    }

    // 3. The counts went up where that question counts, and only there.
    await openAppendix(page, base);
    let shown = await readShown(page);
    const upNow = check(compare(shown, expected(mapping, new Set([id])), `after answering ${id}`));
    const line = shown.quizzes[part.quiz];
    const wantLine = `1 of ${order.length} answered correctly`;
    if (!line || !line.text.includes(wantLine) || !line.reset) {
      fail(APPENDIX, RULE, `the summary line for ${part.quiz} is ${JSON.stringify(line)}, expected "${wantLine}" and a Reset button`);
    }
    const others = Object.entries(shown.quizzes).filter(([q, l]) => q !== part.quiz && (l.reset || !l.text.includes('not taken yet')));
    if (others.length > 0) {
      fail(APPENDIX, RULE, `quizzes not taken show answers: ${others.map(([q]) => q).join(', ')}`);
    }

    // 4. Reset that chapter: back to nothing.
    await page.locator(`.study-progress-summary li[data-quiz="${part.quiz}"] button.study-progress-reset`).click();
    if (!dialogs.some((m) => m.includes(part.title))) {
      fail(APPENDIX, RULE, `Reset asked no confirmation naming "${part.title}" (dialogs: ${JSON.stringify(dialogs)})`);
    }
    await page.waitForFunction((k) => localStorage.getItem(k) === null, key, { timeout: STEP_TIMEOUT }).catch(() => {});
    shown = await readShown(page);
    const downNow = check(compare(shown, expected(mapping, new Set()), `after Reset of ${part.quiz}`));
    if ((await page.evaluate((k) => localStorage.getItem(k), key)) !== null) {
      fail(APPENDIX, RULE, `Reset left localStorage "${key}" in place`);
    }
    if (shown.quizzes[part.quiz]?.reset) {
      fail(APPENDIX, RULE, `after Reset the ${part.quiz} line still has a Reset button`);
    }
    // Reloaded, the page agrees, and the quiz starts afresh.
    await openAppendix(page, base);
    check(compare(await readShown(page), expected(mapping, new Set()), `after Reset and reload`));
    await page.goto(part.href, { waitUntil: 'load' });
    const placeholder = page.locator(`.quiz-placeholder[data-quiz-name='${JSON.stringify(part.quiz)}']`);
    await placeholder.locator('button.start').waitFor({ timeout: STEP_TIMEOUT }).catch(() => {
      fail(APPENDIX, RULE, `after Reset the ${part.quiz} quiz does not offer Start`);
    });

    // 5. An entry from another version of the quiz (another question count,
    // so mdbook-quiz's hash of the quiz differs too) counts for nothing.
    await openAppendix(page, base);
    await page.evaluate(
      ([k, n]) => localStorage.setItem(k, JSON.stringify({ answers: Array.from({ length: n }, () => ({ correct: true })), confirmedDone: true, attempt: 0, quizHash: 'old' })),
      [key, order.length + 1],
    );
    await page.reload({ waitUntil: 'load' });
    shown = await readShown(page);
    check(compare(shown, expected(mapping, new Set()), `with answers from an older ${part.quiz} quiz`));
    if (!shown.quizzes[part.quiz]?.text.includes('older version') || !shown.quizzes[part.quiz]?.reset) {
      fail(APPENDIX, RULE, `an older ${part.quiz} entry shows as ${JSON.stringify(shown.quizzes[part.quiz])}, expected "older version" and a Reset button`);
    }

    summary =
      `progress: ${id} answered in quiz ${part.quiz}: ` +
      `${upNow ? 'counts went up' : 'counts WRONG'}` +
      `${leaves ? ' (it left one still-open list and stayed in another)' : ' (no question leaves a still-open list)'}, ` +
      `${downNow ? 'Reset brought them back' : 'Reset WRONG'}`;
  } catch (err) {
    fail(APPENDIX, RULE, err instanceof ProgressError ? err.message : `the check stopped: ${firstLine(err)}`);
    summary = 'progress: stopped';
  } finally {
    if (ownContext) await context.close().catch(() => {});
  }
  try {
    await checkWithoutScript(browser, base, origin, fail);
  } catch (err) {
    fail(APPENDIX, RULE, `without JavaScript: ${firstLine(err)}`);
  }
  return summary;
}
