"""The Markdown report: the postmortem document, with its chart as a PNG file beside it."""

from __future__ import annotations

from .charts import timeline_png
from .compose import AnyReport, compose
from .document import BlockWriter, Bullets, Figure, Heading, Paragraph, Table
from .output import Format, Output


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") or " "


class _Markdown(BlockWriter):
    def __init__(self, stem: str) -> None:
        self.stem = stem
        self.files: dict[str, bytes] = {}

    def heading(self, block: Heading) -> str:
        return f"{'#' * block.level} {block.text}"

    def paragraph(self, block: Paragraph) -> str:
        return block.text

    def table(self, block: Table) -> str:
        lines = [block.header, tuple("---" for _ in block.header), *block.rows]
        return "\n".join("| " + " | ".join(_cell(c) for c in line) + " |" for line in lines)

    def bullets(self, block: Bullets) -> str:
        return "\n".join(f"- {item}" for item in block.items)

    def figure(self, block: Figure) -> str:
        name = f"{self.stem}-{block.name}"
        self.files[name] = timeline_png(block.chart)
        return f"![{block.caption}]({name})"


def render(report: AnyReport, stem: str) -> Output:
    """The report (a postmortem or a game-day's) as Markdown; a chart is a file named after ``stem``."""
    writer = _Markdown(stem)
    return Output("\n\n".join(writer.write(compose(report)[1])) + "\n", writer.files)


FORMAT = Format(".md", render)
