// Code width for the browser stage: at the check's desktop viewport no code
// block may scroll sideways (its shown lines must fit the content column),
// and the column's width in monospace characters is measured. Compiler and
// program output included from code/ (a block captioned `Output: ...`, or
// one showing a `.stdout` file) is exempt, as in the pages stage (STYLE.md,
// "Width"): it is shown as printed, and its block scrolls.

/**
 * The code blocks of the page's content that are wider than their box, and
 * how many characters of the code font fit in a code block's text area.
 */
export async function measureCode(page) {
  return page.evaluate(async () => {
    // The code font is a web font: measure with it, not a fallback.
    await document.fonts.ready;
    const main = document.querySelector('#mdbook-content main') ?? document.body;
    // Diagrams are scaled to the column; quizzes lay out their own code.
    const blocks = Array.from(main.querySelectorAll('pre:not(.mermaid)')).filter((pre) => !pre.closest('.quiz-placeholder'));
    const wide = [];
    let output = 0;
    for (const pre of blocks) {
      const caption = pre.previousElementSibling?.matches('p:has(> .filename:only-child)')
        ? pre.previousElementSibling.textContent.trim()
        : '';
      if (caption.startsWith('Output: ') || caption.endsWith('.stdout')) {
        output += 1;
        continue;
      }
      const code = pre.querySelector(':scope > code');
      const scroller = [pre, code].find((el) => el && el.scrollWidth > el.clientWidth + 1);
      if (!scroller) continue;
      // innerText leaves out the hidden (`# `) lines of Rust blocks.
      const lines = (code ?? pre).innerText.split('\n');
      const first = lines.find((line) => line.trim() !== '') ?? '';
      const longest = Math.max(...lines.map((line) => line.length));
      wide.push({
        index: blocks.indexOf(pre) + 1,
        first: first.trim().slice(0, 80),
        longest,
        over: scroller.scrollWidth - scroller.clientWidth,
      });
    }
    // The text area of a code block: a real one if the page has one, else a
    // probe with the same markup.
    let code = main.querySelector('pre:not(.mermaid) > code.hljs');
    let probe = null;
    if (!code) {
      probe = document.createElement('pre');
      probe.innerHTML = '<code class="language-rust hljs"></code>';
      main.appendChild(probe);
      code = probe.firstChild;
    }
    const style = getComputedStyle(code);
    const area = code.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const ruler = document.createElement('span');
    ruler.textContent = '0'.repeat(200);
    ruler.style.whiteSpace = 'pre';
    code.appendChild(ruler);
    const charWidth = ruler.getBoundingClientRect().width / 200;
    ruler.remove();
    probe?.remove();
    return {
      blocks: blocks.length,
      output,
      wide,
      column: { chars: Math.floor(area / charWidth), area, charWidth, font: style.fontFamily.split(',')[0], fontSize: style.fontSize },
    };
  });
}
