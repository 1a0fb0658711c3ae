#!/usr/bin/env node
// Independent second reader and writer of flyteidl literals for the .NET test suite.
//
// It uses only the npm package's own generated JavaScript classes (protobufjs), never our C# code. Input (a JSON file named
// on the command line, or stdin): {"cases":[{"id", "kind": "literal"|"literalType"|"literalMap", "bytes": base64,
// "canonical": <canonical JSON>}]}. For each case it (a) decodes `bytes` and prints the canonical JSON of what it read, and
// (b) encodes `canonical` itself and prints the base64 bytes. Output: {"results":[{"id","decoded","encoded"}]}.
//
// Canonical JSON (also written by the C# test from the model): 64-bit integers as decimal strings, doubles as the 16 hex
// digits of their IEEE-754 bits (exact, and NaN-safe), bytes as base64, enums by their proto names, a message-typed field
// that is absent is left out (so "absent" and "empty" stay distinct where the proto distinguishes them).
'use strict';

const fs = require('fs');
const Long = require('long');
const { flyteidl, google } = require('@flyteorg/flyteidl/gen/pb-js/flyteidl.js');

const core = flyteidl.core;
const SIMPLE = Object.keys(core.SimpleType);
const DIM = Object.keys(core.BlobType.BlobDimensionality);
const COLUMN = Object.keys(core.SchemaType.SchemaColumn.SchemaColumnType);

const str64 = (v, unsigned) => {
  const l = Long.fromValue(v || 0);
  return (unsigned ? l.toUnsigned() : l.toSigned()).toString();
};
const doubleHex = (d) => { const b = Buffer.alloc(8); b.writeDoubleBE(d); return b.toString('hex'); };
const hexDouble = (h) => Buffer.from(h, 'hex').readDoubleBE(0);
const b64 = (bytes) => Buffer.from(bytes || []).toString('base64');
const mapEntries = (obj) => Object.keys(obj || {}).sort().map((k) => [k, obj[k]]);

// ------------------------------------------------------------------------------------------------ decoded message → canonical

function structOut(s) {
  const out = {};
  for (const [k, v] of mapEntries(s.fields)) out[k] = valueOut(v);
  return out;
}

function valueOut(v) {
  switch (v.kind) {
    case 'nullValue': return { null: true };
    case 'numberValue': return { number: doubleHex(v.numberValue) };
    case 'stringValue': return { string: v.stringValue };
    case 'boolValue': return { bool: v.boolValue };
    case 'structValue': return { struct: structOut(v.structValue) };
    case 'listValue': return { list: (v.listValue.values || []).map(valueOut) };
    default: throw new Error('google.protobuf.Value without kind');
  }
}

function typeOut(t) {
  const out = {};
  switch (t.type) {
    case 'simple': out.simple = SIMPLE[t.simple]; break;
    case 'schema': out.schema = schemaOut(t.schema); break;
    case 'collectionType': out.collection = typeOut(t.collectionType); break;
    case 'mapValueType': out.map = typeOut(t.mapValueType); break;
    case 'blob': out.blob = { format: t.blob.format, dim: DIM[t.blob.dimensionality] }; break;
    case 'enumType': out.enum = [...(t.enumType.values || [])]; break;
    case 'structuredDatasetType': out.dataset = datasetOut(t.structuredDatasetType); break;
    case 'unionType': out.union = (t.unionType.variants || []).map(typeOut); break;
    default: throw new Error('LiteralType without type');
  }
  if (t.metadata) out.metadata = structOut(t.metadata);
  if (t.annotation) out.annotation = t.annotation.annotations ? structOut(t.annotation.annotations) : {};
  if (t.structure) {
    const dataclass = {};
    for (const [k, v] of mapEntries(t.structure.dataclassType)) dataclass[k] = typeOut(v);
    out.structure = { tag: t.structure.tag, dataclass };
  }
  return out;
}

const schemaOut = (s) => ({ columns: (s.columns || []).map((c) => ({ name: c.name, type: COLUMN[c.type] })) });

const datasetOut = (d) => ({
  columns: (d.columns || []).map((c) => ({ name: c.name, type: typeOut(c.literalType) })),
  format: d.format, externalType: d.externalSchemaType, externalBytes: b64(d.externalSchemaBytes),
});

const timeOut = (t) => ({ seconds: str64(t.seconds), nanos: t.nanos || 0 });

