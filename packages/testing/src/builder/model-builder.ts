import { create, toBinary } from '@bufbuild/protobuf';
import { type ModelProto, ModelProtoSchema, OperatorSetIdProtoSchema, StringStringEntryProtoSchema } from 'onnx-buf';
import { GraphBuilder } from './graph-builder.js';
import { NameRegistry, type NamingStyle } from './names.js';

export interface ModelBuilderOptions {
  /** Main graph name as the mimicked exporter writes it. */
  graphName: string;
  producerName: string;
  producerVersion: string;
  /** ModelProto.ir_version. */
  irVersion: number;
  /** Opset version per domain; '' is ai.onnx. */
  opsets: Readonly<Record<string, number>>;
  naming: NamingStyle;
  docString?: string;
}

/** Builds a ModelProto around one main graph. */
export class ModelBuilder {
  readonly graph: GraphBuilder;
  private readonly opsets: Map<string, number>;
  private readonly metadata: Array<[string, string]> = [];

  constructor(private readonly options: ModelBuilderOptions) {
    this.opsets = new Map(Object.entries(options.opsets));
    this.graph = new GraphBuilder(options.graphName, { names: new NameRegistry(options.naming), opsets: this.opsets });
  }

  setOpset(domain: string, version: number): void {
    this.opsets.set(domain, version);
  }

  /** Adds a metadata_props entry. */
  addMetadata(key: string, value: string): void {
    this.metadata.push([key, value]);
  }

  toProto(): ModelProto {
    return create(ModelProtoSchema, {
      irVersion: BigInt(this.options.irVersion),
      producerName: this.options.producerName,
      producerVersion: this.options.producerVersion,
      docString: this.options.docString ?? '',
      opsetImport: [...this.opsets].map(([domain, version]) => create(OperatorSetIdProtoSchema, { domain, version: BigInt(version) })),
      metadataProps: this.metadata.map(([key, value]) => create(StringStringEntryProtoSchema, { key, value })),
      graph: this.graph.toProto(),
    });
  }

  toBytes(): Uint8Array {
    return toBinary(ModelProtoSchema, this.toProto());
  }
}
