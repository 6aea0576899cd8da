/**
 * Removes ANSI escape sequences from text: colours and cursor moves (CSI: `ESC [ … final byte`) and
 * terminal titles or links (OSC: `ESC ] … BEL` or `ESC ] … ESC \`). Deno and Node colour their error text;
 * notebooks, decks and feedback show it plain.
 *
 * @example
 * stripAnsi('\u001b[33m42\u001b[39m'); // '42'
 */
export function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g, '');
}
