import { describe, expect, test } from 'vitest';
import type { FrontMatter } from '../../../src/kit/lesson/front-matter.js';
import { lessonCard } from '../../../src/kit/notebook/lesson-card.js';

const base: FrontMatter = { title: 'Eco', lesson: 4, lang: 'es', minutes: 50, objectives: ['Abrir un servidor TCP', 'Delimitar mensajes'] };

describe('lessonCard()', () => {
  test('shows the objectives, the prerequisites and both times, in the lesson language', () => {
    expect(lessonCard({ ...base, minutes_alone: 90, prerequisites: ['Lección 03 (puerto 0)'] })).toBe([
      '**En esta lección** vas a:', '- Abrir un servidor TCP', '- Delimitar mensajes', '',
      '**Antes de empezar** conviene que conozcas:', '- Lección 03 (puerto 0)', '',
      '**Tiempo:** 50 min en clase; por tu cuenta, unos 90 min.',
    ].join('\n'));
    expect(lessonCard({ ...base, lang: 'en', minutes_alone: 90 })).toBe([
      '**In this lesson** you will:', '- Abrir un servidor TCP', '- Delimitar mensajes', '',
      '**Time:** 50 min in class; on your own, about 90 min.',
    ].join('\n'));
  });

  test('gives the class time alone when the front matter has no time for a student alone', () => {
    expect(lessonCard({ ...base, lang: 'en' }).split('\n').at(-1)).toBe('**Time:** 50 min in class.');
  });
});
