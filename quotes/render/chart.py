"""Who gets quoted, as a picture: the most quoted speakers as horizontal bars coloured by kind,
one panel per group when the table is grouped (small multiples share the quote axis, so the
panels compare at a glance).

Colours are the Okabe-Ito palette, which stays distinct under the common colour-vision
deficiencies; every bar is also labelled with its count, so nothing depends on colour alone.
"""

from __future__ import annotations

from pathlib import Path

from quotes.stats import KINDS, Stats

# Okabe & Ito (2008), "Color Universal Design": one colour per speaker kind.
KIND_COLOURS = {"person": "#0072B2", "organization": "#E69F00", "group": "#009E73",
                "unnamed": "#CC79A7", "unknown": "#999999", "none": "#999999"}
FORMATS = (".png", ".svg")
MAX_PANELS = 12


class ChartError(ValueError):
    """A chart that cannot be drawn or written; the message is one line."""


def speaker_chart(table: Stats, path: str | Path, top: int = 15, title: str = "Who gets quoted") -> None:
    """Draw the `top` speakers of each group of `table` into `path` (.png or .svg)."""
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise ChartError(f"{path}: a chart is written as .png or .svg")
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot
    from matplotlib.patches import Patch

    groups = list(dict.fromkeys(row.group for row in table.speakers))[:MAX_PANELS] or [""]
    columns = 1 if len(groups) == 1 else 2 if len(groups) <= 4 else 3
    rows = -(-len(groups) // columns)
    per_panel = {g: [r for r in table.speakers if r.group == g][:top] for g in groups}
    height = max(len(v) for v in per_panel.values()) or 1
    figure, axes = pyplot.subplots(rows, columns, squeeze=False, sharex=True,
                                   figsize=(5.2 * columns, 0.8 + rows * (0.6 + 0.28 * height)))
    most = max((r.quotes for r in table.speakers), default=1)
    for ax, group in zip(axes.flat, groups, strict=False):
        shown = per_panel[group][::-1]  # the most quoted at the top
        labels = [r.speaker if len(r.speaker) <= 32 else r.speaker[:31] + "…" for r in shown]
        bars = ax.barh(labels, [r.quotes for r in shown],
                       color=[KIND_COLOURS.get(r.kind, "#999999") for r in shown])
        ax.bar_label(bars, padding=2, fontsize=8)
        ax.set_xlim(0, most * 1.15)
        ax.tick_params(axis="y", labelsize=8)
        if group:
            ax.set_title(group, fontsize=10)
        ax.spines[["top", "right"]].set_visible(False)
    for index, ax in enumerate(axes.flat):
        if index >= len(groups):
            ax.set_visible(False)
            continue
        ax.tick_params(axis="x", labelbottom=True)  # shared axes hide them above a blank panel
        if index + columns >= len(groups):  # nothing drawn below this panel
            ax.set_xlabel("quotes" if table.items == "direct" else "items")
    used = [k for k in KINDS if any(r.kind == k for r in table.speakers)]
    figure.legend(handles=[Patch(color=KIND_COLOURS[k], label=k) for k in used], loc="upper right",
                  title="speaker kind", fontsize=8, title_fontsize=8, frameon=False)
    grouped = f" by {' / '.join(table.by)}" if table.by else ""
    figure.suptitle(f"{title}{grouped}: {table.headline}",
                    fontsize=11, x=0.02, ha="left")
    figure.tight_layout(rect=(0, 0, 0.88, 0.97))
    try:
        with matplotlib.rc_context({"svg.fonttype": "none"}):  # SVG text stays text: searchable
            figure.savefig(path, dpi=120, metadata={"Date": None} if path.suffix.lower() == ".svg"
                           else None)
    except OSError as err:
        raise ChartError(f"cannot write {path}: {err.strerror or err}") from None
    finally:
        pyplot.close(figure)
