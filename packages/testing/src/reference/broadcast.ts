/**
 * Broadcasts `data` with shape `dims` to `targetDims` by numpy rules (align trailing dims; a dim of
 * 1 repeats). Throws when the shapes are incompatible or the target has lower rank.
 */
export function broadcastTo(data: ArrayLike<number>, dims: readonly number[], targetDims: readonly number[]): Float64Array {
  const expectedLength = dims.reduce((count, dim) => count * dim, 1);
  if (data.length !== expectedLength) throw new Error(`Data has ${data.length} values but dims [${dims.join(', ')}] need ${expectedLength}.`);
  if (dims.length > targetDims.length) throw new Error(`Cannot broadcast [${dims.join(', ')}] to the lower-rank [${targetDims.join(', ')}].`);

  const rankOffset = targetDims.length - dims.length;
  const sourceStrides = new Array<number>(targetDims.length).fill(0);
  let stride = 1;
  for (let axis = dims.length - 1; axis >= 0; axis--) {
    const dim = dims[axis] ?? 1;
    const target = targetDims[axis + rankOffset] ?? 1;
    if (dim !== target && dim !== 1) throw new Error(`Cannot broadcast [${dims.join(', ')}] to [${targetDims.join(', ')}]: axis ${axis} has ${dim}.`);
    sourceStrides[axis + rankOffset] = dim === 1 ? 0 : stride;
    stride *= dim;
  }

  const total = targetDims.reduce((count, dim) => count * dim, 1);
  const result = new Float64Array(total);
  const index = new Array<number>(targetDims.length).fill(0);
  let sourceOffset = 0;
  for (let flat = 0; flat < total; flat++) {
    result[flat] = data[sourceOffset] ?? Number.NaN;
    // Advance the multi-index like an odometer, keeping the source offset in step.
    for (let axis = targetDims.length - 1; axis >= 0; axis--) {
      index[axis] = (index[axis] ?? 0) + 1;
      sourceOffset += sourceStrides[axis] ?? 0;
      if ((index[axis] ?? 0) < (targetDims[axis] ?? 1)) break;
      sourceOffset -= (sourceStrides[axis] ?? 0) * (targetDims[axis] ?? 1);
      index[axis] = 0;
    }
  }
  return result;
}
