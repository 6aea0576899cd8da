import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderOutputs } from '../../../src/kit/slides/render-outputs.js';
import { readFixtureCases } from './fixture-cases.js';

const fixtures = resolve(import.meta.dirname, '../../fixtures/slides');

describe('renderOutputs() (fixtures/slides/outputs.txt)', () => {
  for (const fixture of readFixtureCases(resolve(fixtures, 'outputs.txt'))) {
    it(fixture.title, () => expect(renderOutputs(JSON.parse(fixture.input))).toBe(fixture.expected));
  }
});

describe('renderOutputs() options', () => {
  it('cuts at maxLines and words the last line with moreLines', () => {
    const html = renderOutputs([{ output_type: 'stream', name: 'stdout', text: 'a\nb\nc\n' }], { maxLines: 2, moreLines: (n) => `+${n}` });
    expect(html).toBe('<div class="outputs"><pre class="output stream">a\n+2</pre></div>\n');
  });
});
