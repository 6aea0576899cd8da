import type { FrontMatter } from '../lesson/front-matter.js';
import { stripExerciseHeader } from './exercise-header.js';
import { lessonCard } from './lesson-card.js';
import { joinSource, type Cell, type Notebook } from './nbformat.js';
import { inLang, type Bilingual, type Lang } from '../lang.js';

/** One way a student notebook fails to read as a tutorial for a student alone. */
export interface StudentLintProblem {
  /** The cell's id, or `notebook` for the notebook as a whole. */
  cell: string;
  problem: string;
}

/** Options of {@link lintStudentNotebook}. */
export interface StudentLintOptions {
  /**
   * Predict-then-run questions a lesson must ask at least.
   * @default 3
   */
  minQuestions?: number;
}

/** How a predict-then-run question starts, in each language: a bold word opening a paragraph. */
export const PREDICT_MARKERS: Readonly<Bilingual> = { en: '**Predict:**', es: '**Predice:**' };

/** How a code cell says it needs no explanation before it (imports, helpers), and why, on its first line. */
export const SETUP_MARKERS: Readonly<Bilingual> = { en: '// Setup:', es: '// Preparación:' };

/** Answer ids of graded concept questions start with this. */
export const CONCEPT_PREFIX = 'concept-';

/** Fewest words of prose (headings aside) that count as explaining the code cell after them. */
const MIN_PROSE_WORDS = 8;

/** Words to the lecturer, which belong in speaker notes. */
const LECTURER_CUES: Readonly<Bilingual<readonly RegExp[]>> = {
  en: [
    /\bask the (?:class|room|students|audience)\b/i, /\bthe (?:students|audience)\b/i, /\bread (?:it |this )?aloud\b/i,
    /\bout loud\b/i, /\b(?:give|let|tell|have) them\b/i, /\bpause here\b/i, /\bpoint at\b/i, /\bprojector\b/i,
    /\bshow of hands\b/i, /\blive in class\b/i,
  ],
  es: [
    /\ba la clase\b/i, /\b(?:pregunta|pregúntale|dile|pídele|muéstrale) al grupo\b/i, /\ben voz alta\b/i, /\blos (?:estudiantes|alumnos)\b/i, /\bustedes\b/i,
    /\bpreg[uú]ntales\b/i, /\bp[ií]deles\b/i, /\bdales\b/i, /\bdiles\b/i, /\bse[nñ]ala\b/i, /\bhaz una pausa\b/i,
    /\bproyector\b/i,
  ],
};

/** Spanish words docs/glossary-es.md replaces, with the course's word. */
const GLOSSARY_ES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bfiab(?:le|les|ilidad)\b/i, 'confiable / confiabilidad'],
  [/\bvídeos?\b/i, 'video'],
  [/\bmóvil(?:es)?\b/i, 'celular'],
  [/\bordenador(?:es)?\b/i, 'computadora'],
  [/\bficheros?\b/i, 'archivo'],
  [/\btests?\b/i, 'pruebas'],
  [/(?<!Jupyter )\bnotebooks?\b/i, 'cuaderno'],
  [/\bligar\b/i, 'enlazar'],
  [/\beuros?\b/i, 'quetzales'],
];

/**
 * Checks that a student notebook reads as a tutorial for a student alone (docs/authoring.md, "Three
 * readers"): its first cell shows the objectives, prerequisites and both times; every code cell has prose
 * before it (a tests cell right after its answer, and a setup cell that says why on its first line, are
 * exempt); no cell speaks to the lecturer; the lesson asks at least three predict-then-run questions and one
 * graded concept question; a Spanish notebook uses the glossary's words. Returns every problem found.
 *
 * @example
 * lintStudentNotebook(await readNotebook('notebooks/en/04-tcp-echo.ipynb'), 'en');
 * // [] when the notebook reads well
 */
