import { expect } from 'vitest';

/**
 * A small well-formedness check, enough for the SVG this module writes: tags balance and nest, attribute
 * values are quoted, and text holds no raw `<` and no `&` outside the five XML entities.
 */
export function checkWellFormed(xml: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y;
  const text = /[^<]*/y;
  let position = 0;
  while (position < xml.length) {
    text.lastIndex = position;
    const content = text.exec(xml)?.[0] ?? '';
    expect(content.replace(/&(amp|lt|gt|quot|apos);/g, '')).not.toMatch(/[&>]/);
    position += content.length;
    if (position >= xml.length) break;
    tag.lastIndex = position;
    const match = tag.exec(xml);
    if (!match) throw new Error(`Malformed tag at ${position}: ${xml.slice(position, position + 40)}`);
    const [whole, closing, name = '', attributes = '', selfClosing] = match;
    expect(attributes.replace(/&(amp|lt|gt|quot|apos);/g, '')).not.toMatch(/&/);
    if (closing) expect(stack.pop()).toBe(name);
    else if (!selfClosing) stack.push(name);
    position += whole.length;
  }
  expect(stack).toEqual([]);
}
