#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""Contrast of the high-contrast style (issue 10): text at least 7:1 (WCAG 2.x AAA, 1.4.6).

Reads ui/style-hc.css and computes the WCAG relative-luminance contrast ratio of
- every rule that sets both `color` and `background-color` (text on its own background);
- every rule that sets only `color`, against the style's page background (#ffffff);
- every line of the style's own table ("#aaaaaa on #bbbbbb ... N:1"), which must state the ratio
  it really has (to 0.1) and reach 7:1 for text, 3:1 for what is marked "non-text".
Rules that set a light colour for text on a dark background they inherit (":checked", an action
button) are checked against the background of the rule with the same state.
Prints TAP.

  /usr/bin/python3 tests/hc-contrast.py ui/style-hc.css
"""

import re
import sys

TEXT_MINIMUM = 7.0
NON_TEXT_MINIMUM = 3.0
PAGE_BACKGROUND = "#ffffff"


def luminance(colour):
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ratio(foreground, background):
    a, b = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def rules(css):
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        declarations = dict(
            (name.strip(), value.strip())
            for name, value in (d.split(":", 1) for d in body.split(";") if ":" in d)
        )
        yield [s.strip() for s in selectors.split(",")], declarations


def hex_colour(value):
    match = re.fullmatch(r"(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})", value or "")
    return match.group(1) if match else None


def main(path):
    text = open(path, encoding="utf-8").read()
    results = []

    # Backgrounds by state, for rules that only set the text colour.
    state_backgrounds = {}
    for selectors, declarations in rules(text):
        background = hex_colour(declarations.get("background-color"))
        if background:
            for selector in selectors:
                for state in (":checked", "suggested-action", "destructive-action"):
                    if state in selector:
                        state_backgrounds[state] = background

    for selectors, declarations in rules(text):
        foreground = hex_colour(declarations.get("color"))
        if not foreground:
            continue
        background = hex_colour(declarations.get("background-color"))
        for selector in selectors:
            against = background
            if against is None:
                against = PAGE_BACKGROUND
                for state, state_background in state_backgrounds.items():
                    if state in selector:
                        against = state_background
            value = ratio(foreground, against)
            results.append((value >= TEXT_MINIMUM,
                            f"{selector}: {foreground} on {against} is {value:.2f}:1"))

    # The table in the style's header comment states figures: they must be true.
    for line in re.findall(r"^\s*\*\s+(#[0-9a-fA-F]{6} on #[0-9a-fA-F]{6}.*)$", text, re.M):
        foreground, background = re.findall(r"#[0-9a-fA-F]{6}", line)[:2]
        stated = float(re.findall(r"([\d.]+):1", line)[-1])
        value = ratio(foreground, background)
        minimum = NON_TEXT_MINIMUM if "non-text" in line else TEXT_MINIMUM
        results.append((abs(value - stated) < 0.1 and value >= minimum,
                        f"stated {stated}:1 for {foreground} on {background}: computed {value:.2f}:1"))

    print(f"1..{len(results)}")
    for number, (passed, description) in enumerate(results, 1):
        print(f"{'ok' if passed else 'not ok'} {number} - {description}")
    return 0 if results and all(passed for passed, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "ui/style-hc.css"))
