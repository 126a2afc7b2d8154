// The recognizer's character classes and greedy CTC decoding of its per-step probabilities.

/** Class 0 of the recognizer output: the CTC blank, which emits no character. */
export const CTC_BLANK = 0;

/**
 * Builds the class list from the text of ppocr_keys_v1.txt: class 0 is the blank (an empty string),
 * class i ≥ 1 is line i − 1, and a final space class follows, as PaddleOCR adds with use_space_char.
 * A trailing newline at the end of the file adds no class.
 */
export function parseCharacterList(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return ['', ...lines, ' '];
}

/**
 * Greedy CTC decoding of one sequence: takes the most probable class at each step, collapses runs of
 * the same class, drops blanks and maps the rest through `classes`.
 * `probabilities` is row-major [steps, classCount]. A tie goes to the lower class index.
 */
export function decodeGreedy(probabilities: ArrayLike<number>, classCount: number, classes: readonly string[]): string {
  if (classCount <= 0 || probabilities.length % classCount !== 0) {
    throw new RangeError(`${probabilities.length} probabilities do not split into rows of ${classCount} classes`);
  }
  if (classes.length !== classCount) {
    throw new RangeError(`the model outputs ${classCount} classes but the character list has ${classes.length}; check that ppocr_keys_v1.txt belongs to this model`);
  }

  let text = '';
  let previousClass = CTC_BLANK;
  for (let offset = 0; offset < probabilities.length; offset += classCount) {
    const bestClass = argmax(probabilities, offset, classCount);
    if (bestClass !== previousClass && bestClass !== CTC_BLANK) text += classes[bestClass];
    previousClass = bestClass;
  }
  return text;
}

function argmax(values: ArrayLike<number>, offset: number, length: number): number {
  let bestIndex = 0;
  let bestValue = values[offset] as number;
  for (let i = 1; i < length; i++) {
    const value = values[offset + i] as number;
    if (value > bestValue) {
      bestValue = value;
      bestIndex = i;
    }
  }
  return bestIndex;
}
