"""One look for every chart: the Okabe-Ito colour-blind-safe palette, an 800x450 canvas
that stays legible as a chat thumbnail, one font family and size ladder, light grid.

Plain constants only, so importing the style imports no matplotlib."""

from __future__ import annotations

from typing import Any

# Okabe & Ito (2008), "Color Universal Design": distinguishable with any colour vision.
BLACK = "#000000"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#8C8C8C"
LIGHT = "#D9D9D9"
INK = "#222222"

SCOPE, DONE, FORECAST = BLUE, GREEN, ORANGE
OPEN, IN_PROGRESS = SKY, ORANGE
CRITICAL, NORMAL, MILESTONE, TODAY = VERMILLION, BLUE, PURPLE, BLACK
BLOCKED = ORANGE
P50, P85 = BLUE, VERMILLION

WIDTH_IN, HEIGHT_IN, DPI = 8.0, 4.5, 100          # 800 x 450 px
LABEL_CHARS = 28

RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 11,
    "axes.edgecolor": GREY,
    "axes.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": LIGHT,
    "grid.linewidth": 0.8,
    "xtick.color": INK,
    "ytick.color": INK,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "legend.frameon": False,
    "lines.linewidth": 2.2,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
}


def short(text: str, limit: int = LABEL_CHARS) -> str:
    """A label cut to `limit` characters with an ellipsis, so long titles never overlap."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
