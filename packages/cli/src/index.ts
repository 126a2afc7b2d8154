export { type CliIo, runCli } from './program.js';
export { EXIT_FAILURE, EXIT_SUCCESS, EXIT_USAGE, UsageError } from './errors.js';
