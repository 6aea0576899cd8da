import { renderCellBody, type Lesson } from './lesson.js';

/** How the notebook cells of a lesson changed, matched by cell id. */
export interface LessonChanges {
  changed: number;
  added: number;
  removed: number;
  /** True when the front matter text differs. */
  frontMatter: boolean;
}

/**
 * Compares the notebook cells (slides-only cells aside) of two versions of a lesson by id: a cell changed
 * when its Markdown (including the directives before it) differs.
 *
 * @example
 * const { changed, added, removed } = lessonChanges(before, after);
 */
export function lessonChanges(previous: Lesson | undefined, next: Lesson): LessonChanges {
  const text = (lesson: Lesson | undefined): Map<string, string> => new Map((lesson?.cells ?? [])
    .filter((cell) => cell.only !== 'slides')
    .map((cell) => [cell.id, `${cell.kind}\n${cell.slideType}\n${cell.before}${renderCellBody(cell)}`]));
  const old = text(previous);
  const now = text(next);
  let changed = 0;
  let added = 0;
  for (const [id, markdown] of now) {
    if (!old.has(id)) added++;
    else if (old.get(id) !== markdown) changed++;
  }
  const removed = [...old.keys()].filter((id) => !now.has(id)).length;
  return { changed, added, removed, frontMatter: previous?.frontMatterText !== next.frontMatterText };
}
