#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""Builds the seed corpora of the fuzz targets (issue 11) in OUTDIR/<target>/:

    tests/fuzz/make-seeds.py OUTDIR [SHARED_REFERENCE_DIR]

from the catalog (data/catalog and the benefit rules in data/rules, merged as the back-end serves
them, and small documents of one life event each, with and without its rules),
the reference back-end's test persons, the recorded BRP and ZGW answers in the shared reference
(../shared/reference by default; skipped when absent) and the committed seeds in tests/fuzz/corpus.
Nothing it writes is committed."""

import glob
import hashlib
import json
import os
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ARRAYS = ("organisations", "services", "life_events", "forms", "rules", "rule_parameters")


def write(outdir, target, data):
    if isinstance(data, str):
        data = data.encode()
    os.makedirs(os.path.join(outdir, target), exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(outdir, target, name), "wb") as f:
        f.write(data)


def catalog_seeds(outdir):
    # The benefit rules and their parameters (data/rules) travel in the same document.
    files = sorted(f for f in glob.glob(os.path.join(ROOT, "data", "catalog", "**", "*.json"), recursive=True)
                   + glob.glob(os.path.join(ROOT, "data", "rules", "*.json"))
                   if os.path.basename(f) != "schema.json")
    docs = [json.load(open(f, encoding="utf-8")) for f in files]
    merged = {"version": 1}
    for name in ARRAYS:
        merged[name] = [item for doc in docs for item in doc.get(name, [])]
    write(outdir, "catalog", json.dumps(merged, ensure_ascii=False))
    # Small documents mutate thousands of times faster: one life event with its first two steps,
    # Dutch and English only, and only the services, organisations and forms those refer to.
    for event in merged["life_events"]:
        event = two_languages(dict(event, steps=event.get("steps", [])[:2]))
        names = strings(event)
        services = [two_languages(s) for s in merged["services"] if s.get("id") in names]
        names |= strings(services)
        small = {"version": 1,
                 "organisations": [two_languages(o) for o in merged["organisations"] if o.get("id") in names],
                 "services": services,
                 "life_events": [event],
                 "forms": [two_languages(f) for f in merged["forms"] if f.get("service") in names]}
        write(outdir, "catalog", json.dumps(small, ensure_ascii=False, separators=(",", ":")))
        # The same with the rules whose service it has, and the newest parameters.
        rules = [two_languages(r) for r in merged["rules"] if strings(r) & names]
        if rules:
            small = dict(small, rules=rules, rule_parameters=merged["rule_parameters"][-1:])
            write(outdir, "catalog", json.dumps(small, ensure_ascii=False, separators=(",", ":")))


LANGUAGES = {"nl", "en", "ar", "uk", "tr", "pl", "ti"}


def two_languages(value):
    if isinstance(value, dict):
        if value and set(value) <= LANGUAGES:
            return {k: v for k, v in value.items() if k in ("nl", "en")}
        return {k: two_languages(v) for k, v in value.items()}
    if isinstance(value, list):
        return [two_languages(v) for v in value]
    return value


def strings(value):
    if isinstance(value, str):
        return {value}
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return set().union(*(strings(v) for v in items)) if items else set()


def brp_seeds(outdir, reference):
    persons = json.load(open(os.path.join(ROOT, "backend", "data", "personen.json"), encoding="utf-8"))
    for person in persons.get("personen", []):
        write(outdir, "brp", json.dumps({"type": "RaadpleegMetBurgerservicenummer", "personen": [person]},
                                        ensure_ascii=False))
    for body in recorded_bodies(reference, "brp-*.yaml"):
        write(outdir, "brp", body)


def recorded_bodies(reference, pattern):
    if reference is None:
        return
    import yaml
    for path in sorted(glob.glob(os.path.join(reference, "open-forms-recordings", pattern))):
        for interaction in yaml.safe_load(open(path, encoding="utf-8")).get("interactions", []):
            body = interaction["response"].get("body", {})
            text = body.get("string") if isinstance(body, dict) else body
            if text:
                yield text


def main():
    outdir = sys.argv[1]
    reference = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(ROOT), "shared", "reference")
    if not os.path.isdir(reference):
        reference = None
    for target in os.listdir(os.path.join(ROOT, "tests", "fuzz", "corpus")):
        src = os.path.join(ROOT, "tests", "fuzz", "corpus", target)
        for name in os.listdir(src):
            os.makedirs(os.path.join(outdir, target), exist_ok=True)
            shutil.copy(os.path.join(src, name), os.path.join(outdir, target, name))
    catalog_seeds(outdir)
    brp_seeds(outdir, reference)
    for body in recorded_bodies(reference, "zgw-*.yaml"):
        write(outdir, "zaken", body)
    for target in sorted(os.listdir(outdir)):
        print(f"{target}: {len(os.listdir(os.path.join(outdir, target)))} seeds")


if __name__ == "__main__":
    main()
