import { CTC_BLANK, decodeGreedy, parseCharacterList } from '../src/ctc.js';

// Classes: 0 blank, 1 'a', 2 'b', 3 ' '.
const CLASSES = ['', 'a', 'b', ' '];

/** Builds [steps, 4] probabilities that put 0.7 on the given class of each step. */
function stepsFor(classIndices: number[]): Float32Array {
  const probabilities = new Float32Array(classIndices.length * CLASSES.length).fill(0.1);
  classIndices.forEach((classIndex, step) => {
    probabilities[step * CLASSES.length + classIndex] = 0.7;
  });
  return probabilities;
}

describe('parseCharacterList', () => {
  test('adds blank first and space last', () => {
    const classes = parseCharacterList('a\nb\nc');
    expect(classes).toEqual(['', 'a', 'b', 'c', ' ']);
    expect(classes[CTC_BLANK]).toBe('');
  });

  test('ignores one trailing newline', () => {
    expect(parseCharacterList('a\nb\n')).toEqual(['', 'a', 'b', ' ']);
  });

  test('accepts CRLF line endings', () => {
    expect(parseCharacterList('a\r\nb\r\n')).toEqual(['', 'a', 'b', ' ']);
  });
});

describe('decodeGreedy', () => {
  test('collapses repeats and drops blanks', () => {
    expect(decodeGreedy(stepsFor([0, 1, 1, 0, 2, 2, 2, 0]), 4, CLASSES)).toBe('ab');
  });

  test('keeps a repeat separated by blank', () => {
    expect(decodeGreedy(stepsFor([1, 0, 1]), 4, CLASSES)).toBe('aa');
  });

  test('decodes the space class', () => {
    expect(decodeGreedy(stepsFor([1, 3, 2]), 4, CLASSES)).toBe('a b');
  });

  test('all blanks give empty text', () => {
    expect(decodeGreedy(stepsFor([0, 0, 0]), 4, CLASSES)).toBe('');
  });

  test('no steps give empty text', () => {
    expect(decodeGreedy(new Float32Array(0), 4, CLASSES)).toBe('');
  });

  test('tie goes to lower class', () => {
    const tied = new Float32Array([0, 0.5, 0.5, 0]);
    expect(decodeGreedy(tied, 4, CLASSES)).toBe('a');
  });

  test('rejects a class count mismatch', () => {
    expect(() => decodeGreedy(stepsFor([1]), 4, ['', 'a'])).toThrow(/character list has 2/);
  });

  test('rejects a partial row', () => {
    expect(() => decodeGreedy(new Float32Array(5), 4, CLASSES)).toThrow(/do not split into rows of 4/);
  });
});
