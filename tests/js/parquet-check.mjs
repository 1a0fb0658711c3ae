// Cross-checks the .NET parquet dataset codec against independent implementations, hyparquet (reader) and
// hyparquet-writer (writer). Run from Flyte.Core.Tests (ParquetCrossCheckTests).
//
//   node parquet-check.mjs read <file>    stdout: {"schema": [{name, type, repetition_type, converted_type, logical_type}],
//                                                  "rows": [{column: cell}]}
//   node parquet-check.mjs write <file>   stdin: {"columns": [{"name", "type", "data": [cell]}]} written as pyarrow writes a
//                                         pandas frame (every column OPTIONAL; "TIMESTAMP_US_UTC" is INT64
//                                         TIMESTAMP(MICROS, adjusted to UTC), "STRING" is BYTE_ARRAY UTF8)
//
// Cells: null, true/false, strings, {"int": "<decimal>"} for INT32/INT64, {"num": n} for FLOAT/DOUBLE, {"us": "<decimal>"}
// for microseconds since the epoch (timestamps).
import { readFileSync, writeFileSync } from "node:fs";
import { parquetMetadata, parquetReadObjects, parquetSchema } from "hyparquet";
import { parquetWriteBuffer } from "hyparquet-writer";

const [mode, file] = process.argv.slice(2);

const tag = (value) => {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return { int: value.toString() };
  if (typeof value === "number") return Number.isInteger(value) && !Object.is(value, -0) ? { int: String(value), num: value } : { num: value };
  if (typeof value === "object" && "us" in value) return value;
  return value;
};

if (mode === "read") {
  const bytes = readFileSync(file);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const metadata = parquetMetadata(buffer);
  const schema = parquetSchema(metadata).children.map(({ element }) => ({
    name: element.name,
    type: element.type,
    repetition_type: element.repetition_type,
    converted_type: element.converted_type ?? null,
    logical_type: element.logical_type ?? null,
  }));
  const rows = await parquetReadObjects({
    file: buffer,
    metadata,
    parsers: {
      timestampFromMicroseconds: (micros) => ({ us: BigInt(micros).toString() }),
      timestampFromMilliseconds: (millis) => ({ us: (BigInt(millis) * 1000n).toString() }),
      timestampFromNanoseconds: (nanos) => ({ us: (BigInt(nanos) / 1000n).toString() }),
    },
  });
  const tagged = rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, tag(v)])));
  process.stdout.write(JSON.stringify({ schema, rows: tagged }, (_, v) => (typeof v === "bigint" ? v.toString() : v)) + "\n");
} else if (mode === "write") {
  const input = JSON.parse(readFileSync(0, "utf8"));
  const untag = (type, cell) => {
    if (cell === null) return null;
    if (type === "INT64" || type === "TIMESTAMP_US_UTC") return BigInt(cell.int ?? cell.us);
    if (type === "DOUBLE") return cell.num;
    return cell;
  };
  const element = (column) =>
    column.type === "TIMESTAMP_US_UTC"
      ? { name: column.name, type: "INT64", repetition_type: "OPTIONAL", logical_type: { type: "TIMESTAMP", isAdjustedToUTC: true, unit: "MICROS" } }
      : column.type === "STRING"
        ? { name: column.name, type: "BYTE_ARRAY", repetition_type: "OPTIONAL", converted_type: "UTF8", logical_type: { type: "STRING" } }
        : { name: column.name, type: column.type, repetition_type: "OPTIONAL" };
  const buffer = parquetWriteBuffer({
    // pyarrow writes booleans PLAIN (hyparquet-writer would pick RLE for more than 16, which Parquet.Net 6.1 cannot decode).
    columnData: input.columns.map((c) => ({
      name: c.name,
      data: c.data.map((cell) => untag(c.type, cell)),
      nullable: true,
      ...(c.type === "BOOLEAN" ? { encoding: "PLAIN" } : {}),
    })),
    schema: [{ name: "schema", num_children: input.columns.length }, ...input.columns.map(element)],
  });
  writeFileSync(file, new Uint8Array(buffer));
} else {
  process.stderr.write(`usage: parquet-check.mjs read|write <file>\n`);
  process.exit(2);
}
