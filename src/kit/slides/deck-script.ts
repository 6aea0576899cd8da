/**
 * The script every deck runs after reveal.js: picks the theme (`?theme=dark|light`, then the last choice,
 * then the system's), lets `T` or the button switch it, and starts reveal.js at 1280x720 with the speaker
 * notes plugin. Left and right arrows (and a presenter's clicker) step through every slide and fragment.
 * `?print-pdf` is reveal.js's print layout, one page per slide; `?print-pdf&notes` adds the notes.
 *
 * @example
 * `<script>${DECK_SCRIPT}</script>`
 */
export const DECK_SCRIPT = `(function () {
  var root = document.documentElement;
  var params = new URLSearchParams(window.location.search);
  var saved = null;
  try { saved = window.localStorage.getItem('socketbook-theme'); } catch (error) { saved = null; }
  var system = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  var theme = params.get('theme') || saved || system;
  root.setAttribute('data-theme', theme === 'dark' ? 'dark' : 'light');
  function toggleTheme() {
    var next = root.getAttribute('data-theme') === 'dark' ? 'light' : 'dark';
    root.setAttribute('data-theme', next);
    try { window.localStorage.setItem('socketbook-theme', next); } catch (error) { /* private mode: not remembered */ }
  }
  var button = document.querySelector('.theme-switch');
  if (button) button.addEventListener('click', toggleTheme);
  Reveal.initialize({
    width: 1280, height: 720, margin: 0.04, center: false, hash: true, navigationMode: 'linear',
    slideNumber: 'c/t', transition: 'slide', pdfMaxPagesPerSlide: 1, pdfSeparateFragments: false,
    showNotes: params.has('notes'), keyboard: { 84: toggleTheme }, plugins: [RevealNotes]
  });
})();
`;
