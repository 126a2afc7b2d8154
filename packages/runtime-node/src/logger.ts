/** Receives the warnings of createSession: device fallbacks and cache entries that could not be used. */
export interface Logger {
  warn(message: string): void;
}

export const consoleLogger: Logger = {
  warn: (message) => console.warn(`@multimax/runtime-node: ${message}`),
};
