#!/usr/bin/env python3
"""Writes the part of Stripe's OpenAPI spec that crates/stripe's tests read, into the repo.

The full spec (shared/stripe-openapi/spec3.json, 4 MB) and its fixtures lie beside the clone only on
the project's machines; the tests read the committed subset in crates/stripe/tests/data/ instead:

  spec3-subset.json      the path templates that the client's path literals ("/v1/accounts/{}")
                         and the tests' paths match, with each operation's parameters and request
                         body, and every schema those or the fixture tests reach through $ref;
                         prose and x- extensions are left out (no test reads them)
  fixtures3-subset.json  the example objects the fixture tests decode

Both are minified and carry an "x-connectdesk-subset" field saying how they were made.

  scripts/stripe-spec-subset.py            write the subset (needs ../shared/stripe-openapi)
  scripts/stripe-spec-subset.py --check    exit 1 if the committed subset differs from a fresh one
"""

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STRIPE = ROOT / "crates" / "stripe"
OUT = STRIPE / "tests" / "data"
SPEC_OUT = OUT / "spec3-subset.json"
FIXTURES_OUT = OUT / "fixtures3-subset.json"
GENERATOR = "scripts/stripe-spec-subset.py"


def sources(*globs):
    for pattern in globs:
        for path in sorted(STRIPE.glob(pattern)):
            yield path.read_text(encoding="utf-8")


def request_paths():
    """Every path literal the client builds requests from ("/v1/accounts/{}") or the tests send."""
    text = "\n".join(sources("src/**/*.rs", "tests/*.rs"))
    return set(re.findall(r'"(/v1/[A-Za-z0-9_{}/]+)"', text))


def best_template(path, templates):
    """The template `path` matches, as Spec::match_path picks it: same segment count, literals
    equal, placeholders anything non-empty, most literals wins. A client `{}` is an id, so it
    matches placeholders only."""
    segments = path.split("/")
    best = None
    for template in templates:
        parts = template.split("/")
        if len(parts) != len(segments):
            continue
        literals = 0
        for part, segment in zip(parts, segments):
            placeholder = part.startswith("{") and part.endswith("}")
            if placeholder and segment:
                continue
            if part == segment and segment != "{}":
                literals += 1
                continue
            break
        else:
            if best is None or (literals, template) > best:
                best = (literals, template)
    return best and best[1]


def fixture_names():
    """(fixture, schema or None) pairs the fixture tests check, and fixtures they read directly."""
    text = "\n".join(sources("tests/fixtures.rs"))
    checked = re.findall(r'check::<\w+>\(\s*"(\w+)",\s*(?:Some\("(\w+)"\)|None)', text)
    fixtures = {name for name, _ in checked} | set(re.findall(r'fixture\("(\w+)"\)', text))
    schemas = {schema for _, schema in checked if schema}
    return fixtures, schemas


def refs(value):
    """Every schema name a value refers to with $ref."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "$ref" and isinstance(item, str):
                yield item.rsplit("/", 1)[-1]
            else:
                yield from refs(item)
    elif isinstance(value, list):
        for item in value:
            yield from refs(item)


def closure(schemas, roots):
    seen = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if name not in schemas:
            sys.exit(f"stripe-spec-subset: the spec has no schema {name!r}")
        seen.add(name)
        todo.extend(refs(schemas[name]))
    return seen


# Parts of an operation the conformance tests read; responses are left out (the fixture tests read
# the response objects' schemas by name).
OPERATION_KEYS = ("parameters", "requestBody")
DOC_KEYS = ("description", "summary", "title")


def prune(value, property_names=False):
    """Drops prose and `x-` extensions, which no test reads. Inside `properties` the keys are
    property names (one may well be called "description"), so nothing is dropped there."""
    if isinstance(value, dict):
        return {
            key: prune(item, property_names=key == "properties" and not property_names)
            for key, item in value.items()
            if property_names
            or not (key.startswith("x-") or (key in DOC_KEYS and isinstance(item, str)))
        }
    if isinstance(value, list):
        return [prune(item) for item in value]
    return value


def operations(path_item):
    """A path's operations with only the parts the tests read, and its path-level parameters."""
    kept = {}
    for method, operation in path_item.items():
        if isinstance(operation, dict) and method in ("get", "post", "delete"):
            kept[method] = {key: operation[key] for key in OPERATION_KEYS if key in operation}
        elif method == "parameters":
            kept[method] = operation
    return kept


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def minified(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False) + "\n"


def build(shared):
    spec_path, fixtures_path = shared / "spec3.json", shared / "fixtures3.json"
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    fixtures = json.loads(fixtures_path.read_text(encoding="utf-8"))

    templates = {best_template(path, spec["paths"]) for path in request_paths()} - {None}
    paths = {
        template: prune(operations(path_item))
        for template, path_item in spec["paths"].items()
        if template in templates
    }
    wanted_fixtures, named_schemas = fixture_names()
    schemas = spec["components"]["schemas"]
    keep = closure(schemas, set(refs(paths)) | named_schemas)
    spec_subset = {
        "x-connectdesk-subset": {
            "generatedBy": GENERATOR,
            "from": "shared/stripe-openapi/spec3.json",
            "sha256": digest(spec_path),
            "paths": len(paths),
            "schemas": len(keep),
        },
        "openapi": spec.get("openapi"),
        "info": spec.get("info"),
        "paths": paths,
        "components": {"schemas": {name: prune(schemas[name]) for name in sorted(keep)}},
    }

    resources_in = fixtures["resources"]
    present = sorted(name for name in wanted_fixtures if name in resources_in)
    missing = sorted(wanted_fixtures - set(present))
    fixtures_subset = {
        "x-connectdesk-subset": {
            "generatedBy": GENERATOR,
            "from": "shared/stripe-openapi/fixtures3.json",
            "sha256": digest(fixtures_path),
            "resources": present,
        },
        "resources": {name: resources_in[name] for name in present},
    }
    if missing:
        sys.exit(f"stripe-spec-subset: fixtures3.json has no {missing}")
    return minified(spec_subset), minified(fixtures_subset)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "stripe-openapi",
                        help="folder with spec3.json and fixtures3.json (default: ../shared/stripe-openapi)")
    parser.add_argument("--check", action="store_true", help="compare with the committed subset, write nothing")
    args = parser.parse_args()
    if not (args.shared / "spec3.json").exists():
        sys.exit(f"stripe-spec-subset: no spec3.json in {args.shared}")

    outputs = dict(zip((SPEC_OUT, FIXTURES_OUT), build(args.shared)))
    if args.check:
        stale = [str(p.relative_to(ROOT)) for p, text in outputs.items()
                 if not p.exists() or p.read_text(encoding="utf-8") != text]
        if stale:
            sys.exit(f"stripe-spec-subset: stale {stale}: run {GENERATOR} and commit the result")
        print("stripe-spec-subset: the committed subset is current")
        return
    OUT.mkdir(parents=True, exist_ok=True)
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
        print(f"stripe-spec-subset: wrote {path.relative_to(ROOT)} ({len(text.encode()):,} bytes)")


if __name__ == "__main__":
    main()
