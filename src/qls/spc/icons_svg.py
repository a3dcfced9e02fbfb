"""Variation and assurance icons, drawn as small inline SVGs.

The icons follow the *meaning* of the Making Data Count icons (a circle
coloured by what the variation says, a stylised run of points, H/L for the
side the special cause is on; for assurance a band of variation set against a
target line with P/F/?), but the geometry here is our own. They are plain
strings so the same markup serves Django templates, PDFs and the CLI.

Each icon carries ``role="img"``, an ``aria-label`` and a ``<title>``, so a
screen reader announces the plain-English label in ``ICON_LABELS``.
"""

from __future__ import annotations

from html import escape

GREY = "#A6A6A6"
ORANGE = "#E46C0A"
BLUE = "#00B0F0"
PURPLE = "#7030A0"
TARGET_RED = "#D5281B"
INK = "#425563"  # NHS dark grey: text that must stay readable on white

VARIATION_ICONS = (
    "common_cause",
    "special_cause_improvement_high",
    "special_cause_improvement_low",
    "special_cause_concern_high",
    "special_cause_concern_low",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
)
ASSURANCE_ICONS = ("consistent_pass", "consistent_fail", "inconsistent")

ICON_LABELS: dict[str, str] = {
    "common_cause": "Common cause variation",
    "special_cause_improvement_high": "Special cause variation \u2013 improvement (high)",
    "special_cause_improvement_low": "Special cause variation \u2013 improvement (low)",
    "special_cause_concern_high": "Special cause variation \u2013 concern (high)",
    "special_cause_concern_low": "Special cause variation \u2013 concern (low)",
    "special_cause_neutral_high": "Special cause variation \u2013 neither improvement nor concern (high)",
    "special_cause_neutral_low": "Special cause variation \u2013 neither improvement nor concern (low)",
    "consistent_pass": "Consistently passing the target",
    "consistent_fail": "Consistently failing the target",
    "inconsistent": "Inconsistently passing and failing the target",
}

# The mini run of seven points, in a 100 by 100 box. The last three points
# carry the signal: raised for "high", lowered for "low".
_RUN_X = (24, 33, 42, 51, 60, 69, 78)
_RUN_Y = {
    "common": (50, 57, 46, 55, 44, 56, 50),  # centred: this icon has no letter
    "high": (70, 66, 72, 67, 54, 50, 47),
    "low": (56, 60, 55, 59, 72, 76, 79),
}


def _frame(colour: str, body: str, *, size: int, title: str) -> str:
    label = escape(title, quote=True)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{label}" '
        f'width="{size}" height="{size}" viewBox="0 0 100 100">'
        f"<title>{escape(title)}</title>"
        f'<circle cx="50" cy="50" r="45" fill="#FFFFFF" stroke="{colour}" stroke-width="7"/>'
        f"{body}</svg>"
    )


def _letter(char: str, colour: str) -> str:
    return (
        f'<text x="50" y="42" text-anchor="middle" font-family="Arial, Helvetica, sans-serif" '
        f'font-size="28" font-weight="700" fill="{colour}">{escape(char)}</text>'
    )


def _check_size(size: int) -> None:
    if size <= 0:
        raise ValueError(f"icon size must be positive, got {size}")


def variation_icon_svg(name: str, *, size: int = 48, title: str | None = None) -> str:
    """Return the variation icon called ``name`` as an inline SVG string.

    ``name`` is one of the variation icon names of the methodology (§1), as
    found in the ``variation_icon`` column of an analysis summary. ``title``
    overrides the accessible label (default: ``ICON_LABELS[name]``).

    >>> svg = variation_icon_svg("special_cause_concern_high", size=32)
    >>> svg.startswith("<svg") and "<title>" in svg
    True
    """
    if name not in VARIATION_ICONS:
        raise ValueError(f"unknown variation icon {name!r}; expected one of {VARIATION_ICONS}")
    _check_size(size)
    if name == "common_cause":
        colour, shape, letter = GREY, "common", ""
    else:
        meaning, side = name.removeprefix("special_cause_").rsplit("_", 1)
        colour = {"improvement": BLUE, "concern": ORANGE, "neutral": PURPLE}[meaning]
        shape, letter = side, side[0].upper()
    ys = _RUN_Y[shape]
    mean_y = 50 if shape == "common" else 64
    line = " ".join(f"{x},{y}" for x, y in zip(_RUN_X, ys, strict=True))
    # A faint mean line under the run makes "high" and "low" read at a glance.
    body = (
        f'<line x1="20" y1="{mean_y}" x2="80" y2="{mean_y}" stroke="{GREY}" stroke-width="1.5" '
        f'stroke-dasharray="3 3"/>'
        f'<polyline points="{line}" fill="none" stroke="{GREY}" stroke-width="3" '
        f'stroke-linejoin="round"/>'
    )
    for i, (x, y) in enumerate(zip(_RUN_X, ys, strict=True)):
        dot = colour if shape != "common" and i >= 4 else GREY
        body += f'<circle cx="{x}" cy="{y}" r="4.5" fill="{dot}"/>'
    if letter:
        body += _letter(letter, colour)
    return _frame(colour, body, size=size, title=title or ICON_LABELS[name])


def assurance_icon_svg(name: str | None, *, size: int = 48, title: str | None = None) -> str:
    """Return the assurance icon called ``name`` as an inline SVG string.

    An empty name or ``None`` (no target, or a neutral direction) gives an
    empty string, so a template can print the result unconditionally.

    >>> assurance_icon_svg(None)
    ''
    >>> "role=\\"img\\"" in assurance_icon_svg("consistent_pass")
    True
    """
    if not name:
        return ""
    if name not in ASSURANCE_ICONS:
        raise ValueError(f"unknown assurance icon {name!r}; expected one of {ASSURANCE_ICONS}")
    _check_size(size)
    # The shaded band stands for the process limits; where it sits against
    # the target line is the whole message of the icon.
    colour, letter, band_top, band_bottom, target_y = {
        "consistent_pass": (BLUE, "P", 50, 66, 76),
        "consistent_fail": (ORANGE, "F", 62, 78, 52),
        "inconsistent": (GREY, "?", 50, 78, 64),
    }[name]
    body = (
        f'<rect x="24" y="{band_top}" width="52" height="{band_bottom - band_top}" '
        f'rx="3" fill="{colour}" fill-opacity="0.35"/>'
        f'<line x1="18" y1="{target_y}" x2="82" y2="{target_y}" stroke="{TARGET_RED}" '
        f'stroke-width="3.5" stroke-dasharray="7 4"/>'
        + _letter(letter, colour if name != "inconsistent" else INK)
    )
    return _frame(colour, body, size=size, title=title or ICON_LABELS[name])
