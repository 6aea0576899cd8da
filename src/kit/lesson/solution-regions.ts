import { LessonError } from './lesson-error.js';
import { inLang, say, type Lang } from '../lang.js';

/** A `// BEGIN …` … `// END …` region of a code cell, markers included, as 0-based source line indexes. */
export interface MarkerRegion {
  kind: 'solution' | 'hidden-tests';
  /** Line of the BEGIN marker. */
  begin: number;
  /** Line of the END marker. */
  end: number;
  /** Leading whitespace of the BEGIN marker: the stub line is written at this indentation. */
  indent: string;
  /**
   * For a hidden tests region: its `hiddenTest(name, points, …)` cases, name as written in the source (a
   * string literal, quotes included). The student notebook announces them without their code.
   */
  hiddenCases?: HiddenCaseHeader[];
}

/** The name and points of one hidden case, as the student notebook announces it. */
export interface HiddenCaseHeader {
  /** The name's string literal, quotes included, as written in the lesson. */
  nameLiteral: string;
  points: string;
}

/** Where a cell's source is, for error messages. */
export interface MarkerContext {
  file: string;
  /** 1-based file line of the source's first line. */
  sourceLine: number;
  cellId: string;
}

const MARKER = /^(\s*)\/\/\s*(BEGIN|END) (SOLUTION|HIDDEN TESTS)\s*$/;
const MARKER_WORDS = /\b(BEGIN|END) (SOLUTION|HIDDEN TESTS)\b/;
/** `hiddenTest(` followed by a string literal name and a numeric points argument. */
const HIDDEN_CASE = /\bhiddenTest\(\s*('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")\s*,\s*(\d+(?:\.\d+)?)\s*[,)]/g;
const HIDDEN_CALL = /\bhiddenTest\(/g;

/**
 * Finds and checks the marker regions of a code cell's source. Solution markers belong only in answer
 * cells (which need at least one region), hidden-test markers only in tests cells (at most one region);
 * each marker alone on its line, balanced, not nested.
 *
 * @example
 * findMarkerRegions('f() {\n  // BEGIN SOLUTION\n  return 1;\n  // END SOLUTION\n}', 'answer', context);
 * // [{ kind: 'solution', begin: 1, end: 3, indent: '  ' }]
 */
export function findMarkerRegions(source: string, cellKind: 'code' | 'answer' | 'tests', context: MarkerContext): MarkerRegion[] {
  const { file, sourceLine } = context;
  const regions: MarkerRegion[] = [];
  let open: { kind: MarkerRegion['kind']; begin: number; indent: string } | undefined;
  const lines = source.split('\n');
  lines.forEach((line, index) => {
    const fileLine = sourceLine + index;
    const match = MARKER.exec(line);
    if (!match) {
      if (MARKER_WORDS.test(line)) {
        throw new LessonError('ERR_LESSON_MISPLACED_MARKER', file, fileLine, `Marker not alone on its line: '${line.trim()}'`,
          "Write the marker as a comment alone on its line, like '// BEGIN SOLUTION'");
      }
      return;
    }
    const kind = match[3] === 'SOLUTION' ? 'solution' : 'hidden-tests';
    const marker = `${match[2]} ${match[3]}`;
    const home = kind === 'solution' ? 'answer' : 'tests';
    if (cellKind !== home) {
      throw new LessonError('ERR_LESSON_MISPLACED_MARKER', file, fileLine, `'${marker}' in ${article(cellKind)} ${cellKind} cell`,
        `Put ${kind === 'solution' ? 'solution' : 'hidden test'} markers only in a ${home} cell (\`\`\`ts ${home} ...)`);
    }
    if (match[2] === 'BEGIN') {
      if (open) {
        throw new LessonError('ERR_LESSON_UNBALANCED_MARKERS', file, fileLine, `'${marker}' inside a region opened at line ${sourceLine + open.begin}`,
          `Close the region with '// END ${match[3]}' first; regions do not nest`);
      }
      if (kind === 'hidden-tests' && regions.length > 0) {
        throw new LessonError('ERR_LESSON_MISPLACED_MARKER', file, fileLine, 'A second hidden tests region in one tests cell',
          'Merge the hidden tests into one region');
      }
      open = { kind, begin: index, indent: match[1]! };
    } else {
      if (!open || open.kind !== kind) {
        throw new LessonError('ERR_LESSON_UNBALANCED_MARKERS', file, fileLine, `'${marker}' without a matching 'BEGIN ${match[3]}'`,
          `Add '// BEGIN ${match[3]}' before it or remove it`);
      }
      const region: MarkerRegion = { ...open, end: index };
      if (kind === 'hidden-tests') region.hiddenCases = hiddenCasesOf(lines, region, context);
      regions.push(region);
      open = undefined;
    }
  });
  if (open) {
    const name = open.kind === 'solution' ? 'SOLUTION' : 'HIDDEN TESTS';
    throw new LessonError('ERR_LESSON_UNBALANCED_MARKERS', file, sourceLine + open.begin, `'BEGIN ${name}' is never closed`,
      `Add '// END ${name}' after the region`);
  }
  if (cellKind === 'answer' && regions.length === 0) {
    throw new LessonError('ERR_LESSON_MISSING_SOLUTION', file, sourceLine - 1, `Answer cell '${context.cellId}' has no solution region`,
      "Wrap the solution in '// BEGIN SOLUTION' and '// END SOLUTION' lines");
  }
  return regions;
}

/**
 * The `hiddenTest(name, points, …)` calls of a hidden tests region. Their names must be string literals and
 * their points numbers, so the student notebook can announce them; a call that is not is an error.
 */
function hiddenCasesOf(lines: readonly string[], region: MarkerRegion, context: MarkerContext): HiddenCaseHeader[] {
  const text = lines.slice(region.begin + 1, region.end).join('\n');
  const matches = [...text.matchAll(HIDDEN_CASE)];
  const odd = [...text.matchAll(HIDDEN_CALL)].find((call) => !matches.some((match) => match.index === call.index));
  if (odd !== undefined) {
    const line = region.begin + 1 + text.slice(0, odd.index).split('\n').length - 1;
    throw new LessonError('ERR_LESSON_HIDDEN_CASE_NAME', context.file, context.sourceLine + line,
      `A hidden test in cell '${context.cellId}' has no plain name and points: '${lines[line]!.trim()}'`,
      "Write it as hiddenTest('what kind of case it is', 1, () => …), the name a quoted string and the points a number: the student notebook announces it by that name");
  }
  return matches.map((match) => ({ nameLiteral: match[1]!, points: match[2]! }));
}

/**
 * The lines that replace a hidden tests region in the student notebook: a comment, and each hidden case's
 * name and points without its code, so the self-check can say what the grader will also check.
 *
 * @example
 * announcedHiddenLines(region, 'en');
 * // ['  // Hidden tests: they run when your notebook is graded', "  hiddenTest('an empty text', 1),"]
 */
export function announcedHiddenLines(region: MarkerRegion, lang: Lang): string[] {
  const cases = region.hiddenCases ?? [];
  if (cases.length === 0) return [];
  const comment = inLang(say('// Hidden tests: they run when your notebook is graded',
    '// Pruebas ocultas: se ejecutan cuando se califica tu cuaderno'), lang);
  return [`${region.indent}${comment}`, ...cases.map((entry) => `${region.indent}hiddenTest(${entry.nameLiteral}, ${entry.points}),`)];
}

/**
 * The line that replaces a solution region in the student notebook: it throws, in the lesson's language.
 *
 * @example
 * stubLine('  ', 'en', 'shout');
 * // "  throw new Error('Not implemented yet: write your answer here (exercise shout)');"
 */
export function stubLine(indent: string, lang: Lang, exerciseId: string): string {
  const message = inLang(say(`Not implemented yet: write your answer here (exercise ${exerciseId})`,
    `Aún no implementado: escribe aquí tu respuesta (ejercicio ${exerciseId})`), lang);
  return `${indent}throw new Error('${message}');`;
}

/**
 * The student's version of a checked cell source: each solution region becomes a stub line, the hidden
 * tests region keeps only the names and points of its cases. Other sources come back unchanged.
 *
 * @example
 * studentSource(source, regions, 'es', 'shout');
 */
export function studentSource(source: string, regions: readonly MarkerRegion[], lang: Lang, cellId: string): string {
  if (regions.length === 0) return source;
  const lines = source.split('\n');
  const out: string[] = [];
  let next = 0;
  for (const region of regions) {
    out.push(...lines.slice(next, region.begin));
    if (region.kind === 'solution') out.push(stubLine(region.indent, lang, cellId));
    else out.push(...announcedHiddenLines(region, lang));
    next = region.end + 1;
  }
  out.push(...lines.slice(next));
  return out.join('\n');
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}
