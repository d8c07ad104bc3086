#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Catalog texts in every language (issue 9), as TAP.

- the title and summary of every life event, and the title of every step, are in all seven
  languages;
- every text (titles, summaries, full texts, facts, organisation names) is complete in Dutch and
  English, and no text is empty;
- a translated text is not a copy of the English or Dutch one (beyond names and abbreviations).
"""
import glob
import json
import os
import sys

LANGUAGES = ['nl', 'en', 'ar', 'uk', 'tr', 'pl', 'ti']
SCRIPTS = {'ar': (0x0600, 0x06FF), 'uk': (0x0400, 0x04FF), 'ti': (0x1200, 0x139F)}


def texts(node, path):
    if isinstance(node, dict):
        if 'nl' in node and 'en' in node and all(isinstance(v, str) for v in node.values()):
            yield path, node
            return
        for key, value in node.items():
            yield from texts(value, path + [key])
    elif isinstance(node, list):
        for i, value in enumerate(node):
            ident = value.get('id', str(i)) if isinstance(value, dict) else str(i)
            yield from texts(value, path + [ident])


def in_script(text, lang):
    low, high = SCRIPTS[lang]
    return any(low <= ord(c) <= high for c in text)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else '.'
    os.chdir(os.path.join(root, 'data', 'catalog'))
    n = 0
    failed = False

    def report(ok, name, problems):
        nonlocal n, failed
        n += 1
        print('%s %d - %s' % ('ok' if ok else 'not ok', n, name))
        for p in problems[:30]:
            print('# ' + p)
        failed |= not ok

    files = sorted(glob.glob('life-events/*.json')) + ['services.json', 'organisations.json']
    for f in files:
        document = json.load(open(f, encoding='utf-8'))
        must_all = []
        empty = []
        copies = []
        for path, text in texts(document, []):
            where = '%s: %s' % (f, '/'.join(path))
            for lang, value in text.items():
                if not value.strip():
                    empty.append('%s is empty in %s' % (where, lang))
                elif lang in SCRIPTS and not in_script(value, lang):
                    copies.append('%s in %s is not written in its script: %s' % (where, lang, value[:50]))
            field = path[-1]
            is_event_text = f.startswith('life-events/') and (
                (len(path) == 3 and field in ('title', 'summary'))
                or (len(path) == 5 and path[2] == 'steps' and field == 'title'))
            if is_event_text:
                missing = [l for l in LANGUAGES if l not in text]
                if missing:
                    must_all.append('%s lacks %s' % (where, ', '.join(missing)))
        if f.startswith('life-events/'):
            report(not must_all, '%s: titles, summary and step titles in all seven languages' % f, must_all)
        report(not empty, '%s: no empty texts, Dutch and English everywhere' % f, empty)
        report(not copies, '%s: Arabic, Ukrainian and Tigrinya texts are in their own script' % f, copies)
    print('1..%d' % n)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
