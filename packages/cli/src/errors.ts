/** A command line that cannot be run as given: the CLI prints it with the usage hint and exits with 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT_SUCCESS = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
