/**
 * "52% (2.6 of 5.0 MB)": how far a transfer got, as the file examples print it.
 *
 * @example
 * formatProgress(2_600_000, 5_000_000); // '52% (2.6 of 5.0 MB)'
 */
export function formatProgress(bytes: number, total: number): string {
  const percent = total === 0 ? 100 : Math.floor((bytes / total) * 100);
  return `${percent}% (${megabytes(bytes)} of ${megabytes(total)} MB)`;
}

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}
