// A hand-written BERT WordPiece tokenizer.json (uncased) with a 40-token vocabulary, in the format
// of Hugging Face tokenizers 0.1x that @huggingface/tokenizers reads.
import { jsonFile } from './pipeline-model.js';

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const WORDS = [
  'the', 'a', 'this', 'it', 'i', 'cat', 'dog', 'sat', 'on', 'mat', 'movie', 'film', 'book', 'was', 'is', 'very', 'not',
  'good', 'bad', 'great', 'love', 'hate', 'and', 'but', 'so', 'really', 'fun', 'read', 'sun', '##s', '##ed', '##ing', '.', ',', '!',
];

/** The vocabulary in id order: special tokens first, then words and ##-continuations. */
export const WORDPIECE_VOCABULARY: readonly string[] = [...SPECIAL_TOKENS, ...WORDS];

/** Returns tokenizer.json and tokenizer_config.json of a BertTokenizer over WORDPIECE_VOCABULARY. */
export function wordPieceTokenizerFiles(modelMaxLength: number): Record<string, string> {
  const id = (token: string) => WORDPIECE_VOCABULARY.indexOf(token);
  const special = (content: string) => ({ id: id(content), content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  const cls = { SpecialToken: { id: '[CLS]', type_id: 0 } };
  const sep = (typeId: number) => ({ SpecialToken: { id: '[SEP]', type_id: typeId } });

  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map(special),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [cls, { Sequence: { id: 'A', type_id: 0 } }, sep(0)],
      pair: [cls, { Sequence: { id: 'A', type_id: 0 } }, sep(0), { Sequence: { id: 'B', type_id: 1 } }, sep(1)],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [id('[CLS]')], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [id('[SEP]')], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(WORDPIECE_VOCABULARY.map((token, index) => [token, index])),
    },
  };

  const config = {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: modelMaxLength,
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    mask_token: '[MASK]',
  };

  return { 'tokenizer.json': jsonFile(tokenizer), 'tokenizer_config.json': jsonFile(config) };
}