export function lintStudentNotebook(notebook: Notebook, lang: Lang, options: StudentLintOptions = {}): StudentLintProblem[] {
  const problems: StudentLintProblem[] = [];
  const report = (cell: string, problem: string): void => {
    problems.push({ cell, problem });
  };
  checkCard(notebook, report);
  notebook.cells.forEach((cell, index) => {
    if (cell.cell_type === 'code') checkExplained(cell, notebook.cells[index - 1], lang, report);
    for (const line of studentText(cell).split('\n')) {
      for (const cue of inLang(LECTURER_CUES, lang)) {
        const found = cue.exec(line);
        if (found) report(cell.id, `speaks to the lecturer ('${found[0]}' in "${line.trim()}"): move it to the speaker notes`);
      }
      if (lang === 'es' && cell.cell_type === 'markdown') {
        for (const [word, ours] of GLOSSARY_ES) {
          const found = word.exec(line);
          if (found) report(cell.id, `uses '${found[0]}' where docs/glossary-es.md says '${ours}' (in "${line.trim()}")`);
        }
      }
    }
  });
  const marker = inLang(PREDICT_MARKERS, lang);
  const questions = notebook.cells
    .filter((cell) => cell.cell_type === 'markdown')
    .reduce((count, cell) => count + joinSource(cell.source).split(marker).length - 1, 0);
  const minQuestions = options.minQuestions ?? 3;
  if (questions < minQuestions) {
    report('notebook', `asks ${questions} predict-then-run question(s), fewer than ${minQuestions}: start a paragraph with '${marker}' before the cell that answers it`);
  }
  const concept = notebook.cells.some((cell) => typeof cell.metadata.nbgrader?.grade_id === 'string' &&
    cell.metadata.nbgrader.solution === true && cell.metadata.nbgrader.grade_id.startsWith(CONCEPT_PREFIX));
  if (!concept) report('notebook', `has no graded concept question: an answer cell whose id starts with '${CONCEPT_PREFIX}'`);
  return problems;
}

function checkCard(notebook: Notebook, report: (cell: string, problem: string) => void): void {
  const first = notebook.cells[0];
  const frontMatter = (notebook.metadata.socketbook as { front_matter?: FrontMatter } | undefined)?.front_matter;
  if (first === undefined || frontMatter === undefined || !joinSource(first.source).endsWith(lessonCard(frontMatter))) {
    report(first?.id ?? 'notebook', 'the first cell does not show the objectives and times: start the lesson with a Markdown cell');
    return;
  }
  if (frontMatter.minutes_alone === undefined) {
    report(first.id, "the first cell gives no time for a student alone: add 'minutes_alone:' to the front matter");
  }
  if (frontMatter.prerequisites === undefined) {
    report(first.id, "the first cell lists no prerequisites: add 'prerequisites:' to the front matter");
  }
}

function checkExplained(cell: Cell, previous: Cell | undefined, lang: Lang, report: (cell: string, problem: string) => void): void {
  const grading = cell.metadata.nbgrader;
  if (grading?.grade === true && previous?.metadata.nbgrader?.solution === true) return;
  const firstLine = stripExerciseHeader(joinSource(cell.source)).split('\n').find((line) => line.trim() !== '');
  if (firstLine?.trim().startsWith(inLang(SETUP_MARKERS, lang))) return;
  if (previous?.cell_type === 'markdown' && proseWords(joinSource(previous.source)) >= MIN_PROSE_WORDS) return;
  report(cell.id, `has no explanation before it: put a sentence or three of prose right before it (what it does, what to notice), or open it with '${inLang(SETUP_MARKERS, lang)} <why>' if it is setup`);
}

/** The words of a Markdown cell's prose: headings, HTML comments, code blocks and images left out. */
function proseWords(markdown: string): number {
  const prose = markdown
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, ' ')
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join(' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ');
  return prose.split(/\s+/).filter((word) => /\p{L}/u.test(word)).length;
}

/** What a student reads in a cell: Markdown without code spans, blocks and link targets, or a code cell's comments. */
function studentText(cell: Cell): string {
  const source = joinSource(cell.source);
  if (cell.cell_type !== 'markdown') {
    return source.split('\n').map((line) => /\/\/(.*)$/.exec(line)?.[1] ?? '').join('\n');
  }
  return source
    .replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, '')
    .replace(/`[^`\n]*`/g, '')
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/<[^>]+>/g, '');
}
