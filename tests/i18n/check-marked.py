#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""Fails when a string a citizen sees is not marked for translation, as TAP.

Templates (ui/*.ui): a property that shows text (label, title, tooltip-text, placeholder-text, …,
also under <accessibility>) with letters in its value and without translatable="yes".
C (app/**/*.c): a call that puts text on screen (gtk_label_set_text, adw_*_set_title,
gtk_widget_set_tooltip_text, adw_toast_new, an accessible label, …) with a string literal that is
not wrapped in _(), N_() or C_().

A value that is not for people (an icon name, a format made only of conversions and signs) has no
letters and passes. A deliberate exception says so: translatable="no" in a template, or a
`/* not translatable */` comment on the line of the call in C.
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

TEXT_PROPERTIES = {
    'label', 'title', 'subtitle', 'tooltip-text', 'tooltip-markup', 'placeholder-text', 'text',
    'description', 'heading', 'body', 'secondary-text', 'primary-text', 'message', 'button-label',
    'placeholder', 'header', 'value-text', 'name-label',
}
# Properties named like text ones that are not shown to people.
NOT_TEXT = {('GtkStackPage', 'name')}

C_CALLS = re.compile(
    r'\b(gtk_label_set_(?:text|label|markup)|gtk_label_new|gtk_button_set_label|gtk_button_new_with_label'
    r'|gtk_check_button_set_label|gtk_check_button_new_with_label|gtk_toggle_button_new_with_label'
    r'|gtk_menu_button_set_label|gtk_window_set_title|gtk_widget_set_tooltip_(?:text|markup)'
    r'|gtk_(?:entry|text|search_entry|password_entry)_set_placeholder_text|gtk_editable_set_text'
    r'|adw_[a-z_]+_set_(?:title|subtitle|description|body|heading|label|button_label)'
    r'|adw_toast_new|adw_toast_set_title|adw_status_page_new|gtk_frame_new|gtk_expander_new'
    r'|gtk_accessible_update_property|gtk_accessible_update_relation)\s*\(')
LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"')
MARKED = re.compile(r'\b(?:N?C_\s*\(\s*"(?:[^"\\]|\\.)*"\s*,\s*|N?_\s*\(\s*|g_dngettext\s*\([^,]*,\s*|ngettext\s*\(\s*)'
                    r'("(?:[^"\\]|\\.)*"\s*)+(,\s*"(?:[^"\\]|\\.)*"\s*)?')
COMPARISONS = re.compile(r'\b(?:g_str_equal|g_strcmp0|strcmp|strncmp|g_str_has_prefix|g_str_has_suffix'
                         r'|g_ascii_strcasecmp|strstr|g_strv_contains)\s*\([^()]*\)')
LETTERS = re.compile(r'[^\W\d_]', re.UNICODE)


def has_letters(value):
    # Conversions such as %s or %2$u do not count as letters.
    return LETTERS.search(re.sub(r'%[0-9$.\-]*[a-zA-Z]', '', value)) is not None


def check_ui(path):
    problems = []
    tree = ET.parse(path)
    parents = {c: p for p in tree.iter() for c in p}
    for prop in tree.iter('property'):
        name = prop.get('name', '').replace('_', '-')
        value = (prop.text or '').strip()
        if name not in TEXT_PROPERTIES or not value or not has_letters(value):
            continue
        owner = parents.get(prop)
        while owner is not None and owner.tag not in ('object', 'template'):
            owner = parents.get(owner)
        klass = owner.get('class') if owner is not None else ''
        if (klass, name) in NOT_TEXT or prop.get('bind-source') is not None:
            continue
        if prop.get('translatable') in ('yes', 'true', '1', 'no', 'false', '0'):
            if prop.get('translatable') in ('yes', 'true', '1'):
                continue
            continue  # translatable="no": a deliberate exception
        problems.append('%s: <property name="%s"> "%s" has no translatable="yes"' % (path, name, value[:60]))
    return problems


def call_arguments(text, start):
    """The text of a call's arguments, from the opening parenthesis at @start."""
    depth = 0
    i = start
    while i < len(text):
        c = text[i]
        if c == '"':
            m = LITERAL.match(text, i)
            i = m.end() if m else i + 1
            continue
        if c == "'":
            m = re.compile(r"'(?:[^'\\]|\\.)*'").match(text, i)
            i = m.end() if m else i + 1
            continue
        if c == '(':
            depth += 1
        elif c == ')':
            depth -= 1
            if depth == 0:
                return text[start + 1:i]
        i += 1
    return text[start + 1:]


def strip_comments(text):
    # Keep line structure; drop comment bodies but keep the exception marker.
    def repl(m):
        body = m.group(0)
        keep = ' NOT_TRANSLATABLE ' if 'not translatable' in body else ' '
        return keep + '\n' * body.count('\n')
    text = re.sub(r'/\*.*?\*/', repl, text, flags=re.S)
    return re.sub(r'//[^\n]*', repl, text)


def check_c(path):
    problems = []
    text = strip_comments(open(path, encoding='utf-8').read())
    for m in C_CALLS.finditer(text):
        args = call_arguments(text, m.end() - 1)
        line_no = text.count('\n', 0, m.start()) + 1
        line_end = text.find('\n', m.end() + len(args))
        if 'NOT_TRANSLATABLE' in text[text.rfind('\n', 0, m.start()):line_end]:
            continue
        # Literals compared with, not shown: g_str_equal (id, "retiring") ? … : ….
        rest = COMPARISONS.sub('COMPARED', args)
        rest = MARKED.sub('MARKED', rest)
        for lit in LITERAL.findall(rest):
            if has_letters(lit[1:-1]):
                problems.append('%s:%d: %s (…%s…) is not marked for translation' % (path, line_no, m.group(1), lit[:60]))
    return problems


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else '.'
    os.chdir(root)
    n = 0
    failed = False
    files = []
    for d in ('ui',):
        files += sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith('.ui'))
    for d, _, names in sorted(os.walk('app')):
        files += sorted(os.path.join(d, f) for f in names if f.endswith('.c'))
    for path in files:
        n += 1
        problems = check_ui(path) if path.endswith('.ui') else check_c(path)
        if problems:
            failed = True
            print('not ok %d - %s marks every visible string for translation' % (n, path))
            for p in problems:
                print('# ' + p)
        else:
            print('ok %d - %s marks every visible string for translation' % (n, path))
    # The checker itself: a known-bad sample must be caught.
    n += 1
    sample = 'gtk_label_set_text (label, "Hello");\nadw_action_row_set_title (row, _("Fine"));\n'
    tmp = os.path.join(os.environ.get('TMPDIR', '/tmp'), 'loket-check-marked-%d.c' % os.getpid())
    with open(tmp, 'w') as f:
        f.write(sample)
    caught = check_c(tmp)
    os.unlink(tmp)
    if len(caught) == 1 and '"Hello"' in caught[0]:
        print('ok %d - the checker catches an unmarked literal and passes a marked one' % n)
    else:
        failed = True
        print('not ok %d - the checker catches an unmarked literal and passes a marked one' % n)
        print('# got: %r' % caught)
    print('1..%d' % n)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
