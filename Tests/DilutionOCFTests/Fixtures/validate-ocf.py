#!/usr/bin/env python3
"""Validate an OCF JSON file against the OCF 1.2.0 JSON Schema, offline.

usage: validate-ocf.py SCHEMA_DIR FILE_SCHEMA DOCUMENT
  SCHEMA_DIR   the schema/ folder of the OCF release
  FILE_SCHEMA  a file schema's name, e.g. TransactionsFile
  DOCUMENT     the JSON file to check

Prints "valid" and exits 0, or prints every error (path: message) and exits 1. Works with jsonschema 4.10
(Debian bookworm, RefResolver) and with 4.18+ (the `referencing` registry).
"""
import json
import pathlib
import sys

import jsonschema


def main():
    schema_dir, file_schema, document = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    schemas = {}
    for path in schema_dir.rglob("*.schema.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        schemas[schema["$id"]] = schema
    root = next(s for i, s in schemas.items() if i.endswith("/files/%s.schema.json" % file_schema))
    instance = json.loads(pathlib.Path(document).read_text(encoding="utf-8"))
    try:
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT7

        registry = Registry().with_resources(
            (i, Resource.from_contents(s, default_specification=DRAFT7)) for i, s in schemas.items())
        validator = jsonschema.Draft7Validator(root, registry=registry)
    except ImportError:
        resolver = jsonschema.RefResolver.from_schema(root, store=schemas)
        validator = jsonschema.Draft7Validator(root, resolver=resolver)
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    if not errors:
        print("valid")
        return 0
    for error in errors:
        path = "".join("[%d]" % p if isinstance(p, int) else ".%s" % p for p in error.absolute_path) or "(document)"
        print("%s: %s" % (path, error.message))
    return 1


if __name__ == "__main__":
    sys.exit(main())
