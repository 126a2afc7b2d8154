// The input section: a typed line rendered to an image, or an uploaded image, shown as the model reads it.
import { renderTextLine } from '../input/render-text';
import { loadImageFile, type SizedImage, toModelInput } from '../input/to-model-input';
import type { RecognizerInput } from '../model/preprocess';
import { debounce } from './dom';

export interface InputPanelElements {
  textInput: HTMLInputElement;
  imageInput: HTMLInputElement;
  preview: HTMLCanvasElement;
  caption: HTMLElement;
}

/** Milliseconds without typing before the line is rendered and recognized. */
const TYPING_DELAY_MS = 300;

export class InputPanel {
  constructor(
    private readonly elements: InputPanelElements,
    private readonly onInput: (input: RecognizerInput) => void,
    private readonly onError: (error: unknown) => void,
  ) {
    const renderTyped = debounce(() => this.useText(), TYPING_DELAY_MS);
    elements.textInput.addEventListener('input', renderTyped);
    elements.imageInput.addEventListener('change', () => void this.useUploadedImage());
  }

  /** Renders the current text field and passes it on; an empty field only updates the caption. */
  useText(): void {
    const text = this.elements.textInput.value;
    if (text.trim() === '') {
      this.elements.caption.textContent = 'Type a line of text or upload an image.';
      return;
    }
    const canvas = renderTextLine(text);
    this.use({ source: canvas, width: canvas.width, height: canvas.height }, `The line "${text}" as the model reads it`);
  }

  private async useUploadedImage(): Promise<void> {
    const file = this.elements.imageInput.files?.[0];
    if (file === undefined) return;
    try {
      this.use(await loadImageFile(file), `${file.name} as the model reads it`);
    } catch (error) {
      this.onError(error);
    }
  }

  private use(image: SizedImage, description: string): void {
    try {
      const input = toModelInput(image, this.elements.preview);
      const [, , height, width] = input.dims;
      this.elements.caption.textContent = `${description}: ${width} × ${height} pixels, ${Math.round(width / 8)} positions of about 8 pixels each.`;
      this.onInput(input);
    } catch (error) {
      this.onError(error);
    }
  }
}
