import { GRADESCOPE_VISIBILITIES, type GradescopeVisibility } from '../grade/results-json.js';
import { UsageError } from './command.js';

/**
 * Reads `--hidden-visibility`: one of Gradescope's visibilities, `after_published` when not given.
 *
 * @example
 * hiddenVisibility({ 'hidden-visibility': 'after_due_date' }); // 'after_due_date'
 */
export function hiddenVisibility(values: Record<string, unknown>): GradescopeVisibility {
  const raw = values['hidden-visibility'];
  if (raw === undefined) return 'after_published';
  const found = GRADESCOPE_VISIBILITIES.find((visibility) => visibility === raw);
  if (found === undefined) throw new UsageError(`--hidden-visibility must be one of ${GRADESCOPE_VISIBILITIES.join(', ')}, not '${String(raw)}'`);
  return found;
}
