const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML content or a quoted attribute value.
 *
 * @example
 * escapeHtml('<b> & "x"'); // '&lt;b&gt; &amp; &quot;x&quot;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

/**
 * Removes ANSI colour and cursor escapes (Deno and Node colour their error text) so they do not show as noise.
 *
 * @example
 * stripAnsi('\u001b[31mError\u001b[39m'); // 'Error'
 */
export function stripAnsi(text: string): string {
  // CSI sequences: ESC [ parameters final-letter.
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}
