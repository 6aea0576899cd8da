import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The test files that run every lesson, longest first. With two workers, each starts on one of them at
 * once and the rest of the suite fills in beside them; in vitest's own order (larger files first, or the
 * fast tier before the slow one) they would start minutes late and the run would end on them alone.
 */
export const LONGEST = ['test/kit/course-lessons.test.ts', 'test/kit/course-grading.test.ts'];

/** Vitest's order, with the files of {@link LONGEST} moved to the front. */
export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification): number => {
      const index = LONGEST.indexOf(relative(file.project.config.root, file.moduleId).split('\\').join('/'));
      return index === -1 ? LONGEST.length : index;
    };
    // Array.prototype.sort is stable: the others keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
