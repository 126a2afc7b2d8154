// The params that apps/ocr-demo ships for this model, fitted there by its params search. The page
// starts with them, and its reset button returns to them.
import { type ParamsFile, parseParamsFile } from '@multimax/core';

import shippedParamsJson from '../../../ocr-demo/params/pp-ocrv4.multimax.json';

/** File name of the shipped params, which the download button reuses so the OCR demo finds the file under its usual name. */
export const SHIPPED_PARAMS_NAME = 'pp-ocrv4.multimax.json';

export const SHIPPED_PARAMS_FILE: ParamsFile = parseParamsFile(shippedParamsJson, SHIPPED_PARAMS_NAME);
