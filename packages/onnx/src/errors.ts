/**
 * Error raised for a model the tool cannot read, patch or write. The message is one line that names
 * the file (when known), what is wrong and what to do; `code` lets callers branch without parsing it.
 */
export class ModelError extends Error {
  readonly code: ModelErrorCode;
  readonly file: string | undefined;

  constructor(code: ModelErrorCode, message: string, options: { file?: string; cause?: unknown } = {}) {
    super(options.file ? `${options.file}: ${message}` : message, { cause: options.cause });
    this.name = 'ModelError';
    this.code = code;
    this.file = options.file;
  }
}

export type ModelErrorCode =
  | 'invalid-model'
  | 'invalid-graph'
  | 'unsupported'
  | 'external-data'
  | 'params'
  | 'io';
