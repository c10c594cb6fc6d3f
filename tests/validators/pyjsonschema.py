"""Validates JSON documents against a JSON Schema with Python `jsonschema`
(the validator the schema's `$schema` names, schema checked first).

Usage: python3 pyjsonschema.py SCHEMA (valid|invalid) FILE...
Each FILE is a JSON document, or JSON Lines when it ends in .jsonl. Exits 0
when every document is valid (or, with `invalid`, every one is refused), 1
otherwise, 2 when the schema itself is not valid.
"""
import json
import sys

import jsonschema

schema_path, expect, *files = sys.argv[1:]
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
cls = jsonschema.validators.validator_for(schema)
try:
    cls.check_schema(schema)
except jsonschema.exceptions.SchemaError as e:
    print(f"{schema_path}: {e.message}", file=sys.stderr)
    sys.exit(2)
validator = cls(schema, format_checker=getattr(cls, "FORMAT_CHECKER", None))
n = bad = 0
for path in files:
    with open(path, encoding="utf-8") as f:
        text = f.read()
    docs = (
        [json.loads(l) for l in text.splitlines() if l.strip()]
        if path.endswith(".jsonl")
        else [json.loads(text)]
    )
    for i, d in enumerate(docs, 1):
        n += 1
        errors = list(validator.iter_errors(d))
        if (not errors) != (expect == "valid"):
            bad += 1
            why = "; ".join(e.message for e in errors[:3])
            print(f"{path}#{i}: expected {expect}: {why}", file=sys.stderr)
print(f"jsonschema: {n} document(s), {bad} unexpected")
sys.exit(0 if bad == 0 and n > 0 else 1)
