"""Server-rendered SVG bar charts: an image with a text alternative, and the same figures as
a table right below (WCAG: the chart is never the only carrier of the information)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()
BAR, GAP, LABEL_W, CHART_W = 18, 6, 230, 420


@register.simple_tag
def bar_chart(rows: list[tuple[str, Any]], title: str, unit: str = "") -> SafeString:
    values = [float(v or 0) for _, v in rows]
    top = max(values, default=0) or 1
    height = max(1, len(rows)) * (BAR + GAP) + GAP
    bars = format_html_join(
        "",
        "<g><title>{}: {} {}</title>"
        '<text x="{}" y="{}" text-anchor="end" font-size="12">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="#1f5f8b"></rect>'
        '<text x="{}" y="{}" font-size="12">{}</text></g>',
        (
            (
                label,
                _fmt(value),
                unit,
                LABEL_W - 6,
                GAP + i * (BAR + GAP) + 13,
                _short(label),
                LABEL_W,
                GAP + i * (BAR + GAP),
                round(CHART_W * value / top, 1),
                BAR,
                LABEL_W + round(CHART_W * value / top, 1) + 4,
                GAP + i * (BAR + GAP) + 13,
                _fmt(value),
            )
            for i, ((label, _), value) in enumerate(zip(rows, values, strict=True))
        ),
    )
    return format_html(
        '<svg class="chart" role="img" aria-label="{}" viewBox="0 0 {} {}" width="100%" '
        'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">{}</svg>',
        f"{title} (Diagramm; die Werte stehen in der Tabelle darunter)",
        LABEL_W + CHART_W + 80,
        height,
        bars,
    )


def _fmt(value: float) -> str:
    return (
        f"{value:,.0f}".replace(",", ".")
        if value == int(value)
        else f"{value:.1f}".replace(".", ",")
    )


def _short(label: str) -> str:
    return label if len(label) <= 34 else label[:32] + "…"
