// Drives one mdbook-quiz 0.5.0 quiz through the real UI: start it, answer
// every question correctly from the answers embedded in the page, and check
// the answer review.
//
// The DOM this relies on (from mdbook-quiz's React components):
//   .quiz-placeholder            the div mdbook-quiz renders into
//     .mdbook-quiz               present once mounted
//       header .counter          "Question i / n" while in progress
//       button.start             the Start button
//       .question form.response  the current question's form
//         input[type=submit]     submits it
//       h3 "Answer Review", .answer-wrapper .context (shown when all correct)

/** Thrown for a quiz that does not behave; the message names the step. */
export class QuizError extends Error {}

/** Waits (bounded) until the quiz in `placeholder` has been mounted. */
export async function waitMounted(placeholder, timeout) {
  await placeholder.locator('.mdbook-quiz').first().waitFor({ state: 'attached', timeout });
}

/** Answers every question of the quiz correctly and checks the review. */
export async function answerQuiz(placeholder, questions, timeout) {
  try {
    await placeholder.locator('button.start').click({ timeout });
  } catch {
    const shown = (await placeholder.innerText({ timeout: 1000 }).catch(() => '')).replace(/\s+/g, ' ').trim();
    throw new QuizError(`no Start button; the quiz shows "${shown.slice(0, 120)}"`);
  }
  for (const [index, question] of questions.entries()) {
    const form = placeholder.locator('.question form.response');
    try {
      await expectCounter(placeholder, index + 1, questions.length, timeout);
      await answerQuestion(form, question, timeout);
      await submit(form, question, timeout);
    } catch (err) {
      if (err instanceof QuizError) throw err;
      const why = String(err?.message ?? err).split('\n')[0];
      throw new QuizError(`question ${index + 1} (${question.id}, ${question.type}): ${why}`);
    }
  }
  await checkReview(placeholder, questions, timeout);
}

/** Waits for the header counter to read "Question <i> / <n>". */
async function expectCounter(placeholder, i, n, timeout) {
  const counter = placeholder.locator('header .counter');
  const wanted = new RegExp(`^\\s*Question\\s+${i}\\s*/\\s*${n}\\s*$`);
  try {
    await counter.filter({ hasText: wanted }).waitFor({ timeout });
  } catch {
    const text = await counter.textContent({ timeout: 1000 }).catch(() => '?');
    throw new QuizError(`expected "Question ${i} / ${n}", the counter says "${text}"`);
  }
}

/** Fills in the correct answer for one question, by its type. */
async function answerQuestion(form, question, timeout) {
  const { type, answer } = question;
  if (type === 'MultipleChoice') {
    const wanted = Array.isArray(answer.answer) ? answer.answer : [answer.answer];
    for (const choice of wanted) {
      await pickChoice(form, choice, question.id, timeout);
    }
  } else if (type === 'ShortAnswer') {
    await form.locator('input[type=text], textarea').first().fill(answer.answer, { timeout });
  } else if (type === 'Tracing') {
    // mdbook-quiz 0.5.0 asks "DOES compile" / "does NOT compile" and, if it
    // compiles, the program's stdout (its line-number field is disabled).
    const value = answer.doesCompile ? 'true' : 'false';
    await form.locator(`input[type=radio][value="${value}"]`).check({ timeout });
    if (answer.doesCompile) {
      await form.locator('textarea').first().fill(answer.stdout ?? '', { timeout });
    }
  } else {
    throw new QuizError(`question ${question.id}: unknown question type ${type}`);
  }
}

/**
 * Ticks the option for `choice`. Each option's input carries the raw answer
 * string as its value (its label is the markdown rendering of the same
 * string), so matching on the value is exact.
 */
async function pickChoice(form, choice, id, timeout) {
  const inputs = form.locator('.choice input');
  await inputs.first().waitFor({ timeout });
  const values = await inputs.evaluateAll((els) => els.map((el) => el.value));
  const at = values.indexOf(choice);
  if (at < 0) {
    throw new QuizError(`question ${id}: no option ${JSON.stringify(choice)} among ${JSON.stringify(values)}`);
  }
  await inputs.nth(at).check({ timeout });
}

/** Submits the current question (with an explanation if the quiz asks for one). */
async function submit(form, question, timeout) {
  if (question.promptExplanation) {
    await form.locator('button[type=button]', { hasText: 'Submit' }).click({ timeout });
    await form.locator('textarea[title=Explanation]').fill('Checked by the browser test.', { timeout });
  }
  await form.locator('input[type=submit]').click({ timeout });
}

/** Reduces text to lower-case letters and digits, for loose comparison. */
function squash(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/**
 * A distinctive piece of a question's markdown `context`, as it will read
 * once rendered: link targets and markup dropped, the first 60 letters and
 * digits kept.
 */
function contextProbe(markdown) {
  const plain = markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '');
  return squash(plain).slice(0, 60);
}

/** Checks the review: every answer correct and the first context shown. */
async function checkReview(placeholder, questions, timeout) {
  const review = placeholder.locator('h3', { hasText: 'Answer Review' });
  try {
    await review.waitFor({ timeout });
  } catch {
    throw new QuizError('the answer review did not appear after the last question');
  }
  const score = (await placeholder.locator('section > p strong').first().textContent({ timeout })).trim();
  if (score !== `${questions.length}/${questions.length}`) {
    throw new QuizError(`answered every question correctly, but the review says ${score}`);
  }
  const first = questions[0];
  if (!first.context) {
    throw new QuizError(`question ${first.id} has no context to show`);
  }
  const context = placeholder.locator('.answer-wrapper .context').first();
  try {
    await context.waitFor({ state: 'visible', timeout });
  } catch {
    throw new QuizError(`the review does not show question ${first.id}'s context`);
  }
  const shown = squash(await context.innerText({ timeout }));
  const probe = contextProbe(first.context);
  if (!shown.includes(probe)) {
    throw new QuizError(`the review's context for ${first.id} does not contain "${probe}"`);
  }
}
