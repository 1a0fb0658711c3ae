// Cross-checks Flyte.MessagePack against an independent implementation, @msgpack/msgpack.
// Run from Flyte.Core.Tests (JsCrossCheckTests); one value per stdin line, one result per stdout line.
//
//   node msgpack-check.mjs decode   stdin: base64 MessagePack   stdout: the value in tagged JSON (below)
//   node msgpack-check.mjs encode   stdin: tagged JSON          stdout: base64 of @msgpack/msgpack's encoding
//
// Tagged JSON keeps what plain JSON loses: null, true/false, {"num": <float64 bits hex> | "nan"}, {"int": "<decimal>"},
// {"str": s}, {"bin": hex}, {"arr": [...]}, {"map": [[k, v], ...]} (any keys, in order). Extension types are not
// part of Flyte's msgpack, so they have no tag.
import { createInterface } from "node:readline";
import { Decoder, Encoder } from "@msgpack/msgpack";

// Decoded maps become JS objects, which lose key types and reorder integer-like keys. Tagging each key with its
// position and tagged-JSON form keeps both; the tag starts with \u0001 so it is never an integer-like key.
let keyCounter = 0;
const tagKey = (key) => `\u0001${keyCounter++}:${JSON.stringify(toTagged(key))}`;
const untagKey = (tag) => JSON.parse(tag.slice(tag.indexOf(":") + 1));

const hex = (bytes) => Buffer.from(bytes).toString("hex");
const fromHex = (s) => new Uint8Array(Buffer.from(s, "hex"));

function float64Bits(number) {
  if (Number.isNaN(number)) return "nan";
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, number);
  return hex(new Uint8Array(view.buffer));
}

function toTagged(value) {
  if (value === null) return null;
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return { num: float64Bits(value) };
  if (typeof value === "bigint") return { int: value.toString() };
  if (typeof value === "string") return { str: value };
  if (value instanceof Uint8Array) return { bin: hex(value) };
  if (Array.isArray(value)) return { arr: value.map(toTagged) };
  if (typeof value === "object") {
    return { map: Object.entries(value).map(([k, v]) => [untagKey(k), toTagged(v)]) };
  }
  throw new Error(`unexpected decoded value ${String(value)}`);
}

function fromTagged(tagged) {
  if (tagged === null || typeof tagged === "boolean") return tagged;
  if ("num" in tagged) {
    if (tagged.num === "nan") return NaN;
    return new DataView(fromHex(tagged.num).buffer).getFloat64(0);
  }
  if ("int" in tagged) {
    const big = BigInt(tagged.int);
    // Safe integers as numbers (minimal encoding); the rest as bigint, which the library writes as int64/uint64.
    return big >= -(2n ** 31n) && big < 2n ** 32n ? Number(big) : big;
  }
  if ("str" in tagged) return tagged.str;
  if ("bin" in tagged) return fromHex(tagged.bin);
  if ("arr" in tagged) return tagged.arr.map(fromTagged);
  if ("map" in tagged) {
    const object = {};
    for (const [k, v] of tagged.map) {
      if (k === null || typeof k !== "object" || !("str" in k)) throw new Error("encode supports only string map keys");
      object[k.str] = fromTagged(v);
    }
    return object;
  }
  throw new Error(`unknown tagged value ${JSON.stringify(tagged)}`);
}

const mode = process.argv[2];
if (mode !== "decode" && mode !== "encode") {
  console.error("usage: node msgpack-check.mjs decode|encode < input");
  process.exit(2);
}

const decoder = new Decoder({ useBigInt64: true, mapKeyConverter: tagKey });
const encoder = new Encoder({ useBigInt64: true });

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
const out = [];
for await (const line of lines) {
  if (line.length === 0) continue;
  if (mode === "decode") {
    const bytes = new Uint8Array(Buffer.from(line, "base64"));
    out.push(JSON.stringify(toTagged(decoder.decode(bytes))));
  } else {
    out.push(Buffer.from(encoder.encode(fromTagged(JSON.parse(line)))).toString("base64"));
  }
}
process.stdout.write(out.map((l) => l + "\n").join(""));