function scalarOut(s) {
  switch (s.value) {
    case 'primitive': {
      const p = s.primitive;
      switch (p.value) {
        case 'integer': return { integer: str64(p.integer) };
        case 'floatValue': return { float: doubleHex(p.floatValue) };
        case 'stringValue': return { string: p.stringValue };
        case 'boolean': return { boolean: p.boolean };
        case 'datetime': return { datetime: timeOut(p.datetime) };
        case 'duration': return { duration: timeOut(p.duration) };
        default: throw new Error('Primitive without value');
      }
    }
    case 'noneType': return { none: true };
    case 'blob': {
      const type = (s.blob.metadata && s.blob.metadata.type) || {};
      return { blob: { uri: s.blob.uri, format: type.format || '', dim: DIM[type.dimensionality || 0] } };
    }
    case 'binary': return { binary: { value: b64(s.binary.value), tag: s.binary.tag } };
    case 'schema': return { schema: { uri: s.schema.uri, type: schemaOut(s.schema.type || {}) } };
    case 'error': return { error: { node: s.error.failedNodeId, message: s.error.message } };
    case 'generic': return { generic: structOut(s.generic) };
    case 'structuredDataset': {
      const md = s.structuredDataset.metadata;
      return { dataset: { uri: s.structuredDataset.uri, type: md ? datasetOut(md.structuredDatasetType || {}) : null } };
    }
    case 'union': return { union: { value: literalOut(s.union.value), type: typeOut(s.union.type) } };
    default: throw new Error('Scalar without value');
  }
}

function literalOut(l) {
  const out = {};
  switch (l.value) {
    case 'scalar': out.scalar = scalarOut(l.scalar); break;
    case 'collection': out.collection = (l.collection.literals || []).map(literalOut); break;
    case 'map': out.map = mapOut(l.map); break;
    case 'offloadedMetadata': {
      const o = l.offloadedMetadata;
      out.offloaded = { uri: o.uri, size: str64(o.sizeBytes, true), type: typeOut(o.inferredType) };
      break;
    }
    default: throw new Error('Literal without value');
  }
  if (l.hash) out.hash = l.hash;
  if (l.metadata && Object.keys(l.metadata).length > 0) {
    out.metadata = {};
    for (const [k, v] of mapEntries(l.metadata)) out.metadata[k] = v;
  }
  return out;
}

function mapOut(m) {
  const out = {};
  for (const [k, v] of mapEntries(m.literals)) out[k] = literalOut(v);
  return out;
}

// ------------------------------------------------------------------------------------------------ canonical → message object

function structIn(c) {
  const fields = {};
  for (const [k, v] of Object.entries(c)) fields[k] = valueIn(v);
  return { fields };
}

function valueIn(c) {
  if ('null' in c) return { nullValue: 0 };
  if ('number' in c) return { numberValue: hexDouble(c.number) };
  if ('string' in c) return { stringValue: c.string };
  if ('bool' in c) return { boolValue: c.bool };
  if ('struct' in c) return { structValue: structIn(c.struct) };
  if ('list' in c) return { listValue: { values: c.list.map(valueIn) } };
  throw new Error('unknown canonical value ' + JSON.stringify(c));
}

function typeIn(c) {
  const t = {};
  if ('simple' in c) t.simple = core.SimpleType[c.simple];
  else if ('schema' in c) t.schema = schemaIn(c.schema);
  else if ('collection' in c) t.collectionType = typeIn(c.collection);
  else if ('map' in c) t.mapValueType = typeIn(c.map);
  else if ('blob' in c) t.blob = { format: c.blob.format, dimensionality: core.BlobType.BlobDimensionality[c.blob.dim] };
  else if ('enum' in c) t.enumType = { values: c.enum };
  else if ('dataset' in c) t.structuredDatasetType = datasetIn(c.dataset);
  else if ('union' in c) t.unionType = { variants: c.union.map(typeIn) };
  else throw new Error('unknown canonical type ' + JSON.stringify(c));
  if (c.metadata) t.metadata = structIn(c.metadata);
  if (c.annotation) t.annotation = { annotations: structIn(c.annotation) };
  if (c.structure) {
    const dataclassType = {};
    for (const [k, v] of Object.entries(c.structure.dataclass)) dataclassType[k] = typeIn(v);
    t.structure = { tag: c.structure.tag, dataclassType };
  }
  return t;
}

