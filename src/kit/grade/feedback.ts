import { escapeHtml } from '../slides/escape-html.js';
import { feedbackWords } from './feedback-words.js';
import type { SubmissionGrade } from './grade-submission.js';
import type { CaseOutcome, ExerciseOutcome } from './score-exercises.js';
import { type Bilingual, inLang } from '../lang.js';

/** A case as the student sees it: name, mark, and for a failed visible case the details ('' label: none). */
interface CaseView {
  title: string;
  passed: boolean;
  details: Array<[label: string, text: string]>;
}

/**
 * The student's feedback as Markdown, in the lesson's language: the score, notes about the submission,
 * then per exercise each test case with what it expected and what it got. A hidden case shows only its
 * name and whether it passed.
 *
 * @example
 * await atomicWrite(join(out, grade.student, 'feedback.md'), feedbackMarkdown(grade, plan.title));
 */
export function feedbackMarkdown(grade: SubmissionGrade, title: string): string {
  const words = feedbackWords(grade.lang);
  const lines = [`# ${words.feedback}: ${title}`, '', `**${words.score}: ${words.points(grade.score, grade.maxScore)}** (${grade.student})`, ''];
  for (const note of grade.notes) lines.push(`> ${inLang(note, grade.lang)}`, '');
  for (const exercise of grade.exercises) {
    lines.push(`## ${words.exercise} ${exercise.id}: ${words.points(exercise.points, exercise.maxPoints)}`, '');
    for (const note of exerciseNotes(exercise)) lines.push(`> ${inLang(note, grade.lang)}`, '');
    for (const test of exercise.tests) {
      if (test.reason !== undefined) lines.push(`> ${inLang(test.reason, grade.lang)}`, '');
      for (const entry of test.cases) {
        const view = caseView(entry, grade);
        lines.push(`- ${view.passed ? '✓' : '✗'} ${view.title}`);
        for (const [label, text] of view.details) lines.push(`  - ${label === '' ? '' : `${label}: `}${markdownCode(text)}`);
      }
      lines.push('');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/**
 * The same feedback as one self-contained HTML page (inline styles, no scripts, nothing fetched).
 *
 * @example
 * await atomicWrite(join(out, grade.student, 'feedback.html'), feedbackHtml(grade, plan.title));
 */
export function feedbackHtml(grade: SubmissionGrade, title: string): string {
  const words = feedbackWords(grade.lang);
  const e = escapeHtml;
  const body: string[] = [
    `<h1>${e(words.feedback)}: ${e(title)}</h1>`,
    `<p class="score">${e(words.score)}: <strong>${e(words.points(grade.score, grade.maxScore))}</strong> <span class="who">${e(grade.student)}</span></p>`,
  ];
  for (const note of grade.notes) body.push(`<p class="note">${e(inLang(note, grade.lang))}</p>`);
  for (const exercise of grade.exercises) {
    body.push(`<section><h2>${e(words.exercise)} <code>${e(exercise.id)}</code>: ${e(words.points(exercise.points, exercise.maxPoints))}</h2>`);
    for (const note of exerciseNotes(exercise)) body.push(`<p class="note">${e(inLang(note, grade.lang))}</p>`);
    for (const test of exercise.tests) {
      if (test.reason !== undefined) body.push(`<p class="note">${e(inLang(test.reason, grade.lang))}</p>`);
      body.push('<ul>');
      for (const entry of test.cases) {
        const view = caseView(entry, grade);
        const details = view.details.map(([label, text]) => `<div>${label === '' ? '' : `<span class="label">${e(label)}:</span> `}<code>${e(text)}</code></div>`).join('');
        const mark = view.passed ? '✓' : '✗';
        const state = view.passed ? words.passed : words.failed;
        body.push(`<li class="${view.passed ? 'pass' : 'fail'}"><span class="mark" aria-label="${e(state)}">${mark}</span> ${e(view.title)}${details}</li>`);
      }
      body.push('</ul>');
    }
    body.push('</section>');
  }
  return [
    '<!doctype html>',
    `<html lang="${grade.lang}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(words.feedback)}: ${e(title)} (${e(grade.student)})</title>`,
    `<style>${STYLE}</style></head>`,
    `<body>${body.join('\n')}</body></html>`,
    '',
  ].join('\n');
}

const STYLE = [
  'body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}',
  'h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:1.5rem}.score{font-size:1.2rem}.who{color:#666;font-size:.9rem}',
  '.note{background:#fff6e0;border-left:4px solid #e0a800;padding:.4rem .8rem}ul{list-style:none;padding-left:0}',
  'li{margin:.3rem 0}.mark{font-weight:bold;display:inline-block;width:1.2rem}.pass .mark{color:#17803d}.fail .mark{color:#c62828}',
  'li div{margin-left:1.6rem;font-size:.92rem}.label{color:#555}code{background:#f3f3f3;padding:0 .2rem;white-space:pre-wrap;word-break:break-word}',
].join('');

/** An exercise's notes, the time limit it hit first: it says the points may come back. */
function exerciseNotes(exercise: ExerciseOutcome): Bilingual[] {
  return exercise.timedOut === undefined ? exercise.notes : [exercise.timedOut, ...exercise.notes];
}

function caseView(entry: CaseOutcome, grade: SubmissionGrade): CaseView {
  const words = feedbackWords(grade.lang);
  const name = entry.hidden ? `${words.hiddenTest}: ${entry.name}` : entry.name;
  const view: CaseView = { title: `${name} (${words.points(entry.points, entry.maxPoints)})`, passed: entry.passed, details: [] };
  if (entry.passed || entry.hidden) return view;
  if (entry.message !== undefined) view.details.push(['', entry.message]);
  if (entry.note !== undefined) view.details.push(['', inLang(entry.note, grade.lang)]);
  if (entry.expected !== undefined) view.details.push([words.expected, entry.expected]);
  if (entry.actual !== undefined) view.details.push([words.got, entry.actual]);
  if (entry.hint !== undefined) view.details.push([words.hint, entry.hint]);
  return view;
}

function markdownCode(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  const ticks = '`'.repeat(Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  return `${ticks}${ticks.length > 1 ? ' ' : ''}${flat}${ticks.length > 1 ? ' ' : ''}${ticks}`;
}
