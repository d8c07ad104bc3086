#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Translation checks, as TAP:
#  - every file with translatable strings (C: _() N_() C_() NC_() ngettext; templates:
#    translatable="yes"; desktop, metainfo and schema sources) is listed in po/POTFILES.in;
#  - every .po passes `msgfmt --check`;
#  - every language named complete is 100 % translated against the current sources (no untranslated
#    and no fuzzy messages after merging with a freshly extracted template).
set -u
src=${1:?source root}
shift
complete=("$@")
cd "$src"

n=0
fail=0
ok() { n=$((n+1)); echo "ok $n - $1"; }
notok() { n=$((n+1)); fail=1; echo "not ok $n - $1"; [ -n "${2:-}" ] && sed 's/^/# /' <<<"$2"; }

listed=$(grep -v '^\s*#' po/POTFILES.in | sed '/^\s*$/d' | sort)
needed=$( (grep -lE '\b(N?C?_|g_dngettext|ngettext)\s*\(' app/*.c app/*/*.c 2>/dev/null
           grep -l 'translatable="yes"' ui/*.ui 2>/dev/null
           ls data/*.desktop.in data/*.metainfo.xml.in data/*.gschema.xml 2>/dev/null) | sort -u)
missing=$(comm -13 <(echo "$listed") <(echo "$needed"))
if [ -z "$missing" ]; then ok "POTFILES.in lists every file with translatable strings"
else notok "POTFILES.in lists every file with translatable strings" "missing: $missing"; fi

gone=$(for f in $listed; do [ -e "$f" ] || echo "$f"; done)
if [ -z "$gone" ]; then ok "every file in POTFILES.in exists"
else notok "every file in POTFILES.in exists" "$gone"; fi

pot=$(mktemp --suffix=.pot)
trap 'rm -f "$pot" "$pot".*' EXIT
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --add-comments=Translators -f po/POTFILES.in -o "$pot" 2>"$pot.err"
if [ -s "$pot" ]; then ok "messages extract"; else notok "messages extract" "$(cat "$pot.err")"; fi

for po in po/*.po; do
  lang=$(basename "$po" .po)
  if out=$(msgfmt --check --check-accelerators -o /dev/null "$po" 2>&1); then ok "msgfmt --check $lang"
  else notok "msgfmt --check $lang" "$out"; fi
  if ! grep -qx "$lang" po/LINGUAS; then notok "$lang is listed in po/LINGUAS"; fi
done

for lang in "${complete[@]}"; do
  po=po/$lang.po
  if [ ! -f "$po" ]; then notok "$lang is complete" "no $po"; continue; fi
  msgmerge --quiet --no-fuzzy-matching -o "$pot.$lang" "$po" "$pot" 2>/dev/null
  untranslated=$(msgattrib --untranslated --no-obsolete "$pot.$lang" | grep -c '^msgid ' || true)
  fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$pot.$lang" | grep -c '^msgid ' || true)
  # msgattrib prints the header entry too when there is anything to print
  if [ "${untranslated:-0}" -le 1 ] && [ "${fuzzy:-0}" -eq 0 ]; then ok "$lang is complete"
  else notok "$lang is complete" "$(msgattrib --untranslated --no-obsolete "$pot.$lang" | grep -A1 '^msgid ' | head -40)"; fi
done

echo "1..$n"
exit $fail