const schemaIn = (c) => ({
  columns: c.columns.map((col) => ({ name: col.name, type: core.SchemaType.SchemaColumn.SchemaColumnType[col.type] })),
});

const datasetIn = (c) => ({
  columns: c.columns.map((col) => ({ name: col.name, literalType: typeIn(col.type) })),
  format: c.format, externalSchemaType: c.externalType, externalSchemaBytes: Buffer.from(c.externalBytes, 'base64'),
});

const timeIn = (c) => ({ seconds: Long.fromString(c.seconds), nanos: c.nanos });

function scalarIn(c) {
  if ('integer' in c) return { primitive: { integer: Long.fromString(c.integer) } };
  if ('float' in c) return { primitive: { floatValue: hexDouble(c.float) } };
  if ('string' in c) return { primitive: { stringValue: c.string } };
  if ('boolean' in c) return { primitive: { boolean: c.boolean } };
  if ('datetime' in c) return { primitive: { datetime: timeIn(c.datetime) } };
  if ('duration' in c) return { primitive: { duration: timeIn(c.duration) } };
  if ('none' in c) return { noneType: {} };
  if ('blob' in c) {
    return { blob: { uri: c.blob.uri, metadata: { type: { format: c.blob.format, dimensionality: core.BlobType.BlobDimensionality[c.blob.dim] } } } };
  }
  if ('binary' in c) return { binary: { value: Buffer.from(c.binary.value, 'base64'), tag: c.binary.tag } };
  if ('schema' in c) return { schema: { uri: c.schema.uri, type: schemaIn(c.schema.type) } };
  if ('error' in c) return { error: { failedNodeId: c.error.node, message: c.error.message } };
  if ('generic' in c) return { generic: structIn(c.generic) };
  if ('dataset' in c) {
    const d = { uri: c.dataset.uri };
    if (c.dataset.type) d.metadata = { structuredDatasetType: datasetIn(c.dataset.type) };
    return { structuredDataset: d };
  }
  if ('union' in c) return { union: { value: literalIn(c.union.value), type: typeIn(c.union.type) } };
  throw new Error('unknown canonical scalar ' + JSON.stringify(c));
}

function literalIn(c) {
  const l = {};
  if ('scalar' in c) l.scalar = scalarIn(c.scalar);
  else if ('collection' in c) l.collection = { literals: c.collection.map(literalIn) };
  else if ('map' in c) l.map = mapIn(c.map);
  else if ('offloaded' in c) {
    l.offloadedMetadata = { uri: c.offloaded.uri, sizeBytes: Long.fromString(c.offloaded.size, true), inferredType: typeIn(c.offloaded.type) };
  } else throw new Error('unknown canonical literal ' + JSON.stringify(c));
  if (c.hash) l.hash = c.hash;
  if (c.metadata) l.metadata = { ...c.metadata };
  return l;
}

function mapIn(c) {
  const literals = {};
  for (const [k, v] of Object.entries(c)) literals[k] = literalIn(v);
  return { literals };
}

// ------------------------------------------------------------------------------------------------ driver

const KINDS = {
  literal: [core.Literal, literalOut, literalIn],
  literalType: [core.LiteralType, typeOut, typeIn],
  literalMap: [core.LiteralMap, mapOut, mapIn],
};

function run(request) {
  return {
    results: request.cases.map((c) => {
      try {
        return runCase(c);
      } catch (e) {
        throw new Error(`case ${c.id}: ${e.message}`);
      }
    }),
  };
}

function runCase(c) {
  {
    {
      const [Message, out, into] = KINDS[c.kind];
      // The package's static decoders assume every map entry starts with its key; protobuf (and Google.Protobuf) may omit
      // an empty-string key, so the caller marks such cases and only the encoding direction is checked for them.
      const decoded = c.decode === false ? null : out(Message.decode(Buffer.from(c.bytes, 'base64')));
      const object = into(c.canonical);
      // The package's static classes have no fromObject; their encoders take plain objects (verified first).
      const invalid = Message.verify(object);
      if (invalid) throw new Error(`case ${c.id}: ${invalid}`);
      const encoded = Buffer.from(Message.encode(object).finish()).toString('base64');
      return { id: c.id, decoded, encoded };
    }
  }
}

const input = fs.readFileSync(process.argv[2] || 0, 'utf8');
process.stdout.write(JSON.stringify(run(JSON.parse(input))));
