"""The Ishikawa (fishbone) diagram of a problem analysis, drawn as SVG for its form and its
PDF: the problem in the head on the right, the spine, three bones above it and three below,
each bone's causes written along it, the root causes in red.

Every text is escaped here (markupsafe), so the SVG can be shown unsanitised: Odoo's HTML
sanitiser removes SVG elements.
"""

import textwrap

from markupsafe import Markup, escape

WIDTH, HEIGHT = 960, 460
SPINE_Y = HEIGHT // 2
HEAD_X = 760  # the spine ends, the head starts
BONE_XS = (250, 470, 690)  # where the bones meet the spine
BONE_RUN = 130  # horizontal run of a bone from its end to the spine
BONE_END = 40  # distance of a bone's end from the top / bottom edge
MAX_CAUSES = 5  # causes written on a bone; "+N" says how many more
CAUSE_CHARS = 26  # characters of a cause kept on the diagram
ROOT_COLOUR, TEXT_COLOUR, LINE_COLOUR = "#c0392b", "#212529", "#495057"


def fishbone_svg(problem, bones):
    """SVG markup of a fishbone.

    problem: the text of the head; bones: six (category label, [(cause, is_root), ...]) in
    drawing order, the first three above the spine.
    """
    parts = [
        Markup(
            '<svg xmlns="http://www.w3.org/2000/svg" class="o_logistics_fishbone" '
            'viewBox="0 0 {w} {h}" width="100%" style="max-width: {w}px; '
            'font-family: DejaVu Sans, sans-serif;" role="img">'
        ).format(w=WIDTH, h=HEIGHT),
        _line(20, SPINE_Y, HEAD_X, SPINE_Y, width=4),
    ]
    parts.append(
        Markup(
            '<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="8" fill="#f8f9fa" '
            'stroke="{c}" stroke-width="2"/>'
        ).format(x=HEAD_X, y=SPINE_Y - 60, w=WIDTH - HEAD_X - 10, h=120, c=LINE_COLOUR)
    )
    lines = textwrap.wrap(problem, 24)[:5] or [""]
    first_y = SPINE_Y - 8 * (len(lines) - 1)
    for index, text in enumerate(lines):
        parts.append(_text(HEAD_X + 10, first_y + 16 * index + 5, text, size=13, bold=True))
    for index, (label, causes) in enumerate(bones):
        parts.extend(_bone(index, label, causes))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _bone(index, label, causes):
    above = index < 3
    spine_x = BONE_XS[index % 3]
    end_x, end_y = spine_x - BONE_RUN, BONE_END if above else HEIGHT - BONE_END
    yield _line(end_x, end_y, spine_x, SPINE_Y, width=2)
    yield _text(end_x - 10, end_y + (-12 if above else 24), label, size=14, bold=True)
    shown = causes[:MAX_CAUSES]
    for rank, (cause, is_root) in enumerate(shown, start=1):
        # evenly along the bone, from its end towards the spine
        share = rank / (MAX_CAUSES + 1)
        y = end_y + (SPINE_Y - end_y) * share
        x = end_x + BONE_RUN * share
        yield _line(x - 110, y, x, y, width=1)
        text = cause if len(cause) <= CAUSE_CHARS else cause[: CAUSE_CHARS - 1] + "…"
        yield _text(
            x - 110, y - 3, text, size=11, bold=is_root, colour=ROOT_COLOUR if is_root else None
        )
    if len(causes) > MAX_CAUSES:
        yield _text(
            spine_x - 20, SPINE_Y + (-8 if above else 18), f"+{len(causes) - MAX_CAUSES}", 11
        )


def _line(x1, y1, x2, y2, width):
    return Markup(
        '<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}" stroke-width="{}"/>'
    ).format(x1, y1, x2, y2, LINE_COLOUR, width)


def _text(x, y, text, size, bold=False, colour=None):
    return Markup('<text x="{:.1f}" y="{:.1f}" font-size="{}" fill="{}"{}>{}</text>').format(
        x,
        y,
        size,
        colour or TEXT_COLOUR,
        Markup(' font-weight="bold"') if bold else Markup(""),
        escape(text),
    )
