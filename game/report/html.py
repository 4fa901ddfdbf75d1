"""The HTML report: one self-contained file, its chart embedded as a base64 PNG and its style inline."""

from __future__ import annotations

import base64
import re
from html import escape

from .charts import timeline_png
from .compose import AnyReport, compose
from .document import BlockWriter, Bullets, Figure, Heading, Paragraph, Table
from .output import Format, Output

STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; color: #1d2130; background: #f6f7f9; margin: 0; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 32px 48px; background: #fff; }
h1 { font-size: 28px; margin: 8px 0 4px; }
h2 { border-bottom: 2px solid #d8dbe2; padding-bottom: 4px; margin-top: 32px; }
table { border-collapse: collapse; margin: 8px 0; font-size: 14px; }
th, td { border: 1px solid #d8dbe2; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #eef0f4; } tr:nth-child(even) td { background: #fafbfc; }
figure { margin: 12px 0; } figure img { max-width: 100%; border-radius: 6px; }
figcaption { color: #5a6070; font-size: 13px; } code { background: #eef0f4; padding: 0 3px; border-radius: 3px; }
"""
_CODE = re.compile(r"`([^`]+)`")


def _text(text: str) -> str:
    """Escaped text, with `code` spans kept as code."""
    return _CODE.sub(r"<code>\1</code>", escape(text))


class _Html(BlockWriter):
    def heading(self, block: Heading) -> str:
        return f"<h{block.level}>{_text(block.text)}</h{block.level}>"

    def paragraph(self, block: Paragraph) -> str:
        return f"<p>{_text(block.text)}</p>".replace("\n", "<br>\n")

    def table(self, block: Table) -> str:
        head = "".join(f"<th>{_text(h)}</th>" for h in block.header)
        rows = "\n".join("<tr>" + "".join(f"<td>{_text(c)}</td>" for c in row) + "</tr>" for row in block.rows)
        return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>"

    def bullets(self, block: Bullets) -> str:
        return "<ul>\n" + "\n".join(f"<li>{_text(item)}</li>" for item in block.items) + "\n</ul>"

    def figure(self, block: Figure) -> str:
        data = base64.b64encode(timeline_png(block.chart)).decode("ascii")
        caption = _text(block.caption)
        image = f'<img src="data:image/png;base64,{data}" alt="{caption}">'
        return f"<figure>{image}<figcaption>{caption}</figcaption></figure>"


def render(report: AnyReport, stem: str) -> Output:
    """The report (a postmortem or a game-day's) as one HTML page (``stem`` is unused: nothing is written beside it)."""
    heading, blocks = compose(report)
    title = escape(heading)
    body = "\n".join(_Html().write(blocks))
    page = (
        f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
        f"<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )
    return Output(page)


FORMAT = Format(".html", render)
