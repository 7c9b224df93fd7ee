"""One colour per speaker, fixed for the whole page so a speaker looks the same in every document."""

from __future__ import annotations

import colorsys
from collections.abc import Iterable

# Light backgrounds that black text stays readable on, most distinct first.
PALETTE = ("#ffd166", "#8ecae6", "#b5e48c", "#f4a6c8", "#cdb4db", "#ffb38a", "#9de0d0",
           "#e9c46a", "#a3c4f3", "#d8e2a0", "#f2b5a0", "#c1d3fe")
UNKNOWN = "#dddddd"
_GOLDEN = 0.618033988749895


def _extra(index: int) -> str:
    """Past the palette: hues spread by the golden ratio, light and soft."""
    red, green, blue = colorsys.hls_to_rgb((index * _GOLDEN) % 1.0, 0.82, 0.6)
    return f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"


def lighter(colour: str, amount: float = 0.6) -> str:
    """`colour` (#rrggbb) mixed with white: the same hue, paler, for reported speech, whose words
    are the writer's rather than the speaker's."""
    channels = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in channels)


def speaker_colours(speakers: Iterable[str | None]) -> dict[str | None, str]:
    """Colours by first appearance (give the most quoted speakers first for the clearest
    colours); `None`, a quote without a known speaker, is always grey."""
    colours: dict[str | None, str] = {None: UNKNOWN}
    for speaker in speakers:
        if speaker not in colours:
            index = len(colours) - 1
            colours[speaker] = PALETTE[index] if index < len(PALETTE) else _extra(index)
    return colours
