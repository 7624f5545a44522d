// Happens-Before: load mermaid only on pages that have a diagram.
//
// mdbook-mermaid turns ```mermaid blocks into <pre class="mermaid">. Instead
// of shipping its 2.6 MB script to every page through `additional-js`, this
// loader fetches it (copied to the book root by `cargo xtask build`) only
// when such a block is present, and picks mermaid's dark theme for mdBook's
// dark themes. Switching mdBook's theme re-renders the diagrams.
(function () {
  "use strict";
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
    });
    await window.mermaid.run({ nodes: blocks });
  }

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
})();
