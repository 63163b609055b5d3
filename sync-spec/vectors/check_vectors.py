#!/usr/bin/env python3
"""Checks that the sync-spec vectors (v1, and the record changes of v2) agree with themselves and with the JSON Schemas.

* every file named in cases.json exists, and every vector file is named by a case;
* names of files expected to integrate follow <TYPE>_<user>_<ULID>.json;
* every file expected to be integrated validates against schemas/envelope.schema.json
  (which dispatches to the payload schema of its type);
* every file refused with reason `schema` fails that validation, so the schemas are
  at least as strict as the server on those points.

The server's own behaviour on the vectors is tested by server/tests/vectors.rs.
Needs the `jsonschema` package (scripts/check.sh installs it).
"""
import json
import os
import re
import sys

import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMAS = os.path.join(os.path.dirname(HERE), "schemas")
NAME = re.compile(r"^(VC|MC|CP|MP|VP|CC|RC)_[A-Za-z0-9._-]{1,64}_[0-9A-HJKMNP-TV-Z]{26}\.json$")


def load(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def validator_for(envelope_schema):
    """A draft 2020-12 validator that resolves the payload schemas by their $id."""
    schemas = [load(os.path.join(SCHEMAS, name)) for name in os.listdir(SCHEMAS)]
    try:
        from referencing import Registry, Resource
    except ImportError:  # jsonschema < 4.18 (Debian 12's package)
        store = {schema["$id"]: schema for schema in schemas}
        resolver = jsonschema.RefResolver.from_schema(envelope_schema, store=store)
        return jsonschema.Draft202012Validator(envelope_schema, resolver=resolver)
    registry = Registry().with_resources(
        [(schema["$id"], Resource.from_contents(schema)) for schema in schemas]
    )
    return jsonschema.Draft202012Validator(envelope_schema, registry=registry)


def main():
    cases = load(os.path.join(HERE, "cases.json"))
    envelope_schema = load(os.path.join(SCHEMAS, "envelope.schema.json"))
    validator = validator_for(envelope_schema)
    problems = []
    named = set()
    for case in cases:
        path = os.path.join(HERE, "files", case["folder"], case["file"])
        named.add(os.path.relpath(path, HERE))
        if not os.path.isfile(path):
            problems.append("%s: missing file %s" % (case["id"], path))
            continue
        if case["outcome"] not in ("integrated", "duplicate", "parked", "failed"):
            problems.append("%s: unknown outcome %s" % (case["id"], case["outcome"]))
        if (case["outcome"] == "failed") != ("reason" in case):
            problems.append("%s: a reason goes with, and only with, a failed outcome" % case["id"])
        if case["outcome"] == "integrated" or case.get("reason") == "schema":
            if not NAME.match(case["file"]):
                problems.append("%s: file name does not follow the spec" % case["id"])
            errors = list(validator.iter_errors(load(path)))
            if case["outcome"] == "integrated" and errors:
                problems.append("%s: valid per the cases but not per the schemas: %s" % (case["id"], errors[0].message))
            if case.get("reason") == "schema" and not errors:
                problems.append("%s: refused as `schema` but the schemas accept it" % case["id"])
    for folder, _, files in os.walk(os.path.join(HERE, "files")):
        for name in files:
            relative = os.path.relpath(os.path.join(folder, name), HERE)
            if relative not in named:
                problems.append("%s is not named by any case" % relative)
    if problems:
        print("\n".join(problems))
        print("0 passed, %d failed" % len(problems))
        return 1
    print("%d vectors consistent with the schemas" % len(cases))
    return 0


if __name__ == "__main__":
    sys.exit(main())
