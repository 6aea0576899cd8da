/**
 * Runs `work` on every item with at most `jobs` running at once, and resolves with the results in the
 * items' order. A rejection of one item rejects the whole run after the running ones settle.
 *
 * @example
 * const results = await runPool(lessons, 2, (lesson) => execute(lesson));
 */
export async function runPool<T, R>(items: readonly T[], jobs: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  }
  const workers = Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, () => worker());
  const settled = await Promise.allSettled(workers);
  const failure = settled.find((outcome) => outcome.status === 'rejected');
  if (failure) throw (failure as PromiseRejectedResult).reason;
  return results;
}
