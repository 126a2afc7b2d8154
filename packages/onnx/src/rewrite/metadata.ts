import { create } from '@bufbuild/protobuf';
import type { ModulatorParams } from '@multimax/core';

import { ModelError } from '../errors.js';
import type { ModelProto } from '../io/proto.js';
import { StringStringEntryProtoSchema } from '../io/proto.js';
import type { SoftmaxKind } from '../patterns/site.js';
import type { ScaleFold } from './fold-scale.js';
import { PACKAGE_VERSION, TOOL_NAME } from '../version.js';

/** The metadata_props key under which a patched model records what was inserted. */
export const METADATA_KEY = 'multimax';

/** One modulator inserted in the model: enough to report its params and to remove it again. */
export interface PatchedSiteRecord {
  softmax: string;
  graph: string;
  kind: SoftmaxKind;
  layer: number;
  pattern: string;
  guarded: boolean;
  /** The value σ reads; consumers are pointed back at it when the modulator is removed. */
  input: string;
  /** The value σ writes. */
  output: string;
  /** Prefix shared by the names of every node and initializer of this modulator. */
  prefix: string;
  params: ModulatorParams;
  /**
   * Set when fully masked rows are zeroed after the Softmax: its output was renamed from `original`
   * to `raw`, and the zeroing writes `original`.
   */
  probabilities?: { original: string; raw: string };
  /** Set when `params.scale` was folded into the scaling constant that produces the scores. */
  foldedScale?: ScaleFold;
}

export interface PatchRecord {
  format: 'multimax-patch';
  version: 1;
  tool: string;
  sites: PatchedSiteRecord[];
}

export function readPatchRecord(model: ModelProto, source?: string): PatchRecord | undefined {
  const entry = model.metadataProps.find((prop) => prop.key === METADATA_KEY);
  if (entry === undefined) return undefined;
  try {
    const record = JSON.parse(entry.value) as PatchRecord;
    if (record.format !== 'multimax-patch' || !Array.isArray(record.sites)) throw new Error('unexpected format');
    return record;
  } catch (error) {
    throw new ModelError('invalid-model', `metadata_props["${METADATA_KEY}"] is not a MultiMax patch record (${(error as Error).message}); remove that entry or re-export the model`, { file: source, cause: error });
  }
}

/** Replaces (or removes, for an empty list) the patch record, leaving all other metadata as it was. */
export function writePatchRecord(model: ModelProto, sites: PatchedSiteRecord[]): void {
  const index = model.metadataProps.findIndex((prop) => prop.key === METADATA_KEY);
  if (sites.length === 0) {
    if (index >= 0) model.metadataProps.splice(index, 1);
    return;
  }

  const record: PatchRecord = { format: 'multimax-patch', version: 1, tool: `${TOOL_NAME} ${PACKAGE_VERSION}`, sites };
  const entry = create(StringStringEntryProtoSchema, { key: METADATA_KEY, value: JSON.stringify(record) });
  if (index >= 0) model.metadataProps[index] = entry;
  else model.metadataProps.push(entry);
}
