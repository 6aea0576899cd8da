/**
 * socketbook's look on top of reveal.js's high-contrast white theme: large type for a lecture hall, a
 * dark variant (`<html data-theme="dark">`), build-time highlighted code with line highlighting, outputs
 * under code, and the title and closing slides. Written to `slides/assets/socketbook.css`.
 *
 * @example
 * await atomicWrite('slides/assets/socketbook.css', DECK_CSS);
 */
export const DECK_CSS = `:root {
  --r-main-font-size: 36px;
  --r-heading-text-transform: none;
  --r-heading1-size: 2em;
  --r-heading2-size: 1.45em;
  --r-heading3-size: 1.2em;
  --r-code-font: "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace;
  --r-link-color: #0b57c2;
  --r-link-color-hover: #0a47a0;
  --sb-code-background: #f6f8fa;
  --sb-code-border: #c7ced6;
  --sb-output-background: #eef6ee;
  --sb-output-border: #6aa86a;
  --sb-error: #b00020;
  --sb-highlight: #fff3b0;
  --sb-muted: #4a4a4a;
  --hl-keyword: #a0116e; --hl-string: #0a6b2f; --hl-number: #0b4fa3; --hl-comment: #5a6270;
  --hl-title: #6a3bbf; --hl-type: #8a4b00; --hl-attr: #0b4fa3; --hl-variable: #a0116e;
}
html[data-theme="dark"] {
  --r-background-color: #111418;
  --r-main-color: #f2f2f2;
  --r-heading-color: #ffffff;
  --r-link-color: #7cb7ff;
  --r-link-color-hover: #a8cfff;
  --r-selection-background-color: #7cb7ff;
  --r-selection-color: #111418;
  --sb-code-background: #1d2229;
  --sb-code-border: #3c4653;
  --sb-output-background: #15261a;
  --sb-output-border: #4f9a5f;
  --sb-error: #ff8a8a;
  --sb-highlight: #4a4215;
  --sb-muted: #c8c8c8;
  --hl-keyword: #ff8fce; --hl-string: #a5e38b; --hl-number: #8cc8ff; --hl-comment: #a0a8b4;
  --hl-title: #d2b6ff; --hl-type: #ffc27a; --hl-attr: #8cc8ff; --hl-variable: #ff8fce;
}
html[data-theme="dark"] .reveal .slides svg { background: #ffffff; }
.reveal .slides { text-align: left; }
.reveal .slides section { height: 100%; }
.reveal .slides > section, .reveal .slides > section > section { padding: 0; }
.reveal h1, .reveal h2, .reveal h3 { margin-bottom: 0.5em; }
.reveal p { margin: 0.45em 0; }
.reveal ul, .reveal ol { display: block; margin-left: 1.1em; }
.reveal li { margin: 0.15em 0; }
.reveal code { background: var(--sb-code-background); padding: 0 0.15em; border-radius: 4px; font-size: 0.85em; }
.reveal pre code { font-size: 1em; }
.reveal pre { box-sizing: border-box; width: 100%; margin: 0.4em 0; font-size: 0.6em; line-height: 1.3; box-shadow: none; }
.reveal pre.code code { background: var(--sb-code-background); border: 1px solid var(--sb-code-border); max-height: none; padding: 0.4em 0.6em; overflow: visible; white-space: pre; }
.reveal pre code .line { display: inline-block; min-width: 100%; }
.reveal pre code[data-lines] .line { opacity: 0.45; }
.reveal pre code[data-lines] .line.highlight { opacity: 1; background: var(--sb-highlight); }
.reveal .outputs { margin: -0.2em 0 0.4em 0; }
.reveal .outputs pre { font-size: 0.55em; margin: 0.2em 0; padding: 0.35em 0.6em; background: var(--sb-output-background); border-left: 6px solid var(--sb-output-border); white-space: pre-wrap; }
.reveal .outputs pre.stderr, .reveal .outputs pre.error { border-left-color: var(--sb-error); color: var(--sb-error); }
.reveal .outputs .figure svg, .reveal .outputs .figure img { max-width: 100%; max-height: 420px; height: auto; }
.reveal .outputs .html { font-size: 0.6em; }
.reveal table { margin: 0.4em 0; font-size: 0.8em; }
.reveal .slides section.title-slide { padding-top: 90px; }
.reveal .title-slide .lesson-meta { color: var(--sb-muted); font-size: 0.8em; margin: 0; }
.reveal .title-slide h1 { margin: 0.1em 0 0.5em 0; }
.reveal .title-slide h2 { font-size: 1em; margin: 0 0 0.2em 0; }
.reveal .title-slide .objectives { font-size: 0.85em; }
.reveal .closing-slide .references { font-size: 0.75em; }
.reveal .closing-slide .url { font-size: 0.7em; color: var(--sb-muted); }
.reveal .hljs-keyword, .reveal .hljs-built_in, .reveal .hljs-literal { color: var(--hl-keyword); }
.reveal .hljs-string, .reveal .hljs-regexp { color: var(--hl-string); }
.reveal .hljs-number { color: var(--hl-number); }
.reveal .hljs-comment { color: var(--hl-comment); font-style: italic; }
.reveal .hljs-title, .reveal .hljs-function { color: var(--hl-title); }
.reveal .hljs-type, .reveal .hljs-class { color: var(--hl-type); }
.reveal .hljs-attr, .reveal .hljs-attribute, .reveal .hljs-params { color: var(--hl-attr); }
.reveal .hljs-variable, .reveal .hljs-meta { color: var(--hl-variable); }
.theme-switch { position: fixed; left: 12px; bottom: 12px; z-index: 40; font: 16px sans-serif; padding: 4px 10px; border-radius: 6px; border: 1px solid #888; background: transparent; color: inherit; opacity: 0.6; cursor: pointer; }
.theme-switch:hover { opacity: 1; }
html[data-theme="dark"] .theme-switch { color: #f2f2f2; }
html.print-pdf .theme-switch { display: none; }
`;
