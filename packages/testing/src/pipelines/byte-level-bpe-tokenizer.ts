// A hand-written GPT-2 style byte-level BPE tokenizer.json: single-byte tokens for lowercase
// letters, punctuation and "Ġ" (the byte-level form of a space), merges for a few words, and
// <|endoftext|> as the last id.
import { jsonFile } from './pipeline-model.js';

const END_OF_TEXT = '<|endoftext|>';
const BYTE_TOKENS = [...'abcdefghijklmnopqrstuvwxyz', 'Ġ', '.', ',', '!'];
// Each merge joins two tokens that exist before it; the merged token follows in the vocabulary.
const MERGES: ReadonlyArray<readonly [string, string]> = [
  ['t', 'h'], ['th', 'e'], ['Ġ', 'the'], ['a', 't'], ['Ġ', 'c'], ['Ġc', 'at'], ['Ġ', 's'], ['Ġs', 'at'],
  ['o', 'n'], ['Ġ', 'on'], ['Ġ', 'm'], ['Ġm', 'at'], ['Ġ', 'd'], ['o', 'g'], ['Ġd', 'og'], ['Ġ', 'a'],
];

/** The vocabulary in id order: byte tokens, merged tokens, then <|endoftext|>. */
export const BPE_VOCABULARY: readonly string[] = [...BYTE_TOKENS, ...MERGES.map(([left, right]) => left + right), END_OF_TEXT];

/** The id of <|endoftext|>, GPT-2's bos, eos and unk token. */
export const BPE_END_OF_TEXT_ID = BPE_VOCABULARY.length - 1;

/** Returns tokenizer.json and tokenizer_config.json of a GPT2Tokenizer over BPE_VOCABULARY. */
export function byteLevelBpeTokenizerFiles(modelMaxLength: number): Record<string, string> {
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [{ id: BPE_END_OF_TEXT_ID, content: END_OF_TEXT, single_word: false, lstrip: false, rstrip: false, normalized: true, special: true }],
    normalizer: null,
    pre_tokenizer: byteLevel,
    post_processor: byteLevel,
    decoder: byteLevel,
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      vocab: Object.fromEntries(BPE_VOCABULARY.map((token, index) => [token, index])),
      merges: MERGES.map(([left, right]) => `${left} ${right}`),
    },
  };

  const config = {
    tokenizer_class: 'GPT2Tokenizer',
    add_prefix_space: false,
    bos_token: END_OF_TEXT,
    eos_token: END_OF_TEXT,
    unk_token: END_OF_TEXT,
    model_max_length: modelMaxLength,
  };

  return { 'tokenizer.json': jsonFile(tokenizer), 'tokenizer_config.json': jsonFile(config) };
}
