#!/usr/bin/env python3
"""Checks the landing page and the documentation's links, offline.

* site/*.html: every href and src resolves to a file of the repository (the page opens
  from the file system, with no server and no network: no http(s) link is allowed), every
  #fragment names an id of its page, every <img> has an alt text and width/height equal
  to the PNG's own size (no layout shift, no stretched screenshot).
* README.md, docs/**/*.md, sync-spec/**/*.md, packaging/**/*.md: every relative link
  resolves to a file inside the repository (a clone has nothing beside it).

Usage: scripts/check-site.py   (exit 1 with one line per fault)
"""

from __future__ import annotations

import re
import struct
import sys
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Page(HTMLParser):
    """The links, images and ids of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, int]] = []
        self.images: list[tuple[dict[str, str | None], int]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        for name in ("href", "src"):
            if values.get(name):
                self.links.append((values[name] or "", line))
        if tag == "img":
            self.images.append((values, line))


def png_size(path: Path) -> tuple[int, int] | None:
    """Width and height from a PNG's IHDR chunk, or None if it is not a PNG."""
    with path.open("rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def inside_repository(path: Path) -> bool:
    try:
        path.resolve().relative_to(ROOT)
        return True
    except ValueError:
        return False


def check_target(source: Path, target: str, line: int, faults: list[str], ids_of) -> None:
    where = f"{source.relative_to(ROOT)}:{line}"
    path_part, _, fragment = target.partition("#")
    file = (source.parent / path_part).resolve() if path_part else source
    if not inside_repository(file):
        faults.append(f"{where}: {target} points outside the repository")
        return
    if not file.exists():
        faults.append(f"{where}: {target} does not exist")
        return
    if fragment and file.suffix == ".html" and fragment not in ids_of(file):
        faults.append(f"{where}: {target}: no element with id « {fragment} »")


def check_site(faults: list[str]) -> int:
    pages: dict[Path, Page] = {}

    def parsed(file: Path) -> Page:
        if file not in pages:
            page = Page()
            page.feed(file.read_text(encoding="utf-8"))
            pages[file] = page
        return pages[file]

    html_files = sorted((ROOT / "site").glob("*.html"))
    if not html_files:
        faults.append("site/: no HTML page")
    for file in html_files:
        page = parsed(file)
        for target, line in page.links:
            if re.match(r"^[a-z]+:", target):
                faults.append(f"{file.relative_to(ROOT)}:{line}: {target}: the page must open offline (no scheme links)")
                continue
            check_target(file, target, line, faults, lambda f: parsed(f).ids)
        for attrs, line in page.images:
            where = f"{file.relative_to(ROOT)}:{line}"
            if not (attrs.get("alt") or "").strip():
                faults.append(f"{where}: an image without alt text")
            image = (file.parent / (attrs.get("src") or "")).resolve()
            if image.suffix == ".png" and image.exists():
                size = png_size(image)
                declared = (attrs.get("width"), attrs.get("height"))
                if size and declared != (str(size[0]), str(size[1])):
                    faults.append(f"{where}: {attrs.get('src')} is {size[0]}×{size[1]}, declared {declared[0]}×{declared[1]}")
    return len(html_files)


MARKDOWN_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def check_markdown(faults: list[str]) -> int:
    files = [ROOT / "README.md"]
    for folder in ("docs", "sync-spec", "packaging"):
        files += sorted((ROOT / folder).rglob("*.md"))
    for file in files:
        in_code = False
        for number, text in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            if text.lstrip().startswith("```"):
                in_code = not in_code
                continue
            if in_code:
                continue
            for target in MARKDOWN_LINK.findall(text):
                if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                    continue
                check_target(file, target, number, faults, lambda f: set())
    return len(files)


def main() -> int:
    faults: list[str] = []
    pages = check_site(faults)
    documents = check_markdown(faults)
    for fault in faults:
        print(fault)
    if faults:
        return 1
    print(f"site: {pages} page(s), docs: {documents} Markdown file(s): every link resolves inside the repository")
    return 0


if __name__ == "__main__":
    sys.exit(main())
