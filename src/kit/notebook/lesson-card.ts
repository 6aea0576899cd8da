import { inLang, type Bilingual } from '../lang.js';
import type { FrontMatter } from '../lesson/front-matter.js';

/**
 * What a student sees first in a notebook, under the lesson's own opening: the objectives, what to know
 * before starting, and how long it takes in class and alone. It comes from the front matter, so the
 * notebook, the deck's title slide and the course site cannot disagree.
 *
 * @example
 * lessonCard({ lang: 'en', minutes: 50, minutes_alone: 90, objectives: ['Open a TCP server'], prerequisites: ['Lesson 03'], … });
 * // '**In this lesson** you will:\n- Open a TCP server\n\n**Before you start:** …\n\n**Time:** 50 min in class, about 90 min on your own.'
 */
export function lessonCard(frontMatter: FrontMatter): string {
  const words = inLang(WORDS, frontMatter.lang);
  const lines = [words.objectives];
  for (const objective of frontMatter.objectives) lines.push(`- ${objective}`);
  const prerequisites = frontMatter.prerequisites ?? [];
  if (prerequisites.length > 0) {
    lines.push('', words.prerequisites);
    for (const prerequisite of prerequisites) lines.push(`- ${prerequisite}`);
  }
  const { minutes, minutes_alone: alone } = frontMatter;
  lines.push('', alone === undefined ? words.time(minutes) : words.times(minutes, alone));
  return lines.join('\n');
}

const WORDS: Bilingual<{
  objectives: string;
  prerequisites: string;
  time: (minutes: number) => string;
  times: (minutes: number, alone: number) => string;
}> = {
  en: {
    objectives: '**In this lesson** you will:',
    prerequisites: '**Before you start** you should know:',
    time: (minutes) => `**Time:** ${minutes} min in class.`,
    times: (minutes, alone) => `**Time:** ${minutes} min in class; on your own, about ${alone} min.`,
  },
  es: {
    objectives: '**En esta lección** vas a:',
    prerequisites: '**Antes de empezar** conviene que conozcas:',
    time: (minutes) => `**Tiempo:** ${minutes} min en clase.`,
    times: (minutes, alone) => `**Tiempo:** ${minutes} min en clase; por tu cuenta, unos ${alone} min.`,
  },
};
