/**
 * MultiMax parameter types in the two notations, the validation error, and small queries on
 * reference-notation params. SPEC.md defines the modulator σ that these params describe.
 */

/**
 * Modulator parameters in reference notation, the notation of the MultiMax reference code.
 *
 * σ(x) = y + ts[0]·max(ranges[0] − y, 0) + ts[1]·max(y − ranges[1], 0)
 *          + ts[2]·max(ranges[2] − y, 0)² + ts[3]·max(y − ranges[3], 0)²,   y = scale·x + bias.
 *
 * `ranges` and `ts` have 2 entries (first order) or 4 entries (second order).
 */
export interface ModulatorParams {
  ranges: number[];
  ts: number[];
  /** Factor of the optional affine input transform; 1 when absent. */
  scale?: number;
  /** Offset of the optional affine input transform; 0 when absent. */
  bias?: number;
}

/**
 * Modulator parameters in paper notation: per order n, the thresholds tb_n and td_n and the
 * slopes b_n and d_n. Each array has 1 entry (first order) or 2 entries (second order).
 */
export interface PaperParams {
  tb: number[];
  td: number[];
  b: number[];
  d: number[];
  scale?: number;
  bias?: number;
}

export type AnyParams = ModulatorParams | PaperParams;

/** One invalid field: its JSON path (empty for the root value) and what is expected there. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/**
 * Error for invalid params or params files. `issues` lists every invalid field, and the message
 * repeats them on one line as `<source>: invalid MultiMax params: <path>: <message>; ...`.
 */
export class ParamsValidationError extends Error {
  readonly issues: ValidationIssue[];
  readonly source?: string;

  constructor(issues: ValidationIssue[], source?: string) {
    super(formatValidationMessage(issues, source));
    this.name = 'ParamsValidationError';
    this.issues = issues;
    if (source !== undefined) this.source = source;
  }
}

function formatValidationMessage(issues: ValidationIssue[], source: string | undefined): string {
  const prefix = source === undefined ? '' : `${source}: `;
  const details = issues.map((issue) => `${issue.path === '' ? '(root)' : issue.path}: ${issue.message}`);

  // The message stays on one line so that logs and CLI output show every issue together.
  return `${prefix}invalid MultiMax params: ${details.join('; ')}`.replace(/\s*\n\s*/g, ' ');
}

/**
 * Returns whether σ is exactly the identity: every ts entry is zero, scale is 1 or absent and bias
 * is 0 or absent. The ranges do not matter then. A nonzero bias alone leaves Softmax outputs
 * unchanged (Softmax is shift-invariant) but still makes σ differ from the identity.
 */
export function isIdentity(params: ModulatorParams): boolean {
  const scaleIsOne = params.scale === undefined || params.scale === 1;
  const biasIsZero = params.bias === undefined || params.bias === 0;

  return scaleIsOne && biasIsZero && params.ts.every((t) => t === 0);
}

/** Returns the modulator order from the number of ts entries (4 means second order), whatever their values. */
export function order(params: ModulatorParams): 1 | 2 {
  return params.ts.length === 4 ? 2 : 1;
}
