// Happens-Before: small accessibility fixes on top of mdBook's own markup
// (loaded through `additional-js`, so book.js and index.hbs stay mdBook's).
//
// - The sidebar toggle is a <label> for a hidden checkbox. It carries
//   aria-label, aria-expanded and aria-controls, which a label may not have,
//   and it cannot be reached with Tab. As role="button" those attributes are
//   allowed; tabindex makes it reachable and Enter or Space operate it.
// - The search box has only a placeholder, which is not a label; it gets
//   one, and its aria-describedby names the results header by its real id.
// - A code block wider than its box scrolls sideways. A keyboard user can
//   only scroll it once it can take focus, so such a block gets tabindex="0"
//   (and loses it again when it fits, e.g. in a wider window). While it has
//   focus, the arrow keys scroll it instead of turning the page.
(function () {
  "use strict";

  const toggle = document.getElementById("mdbook-sidebar-toggle");
  if (toggle && toggle.tagName === "LABEL") {
    toggle.setAttribute("role", "button");
    toggle.tabIndex = 0;
    toggle.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        // Space would also scroll the page.
        event.preventDefault();
        // Clicking a label toggles its checkbox; book.js does the rest.
        toggle.click();
      }
    });
  }

  const search = document.getElementById("mdbook-searchbar");
  if (search && !search.hasAttribute("aria-label")) {
    search.setAttribute("aria-label", "Search this book");
    const described = search.getAttribute("aria-describedby");
    if (described && !document.getElementById(described)) {
      const header = document.getElementById("mdbook-" + described);
      if (header) {
        search.setAttribute("aria-describedby", header.id);
      }
    }
  }

  // book.js turns the page on ArrowLeft/ArrowRight from a listener on the
  // document; stopping the event at the block lets the browser scroll it.
  function keepArrows(event) {
    if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      event.stopPropagation();
    }
  }

  // Code blocks (mdBook's `pre > code`, and the `pre` of the quizzes' answer
  // review) that overflow their box.
  function markScrollable() {
    document.querySelectorAll("pre:not(.mermaid), pre > code").forEach((block) => {
      const overflow = getComputedStyle(block).overflowX;
      const scrolls =
        (overflow === "auto" || overflow === "scroll") &&
        block.scrollWidth > block.clientWidth + 1;
      const marked = block.dataset.hbScrolls === "true";
      if (scrolls && !marked) {
        block.dataset.hbScrolls = "true";
        block.tabIndex = 0;
        block.addEventListener("keydown", keepArrows);
      } else if (!scrolls && marked) {
        delete block.dataset.hbScrolls;
        block.removeAttribute("tabindex");
        block.removeEventListener("keydown", keepArrows);
      }
    });
  }

  markScrollable();
  // Web fonts, a resized window or sidebar, a quiz mounting or showing its
  // answers and a diagram being drawn all change what overflows. Attribute
  // changes are not watched, so marking a block does not call this again.
  if (document.fonts) {
    document.fonts.ready.then(markScrollable);
  }
  const content = document.getElementById("mdbook-content");
  if (content) {
    new MutationObserver(markScrollable).observe(content, {
      childList: true,
      subtree: true,
      characterData: true,
    });
    if (window.ResizeObserver) {
      new ResizeObserver(markScrollable).observe(content);
    }
  }
  window.addEventListener("resize", markScrollable);
})();
