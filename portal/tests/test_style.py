# This file is part of the MyCar partner platform.
"""The cabinet's text colours are readable: each has at least WCAG AA's
4.5:1 contrast against what it is written on (its rule's background, or
else the page's and the cards' white), as Lighthouse's accessibility
audit checks in a browser."""
import pathlib
import re

CSS = pathlib.Path(__file__).resolve().parent.parent / 'static' / 'cabinet.css'
PAGE, CARD = '#f4f6f9', '#ffffff'
HEX = r'#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}'
# what is written inside the header is on its blue
GROUNDS = {'header': '#0b3d91', '.languages': '#0b3d91'}


def luminance(colour):
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first, second):
    low, high = sorted([luminance(first), luminance(second)])
    return (high + 0.05) / (low + 0.05)


def full(colour):
    "#abc as #aabbcc"
    return '#' + ''.join(c * 2 for c in colour[1:]) \
        if len(colour) == 4 else colour


def test_text_colours_have_enough_contrast():
    rules = re.findall(r'([^{}]+)\{([^}]*)\}', CSS.read_text())
    checked = []
    for selector, body in rules:
        colour = re.search(r'(?<![-\w])color:\s*(' + HEX + r')\b', body)
        if not colour:
            continue
        ground = re.search(r'background:\s*(' + HEX + r')\b', body)
        inside = [g for prefix, g in GROUNDS.items()
            if selector.strip().startswith(prefix)]
        grounds = [ground[1]] if ground else inside or [PAGE, CARD]
        for under in grounds:
            ratio = contrast(full(colour[1].lower()), full(under.lower()))
            checked.append(selector.strip())
            assert ratio >= 4.5, (
                f"{selector.strip()}: {colour[1]} on {under} is {ratio:.2f}")
    assert '.state.delivered' in checked
