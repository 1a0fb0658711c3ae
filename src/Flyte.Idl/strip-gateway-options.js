// Copies flyteidl's service .proto files without grpc-gateway's REST and OpenAPI annotations, which import
// google/api/annotations.proto and protoc-gen-openapiv2/options/annotations.proto: neither ships in the npm package,
// and neither changes the gRPC contract (package, services, methods, messages). The copies go under obj/; nothing
// upstream is committed.
//
//   node strip-gateway-options.js <protos root> <output root> <relative path>...
"use strict";
const fs = require("fs");
const path = require("path");

const gatewayImport = /^\s*import\s+"(google\/api\/[^"]+|protoc-gen-openapiv2\/[^"]+)"\s*;[^\n]*\n/gm;
// An option starts its own line; those in comments (`// option (…) = {`) stay as they are.
const gatewayOption = /^[ \t]*option\s*\(\s*(google\.api\.|grpc\.gateway\.)[\w.]+\s*\)\s*=\s*/gm;

/** The index just after the `{ … }` that starts at `open`, skipping strings and comments. */
function skipBlock(text, open, file) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === "\\") i++;
    } else if (c === "/" && text[i + 1] === "/") {
      i = text.indexOf("\n", i);
      if (i < 0) break;
    } else if (c === "/" && text[i + 1] === "*") {
      i = text.indexOf("*/", i) + 1;
      if (i <= 0) break;
    } else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i + 1;
  }
  throw new Error(`${file}: unbalanced braces in the option starting at offset ${open}`);
}

function strip(text, file) {
  let out = "";
  let from = 0;
  text = text.replace(gatewayImport, "");
  for (let m; (m = gatewayOption.exec(text)) !== null; ) {
    let end = m.index + m[0].length;
    if (text[end] === "{") end = skipBlock(text, end, file);
    else end = text.indexOf(";", end);
    const semicolon = /^\s*;/.exec(text.slice(end));
    if (!semicolon) throw new Error(`${file}: expected ';' after the option at offset ${m.index}`);
    out += text.slice(from, m.index);
    from = end + semicolon[0].length;
    gatewayOption.lastIndex = from;
  }
  out += text.slice(from);
  if (/^[ \t]*option\s*\(\s*(google\.api\.|grpc\.gateway\.)/m.test(out) || gatewayImport.test(out)) throw new Error(`${file}: a gateway annotation is left after stripping`);
  return out;
}

const [root, outRoot, ...files] = process.argv.slice(2);
if (!root || !outRoot || files.length === 0) {
  console.error("usage: node strip-gateway-options.js <protos root> <output root> <relative path>...");
  process.exit(2);
}
for (const file of files) {
  const source = path.join(root, file);
  const target = path.join(outRoot, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const text = strip(fs.readFileSync(source, "utf8"), source);
  if (!fs.existsSync(target) || fs.readFileSync(target, "utf8") !== text) fs.writeFileSync(target, text);
}
