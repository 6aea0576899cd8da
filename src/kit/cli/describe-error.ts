/** One readable paragraph for an error: its message, its code, and the chain of causes. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  let text = typeof code === 'string' && !error.message.includes(code) ? `${error.message} [${code}]` : error.message;
  if (error.cause !== undefined) text += `\n  caused by: ${describeError(error.cause)}`;
  return text;
}
