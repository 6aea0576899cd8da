import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import plaintext from 'highlight.js/lib/languages/plaintext';
import python from 'highlight.js/lib/languages/python';
import shell from 'highlight.js/lib/languages/shell';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import { escapeHtml } from './escape-html.js';

// Only the languages a socket course shows: loading highlight.js's 190 grammars would cost more than
// rendering the whole course.
const LANGUAGES = { bash, c, javascript, json, plaintext, python, shell, typescript, xml, yaml };
for (const [name, grammar] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, grammar);
hljs.registerAliases(['ts', 'tsx'], { languageName: 'typescript' });
hljs.registerAliases(['js', 'mjs'], { languageName: 'javascript' });
hljs.registerAliases(['sh', 'console'], { languageName: 'bash' });
hljs.registerAliases(['text', 'txt'], { languageName: 'plaintext' });
hljs.registerAliases(['html', 'svg'], { languageName: 'xml' });
hljs.registerAliases(['py'], { languageName: 'python' });

/**
 * Highlights code at build time and wraps each line in `<span class="line">`; lines in `highlighted`
 * (1-based) also get the class `highlight`. Unknown languages are escaped as plain text.
 *
 * @example
 * highlightCode('const a = 1;', 'ts', new Set([1]));
 * // '<span class="line highlight"><span class="hljs-keyword">const</span> a = ...</span>'
 */
export function highlightCode(code: string, lang: string, highlighted: ReadonlySet<number> = new Set()): string {
  const html = hljs.getLanguage(lang) ? hljs.highlight(code, { language: lang, ignoreIllegals: true }).value : escapeHtml(code);
  return splitLines(html)
    .map((line, index) => `<span class="line${highlighted.has(index + 1) ? ' highlight' : ''}">${line}</span>`)
    .join('\n');
}

/** Splits highlighted HTML into lines, closing the spans open at each line end and reopening them on the next. */
function splitLines(html: string): string[] {
  const lines: string[] = [];
  const open: string[] = [];
  let current = '';
  for (const part of html.split(/(<span[^>]*>|<\/span>|\n)/)) {
    if (part === '\n') {
      lines.push(current + '</span>'.repeat(open.length));
      current = open.join('');
    } else {
      if (part.startsWith('<span')) open.push(part);
      else if (part === '</span>') open.pop();
      current += part;
    }
  }
  lines.push(current);
  return lines;
}
