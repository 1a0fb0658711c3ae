#!/usr/bin/env node
// Second reader and writer of flyteidl entities (task templates, workflow specs, launch plans, literal maps, error
// documents) for Flyte.Remote.Tests, using only the npm package's generated JavaScript classes and @msgpack/msgpack.
//
// stdin: {"decode": [{"type": "flyteidl.admin.TaskSpec", "bytes": base64}, …], "msgpack": true|false,
//         "encode": [{"type": "flyteidl.core.LiteralMap", "object": <protobufjs plain object>}, …]}
// In "object", {"$msgpack": v} stands for the bytes of @msgpack/msgpack's encoding of v (a record as flytekit writes it).
// stdout: {"decoded": [<plain object: longs and enums as strings, bytes as base64, defaults left out>, …],
//          "encoded": [base64, …]}
'use strict';

const fs = require('fs');
const root = require('@flyteorg/flyteidl/gen/pb-js/flyteidl.js');
const { encode: msgpack, decode: unpack } = require('@msgpack/msgpack');
const Long = require('long');

const typeOf = (name) => {
  const type = name.split('.').reduce((o, part) => (o ? o[part] : undefined), root);
  if (!type || typeof type.decode !== 'function') throw new Error(`unknown message type ${name}`);
  return type;
};

const expand = (value) => {
  if (Array.isArray(value)) return value.map(expand);
  if (value && typeof value === 'object') {
    if (Object.prototype.hasOwnProperty.call(value, '$msgpack')) return Buffer.from(msgpack(value.$msgpack));
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = expand(v);
    return out;
  }
  return value;
};

// The generated classes are static (no toObject): walk own fields, 64-bit integers as decimal strings, bytes as base64,
// enums as their numbers, empty repeated and map fields left out.
// With "msgpack": true in the request, a Binary tagged msgpack also shows its content, decoded, as "$msgpack".
let withMsgpack = false;
const plain = (value) => {
  if (value === null || value === undefined) return value;
  if (withMsgpack && typeof value === 'object' && value.tag === 'msgpack' && value.value instanceof Uint8Array) {
    return { tag: 'msgpack', value: Buffer.from(value.value).toString('base64'), $msgpack: unpack(value.value) };
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Long.isLong(value) || (typeof value === 'object' && 'low' in value && 'high' in value && 'unsigned' in value)) {
    return Long.fromValue(value).toString();
  }
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object') {
    const out = {};
    for (const key of Object.keys(value)) {
      const v = value[key];
      if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) continue;
      if (typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array) && !('low' in v) && Object.keys(v).length === 0 && v.constructor === Object) continue;
      out[key] = plain(v);
    }
    return out;
  }
  return value;
};

const request = JSON.parse(fs.readFileSync(0, 'utf8'));
withMsgpack = request.msgpack === true;
const decoded = (request.decode || []).map(({ type, bytes }) => {
  const T = typeOf(type);
  const message = T.decode(Buffer.from(bytes, 'base64'));
  const problem = T.verify(message);
  if (problem) throw new Error(`${type}: ${problem}`);
  return plain(message);
});
const encoded = (request.encode || []).map(({ type, object }) => {
  const T = typeOf(type);
  return Buffer.from(T.encode(expand(object)).finish()).toString('base64');
});
process.stdout.write(JSON.stringify({ decoded, encoded }));
