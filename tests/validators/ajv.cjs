// Validates JSON documents against a JSON Schema with Ajv 8 in strict mode
// (the defaults plus strict: true, so unknown formats and keywords are errors).
// Usage: node ajv.cjs SCHEMA (valid|invalid) FILE...
// Each FILE is a JSON document, or JSON Lines when it ends in .jsonl. Exits 0
// when every document is valid (or, with `invalid`, every one is refused),
// 1 otherwise, 2 when the schema does not compile.
"use strict";
const fs = require("fs");
const Ajv = require("ajv");
const [schemaPath, expect, ...files] = process.argv.slice(2);
const ajv = new Ajv({ strict: true, allErrors: true });
let validate;
try {
  validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));
} catch (e) {
  console.error(`${schemaPath}: ${e.message}`);
  process.exit(2);
}
let bad = 0;
let n = 0;
for (const f of files) {
  const text = fs.readFileSync(f, "utf8");
  const docs = f.endsWith(".jsonl")
    ? text.split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l))
    : [JSON.parse(text)];
  docs.forEach((d, i) => {
    n += 1;
    const ok = validate(d);
    if (ok !== (expect === "valid")) {
      bad += 1;
      console.error(`${f}#${i + 1}: expected ${expect}: ${ajv.errorsText(validate.errors)}`);
    }
  });
}
console.log(`ajv: ${n} document(s), ${bad} unexpected`);
process.exit(bad === 0 && n > 0 ? 0 : 1);
