/** A mistake in the command line: printed with the usage hint and exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
