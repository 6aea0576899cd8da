import { isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { isLang, type Lang } from '../lang.js';
import { LessonError } from './lesson-error.js';


/** One optional reference, shown on the closing slide. */
export interface LessonReference {
  title: string;
  url: string;
}

/** The YAML front matter of a lesson, as docs/authoring.md defines it. */
export interface FrontMatter {
  title: string;
  lesson: number;
  lang: Lang;
  /** Minutes the lesson takes in class. */
  minutes: number;
  /** Minutes it takes a student alone, reading and running every cell: usually 1.5–2 × `minutes`. */
  minutes_alone?: number;
  objectives: string[];
  /** What a student should know first, in student-facing words ("Lesson 03: port 0 and EADDRINUSE"). */
  prerequisites?: string[];
  references?: LessonReference[];
}

/** The front matter block found at the top of a lesson file. */
export interface FrontMatterBlock {
  data: FrontMatter;
  /** The block verbatim, `---` lines included, each line ending with `\n`. */
  text: string;
  /** How many lines of the file the block takes (the body starts at this 0-based line). */
  lineCount: number;
}

const REQUIRED = ['title', 'lesson', 'lang', 'minutes', 'objectives'] as const;
const ALLOWED = new Set<string>([...REQUIRED, 'minutes_alone', 'prerequisites', 'references']);

/**
 * Finds, parses and validates the front matter at the top of `lines` (a file split on `\n`).
 * Line numbers in errors are those of the file.
 *
 * @example
 * const { data, lineCount } = readFrontMatter(text.split('\n'), 'notebooks/en/99-echo.md');
 */
export function readFrontMatter(lines: readonly string[], file: string): FrontMatterBlock {
  if (lines[0]?.trimEnd() !== '---') {
    throw new LessonError('ERR_LESSON_MISSING_FRONT_MATTER', file, 1, 'Missing front matter',
      "Start the file with a '---' line, the YAML keys title, lesson, lang, minutes and objectives, and a closing '---' line");
  }
  let end = 1;
  while (end < lines.length && lines[end]!.trimEnd() !== '---') end++;
  if (end >= lines.length) {
    throw new LessonError('ERR_LESSON_UNCLOSED_FRONT_MATTER', file, 1, 'Unclosed front matter',
      "Close the YAML block with a '---' line");
  }
  const yamlText = lines.slice(1, end).join('\n');
  const counter = new LineCounter();
  const document = parseDocument(yamlText, { lineCounter: counter, prettyErrors: false });
  const lineOf = (offset: number | undefined): number => (offset === undefined ? 1 : counter.linePos(offset).line) + 1;
  const yamlError = document.errors[0];
  if (yamlError) {
    throw new LessonError('ERR_LESSON_FRONT_MATTER_YAML', file, lineOf(yamlError.pos[0]),
      `Cannot read the front matter: ${yamlError.message.split('\n')[0]}`, 'Fix the YAML syntax');
  }
  const contents = document.contents;
  if (!isMap(contents)) {
    throw new LessonError('ERR_LESSON_FRONT_MATTER_INVALID', file, 2, 'The front matter is not a mapping of keys',
      'Write one key per line, such as "title: Echo"');
  }
  const keyLines = new Map<string, number>();
  for (const item of contents.items) {
    const key = isScalar(item.key) ? String(item.key.value) : String(item.key);
    const line = lineOf((item.key as YamlNode | null)?.range?.[0]);
    if (!ALLOWED.has(key)) {
      throw new LessonError('ERR_LESSON_FRONT_MATTER_UNKNOWN_KEY', file, line, `Unknown front matter key '${key}'`,
        'Use only title, lesson, lang, minutes, minutes_alone, objectives, prerequisites and references');
    }
    keyLines.set(key, line);
  }
  for (const key of REQUIRED) {
    if (!keyLines.has(key)) {
      throw new LessonError('ERR_LESSON_FRONT_MATTER_MISSING_KEY', file, end + 1, `Missing front matter key '${key}'`,
        `Add '${key}:' to the front matter`);
    }
  }
  const data = document.toJS() as Record<string, unknown>;
  const invalid = (key: string, what: string): never => {
    throw new LessonError('ERR_LESSON_FRONT_MATTER_INVALID', file, keyLines.get(key) ?? 2,
      `Invalid front matter key '${key}'`, `Write ${what}`);
  };
  if (typeof data.title !== 'string' || data.title.trim() === '') invalid('title', 'a non-empty title');
  if (!Number.isInteger(data.lesson) || (data.lesson as number) < 0) invalid('lesson', 'the lesson number, an integer');
  if (typeof data.lang !== 'string' || !isLang(data.lang)) invalid('lang', "'es' or 'en'");
  if (typeof data.minutes !== 'number' || data.minutes <= 0) invalid('minutes', 'the estimated minutes, a number above 0');
  const objectives = data.objectives;
  if (!Array.isArray(objectives) || objectives.length === 0 || !objectives.every((o) => typeof o === 'string')) {
    invalid('objectives', 'a list of one or more objectives, one per line starting with "- "');
  }
  if ('minutes_alone' in data && (typeof data.minutes_alone !== 'number' || data.minutes_alone <= 0)) {
    invalid('minutes_alone', 'the minutes a student alone needs, a number above 0');
  }
  if ('prerequisites' in data && !isTextList(data.prerequisites)) {
    invalid('prerequisites', 'a list of one or more prerequisites, one per line starting with "- " (put an item that contains ": " in quotes)');
  }
  if ('references' in data && !isReferenceList(data.references)) {
    invalid('references', 'a list of items with exactly a title and a url');
  }
  return { data: data as unknown as FrontMatter, text: lines.slice(0, end + 1).join('\n') + '\n', lineCount: end + 1 };
}

function isTextList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string' && item.trim() !== '');
}

function isReferenceList(value: unknown): value is LessonReference[] {
  return Array.isArray(value) && value.every((item) =>
    typeof item === 'object' && item !== null &&
    Object.keys(item).sort().join(',') === 'title,url' &&
    typeof (item as LessonReference).title === 'string' && typeof (item as LessonReference).url === 'string');
}
