/**
 * Naming scheme for nodes added without explicit names.
 * - 'scoped': torch.onnx.export since torch 1.13. Node `/<module path>/<OpType>`, then `_1`, `_2`, …
 *   for repeats, and outputs `<node name>_output_<i>`.
 * - 'numbered': torch.onnx.export up to torch 1.12. Node `<OpType>_<node index>`, outputs are
 *   decimal numbers from one model-wide counter.
 * NOTE: the 1.12/1.13 boundary is recalled from exported graphs, not checked against torch's changelog.
 */
export type NamingStyle = 'scoped' | 'numbered';

/** Model-wide registry of node and value names. ONNX requires value names to be unique across the main graph and its subgraphs. */
export class NameRegistry {
  private readonly valueNames = new Set<string>();
  private readonly nodeNames = new Set<string>();
  private nextValueNumber = 0;
  private nextNodeNumber = 0;

  constructor(readonly style: NamingStyle) {}

  /** Registers a value name and throws if it is already taken. */
  claimValue(name: string): string {
    if (name === '') throw new Error('A value name must not be empty; the empty name marks an omitted optional input.');
    if (this.valueNames.has(name)) throw new Error(`Value name "${name}" is already defined in this model.`);
    this.valueNames.add(name);
    return name;
  }

  /** Registers a node name and throws if it is already taken. */
  claimNode(name: string): string {
    if (this.nodeNames.has(name)) throw new Error(`Node name "${name}" is already used in this model.`);
    this.nodeNames.add(name);
    return name;
  }

  /** Returns true when the value name is defined in this model. */
  hasValue(name: string): boolean {
    return this.valueNames.has(name);
  }

  /** Generates and claims a node name for an operator in a scope ("" or "/a/b"). */
  generateNodeName(scope: string, opType: string): string {
    const nodeIndex = this.nextNodeNumber;
    this.nextNodeNumber += 1;
    if (this.style === 'numbered') return this.claimNode(this.firstFreeNodeName(`${opType}_${nodeIndex}`));
    return this.claimNode(this.firstFreeNodeName(`${scope}/${opType}`));
  }

  /** Generates and claims the name of output `index` of a node. */
  generateOutputName(nodeName: string, index: number): string {
    if (this.style === 'numbered') {
      let candidate = String(this.nextValueNumber);
      while (this.valueNames.has(candidate)) {
        this.nextValueNumber += 1;
        candidate = String(this.nextValueNumber);
      }
      this.nextValueNumber += 1;
      return this.claimValue(candidate);
    }
    return this.claimValue(`${nodeName}_output_${index}`);
  }

  private firstFreeNodeName(base: string): string {
    if (!this.nodeNames.has(base)) return base;
    let suffix = 1;
    while (this.nodeNames.has(`${base}_${suffix}`)) suffix += 1;
    return `${base}_${suffix}`;
  }
}
