// Happens-Before: load mermaid only when a diagram is about to be seen.
//
// mdbook-mermaid turns ```mermaid blocks into <pre class="mermaid">. Instead
// of shipping its 2.6 MB script (about 800 KB compressed) to every page
// through `additional-js`, this loader fetches it (copied to the book root by
// `cargo xtask build`) when the first diagram of a page comes within
// NEAR of the viewport, then renders every diagram of the page. A diagram
// already in view at load renders at once; without IntersectionObserver, and
// on print.html (printed as soon as it loads), mermaid loads at once. It picks
// mermaid's dark theme for mdBook's dark themes, and switching mdBook's theme
// re-renders the diagrams.
(function () {
  "use strict";
  // How far outside the viewport a diagram starts the download (above and
  // below): about half a screen, so it is usually drawn by the time it
  // scrolls into view. The browser stage's lazy-loading check uses the same
  // distance (MERMAID_NEAR in code/xtask/browser/check-site.mjs).
  const NEAR = "500px";

  const blocks = Array.from(document.querySelectorAll("pre.mermaid"));
  if (blocks.length === 0) {
    return;
  }
  const sources = blocks.map((block) => block.textContent);
  const darkThemes = ["coal", "navy", "ayu"];
  const isDark = () =>
    darkThemes.some((theme) => document.documentElement.classList.contains(theme));

  let rendered = null;
  async function render() {
    const dark = isDark();
    if (rendered === dark) {
      return;
    }
    rendered = dark;
    blocks.forEach((block, i) => {
      block.removeAttribute("data-processed");
      block.textContent = sources[i];
    });
    window.mermaid.initialize({
      startOnLoad: false,
      theme: dark ? "dark" : "default",
      securityLevel: "strict",
      // The dark theme's edge labels, #ccc on #585858, are 4.4:1; WCAG AA
      // asks 4.5:1 for text. #404040 gives 6.5:1.
      themeVariables: dark ? { edgeLabelBackground: "#404040" } : {},
    });
    await window.mermaid.run({ nodes: blocks });
  }

  let requested = false;
  function load() {
    if (requested) {
      return;
    }
    requested = true;
    const script = document.createElement("script");
    script.src = path_to_root + "mermaid.min.js";
    script.onload = () => {
      render();
      new MutationObserver(render).observe(document.documentElement, {
        attributes: true,
        attributeFilter: ["class"],
      });
    };
    document.head.appendChild(script);
  }

  const printPage = /(^|\/)print\.html$/.test(window.location.pathname);
  if (printPage || !("IntersectionObserver" in window)) {
    load();
    return;
  }
  const observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        observer.disconnect();
        load();
      }
    },
    { rootMargin: `${NEAR} 0px` },
  );
  blocks.forEach((block) => observer.observe(block));
})();
