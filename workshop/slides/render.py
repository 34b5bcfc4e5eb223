"""Cells → reveal.js ``<section>`` HTML.

Grouping follows Jupyter's slideshow convention (as nbconvert and RISE do): a ``slide`` cell starts
a slide, ``subslide`` a slide below it, ``fragment`` a part shown on the next click (following
``-`` cells belong to it), ``notes`` become the speaker notes of the current slide, ``skip`` is
left out.

Markdown is rendered with markdown-it-py (tables, strikethrough, raw HTML), code is highlighted
with Pygments at build time (no highlighter in the browser), maths (``$…$``, ``$$…$$``, ``\\(…\\)``,
``\\[…\\]``) becomes MathML, which browsers draw themselves, so no maths script is ever shipped.
Local images become ``data:`` URIs; an image on the web is left out with a warning, because the deck
must not make a single request when it is opened.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from workshop.util.i18n import _
from workshop.slides.source import Cell, Deck

_SLIDE_ATTRS = re.compile(r"<!--\s*\.slide:\s*(.*?)\s*-->", re.DOTALL)
_ATTR = re.compile(r"""([A-Za-z_:][\w:.-]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
_SRC = re.compile(r"""(\s(?:src|poster|data-background-image|data-background-video|data-src)\s*=\s*)(["'])(.*?)\2""",
                  re.IGNORECASE | re.DOTALL)
_LINK_TAG = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_STYLE = re.compile(r"""<style\b.*?</style>|\sstyle\s*=\s*("[^"]*"|'[^']*')""", re.IGNORECASE | re.DOTALL)
_CSS_URL = re.compile(r"""url\(\s*(["']?)([^)"']+)\1\s*\)""")
_ATTACHMENT = re.compile(r"attachment:([^)\s\"'>]+)")
_WEB = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


@dataclass
class Section:
    """One slide (a reveal ``<section>``): its blocks of content, notes and attributes."""

    blocks: list[tuple[bool, list[Cell]]] = field(default_factory=list)  # (is_fragment, cells)
    notes: list[Cell] = field(default_factory=list)


@dataclass
class RenderedDeck:
    """A deck rendered to the inside of reveal's ``<div class="slides">``."""

    name: str
    title: str
    sections_html: str
    slide_count: int
    notes_count: int
    has_math: bool
    has_code: bool
    warnings: list[str]


def group_cells(cells: list[Cell]) -> list[list[Section]]:
    """Cells → slides: a list of stacks (top-level slides), each a list of sections (vertical)."""
    stacks: list[list[Section]] = []
    for cell in cells:
        kind = cell.slide_type
        if kind == "skip":
            continue
        if not stacks or kind == "slide":
            stacks.append([Section()])
        elif kind == "subslide":
            stacks[-1].append(Section())
        section = stacks[-1][-1]
        if kind == "notes":
            section.notes.append(cell)
        elif kind in ("slide", "subslide") or not section.blocks:
            section.blocks.append((kind == "fragment", [cell]))
        elif kind == "fragment":
            section.blocks.append((True, [cell]))
        else:
            section.blocks[-1][1].append(cell)
    return stacks


# ----------------------------------------------------------------------------- Markdown


def _math_rule(state, silent: bool) -> bool:
    """markdown-it inline rule for ``$…$``, ``$$…$$``, ``\\(…\\)`` and ``\\[…\\]`` (pandoc's rules for ``$``)."""
    src, pos = state.src, state.pos
    for opener, closer, display in (("$$", "$$", True), ("\\[", "\\]", True), ("\\(", "\\)", False), ("$", "$", False)):
        if src.startswith(opener, pos):
            break
    else:
        return False
    start = pos + len(opener)
    if opener == "$" and (start >= state.posMax or src[start].isspace()):
        return False
    end = start
    while True:
        end = src.find(closer, end)
        if end == -1 or end >= state.posMax:
            return False
        if opener == "$" and src[end - 1] == "\\":
            end += 1
            continue
        break
    content = src[start:end]
    if not content.strip():
        return False
    if opener == "$":
        after = end + 1
        if content[-1].isspace() or (after < len(src) and src[after].isdigit()):
            return False
    if not silent:
        token = state.push("math_block" if display else "math_inline", "math", 0)
        token.content = content.strip()
        token.markup = opener
    state.pos = end + len(closer)
    return True


def tex_to_mathml(tex: str, display: bool, env: dict) -> str:
    """MathML for ``tex`` (latex2mathml, imported only when a deck has maths); the TeX itself on failure."""
    env["has_math"] = True
    try:
        from latex2mathml.converter import convert
    except ImportError:  # pragma: no cover - it is a dependency
        env.setdefault("warnings", []).append(
            _("Maths is shown as TeX because latex2mathml is not installed (pip install latex2mathml)."))
        return f'<code class="ws-tex">{html.escape(tex)}</code>'
    try:
        return convert(tex, display="block" if display else "inline").replace(
            ' xmlns="http://www.w3.org/1998/Math/MathML"', "", 1)
    except Exception as error:  # noqa: BLE001 - latex2mathml raises many kinds on bad input
        env.setdefault("warnings", []).append(
            _("This maths could not be converted and is shown as TeX: {tex} ({error})").format(
                tex=tex, error=type(error).__name__))
        return f'<code class="ws-tex">{html.escape(tex)}</code>'


def highlight(code: str, language: str | None, env: dict | None = None) -> str:
    """Code as Pygments-highlighted HTML spans (escaped plain text for an unknown language)."""
    if env is not None:
        env["has_code"] = True
    if language:
        from pygments import highlight as pygments_highlight
        from pygments.formatters.html import HtmlFormatter
        from pygments.lexers import get_lexer_by_name
        from pygments.util import ClassNotFound

        try:
            lexer = get_lexer_by_name(language.strip().lower())
        except ClassNotFound:
            lexer = None
        if lexer is not None:
            return pygments_highlight(code, lexer, HtmlFormatter(nowrap=True))
    return html.escape(code)


@lru_cache(maxsize=2)
def markdown_renderer(allow_html: bool = True):
    """The shared markdown-it renderer (CommonMark, tables, strikethrough, maths, highlighting)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": allow_html, "highlight": None})
    md.enable(["table", "strikethrough"])
    md.inline.ruler.before("escape", "math", _math_rule)
    md.add_render_rule("math_inline", lambda self, tokens, idx, options, env: tex_to_mathml(
        tokens[idx].content, False, env))
    md.add_render_rule("math_block", lambda self, tokens, idx, options, env: tex_to_mathml(
        tokens[idx].content, True, env))

    def fence(self, tokens, idx, options, env):
        token = tokens[idx]
        language = token.info.strip().split()[0] if token.info.strip() else ""
        code = highlight(token.content, language or None, env)
        css = f' class="language-{html.escape(language)}"' if language else ""
        return f"<pre><code{css}>{code}</code></pre>\n"

    md.add_render_rule("fence", fence)
    md.add_render_rule("code_block", lambda self, tokens, idx, options, env: (
        f"<pre><code>{highlight(tokens[idx].content, None, env)}</code></pre>\n"))
    return md


def markdown_html(text: str, env: dict, inline: bool = False, allow_html: bool = True) -> str:
    """Markdown → HTML; ``env`` collects ``has_math``, ``has_code`` and ``warnings``."""
    md = markdown_renderer(allow_html)
    return md.renderInline(text, env) if inline else md.render(text, env)


# ----------------------------------------------------------------------------- cells


def _output_html(output: dict, env: dict) -> str:
    kind = output.get("output_type")
    if kind == "stream":
        text = "".join(output.get("text", "")) if isinstance(output.get("text"), list) else output.get("text", "")
        return f'<pre class="ws-output">{html.escape(text)}</pre>'
    if kind == "error":
        return f'<pre class="ws-output ws-error">{html.escape(output.get("ename", ""))}: ' \
               f'{html.escape(output.get("evalue", ""))}</pre>'
    data = output.get("data") or {}

    def text_of(mime):
        value = data.get(mime, "")
        return "".join(value) if isinstance(value, list) else str(value)

    for mime in ("image/png", "image/jpeg", "image/gif"):
        if mime in data:
            payload = text_of(mime).replace("\n", "")
            return f'<img class="ws-output" alt="" src="data:{mime};base64,{payload}">'
    if "image/svg+xml" in data:
        return f'<div class="ws-output">{text_of("image/svg+xml")}</div>'
    if "text/html" in data:
        return f'<div class="ws-output">{text_of("text/html")}</div>'
    if "text/markdown" in data:
        return f'<div class="ws-output">{markdown_html(text_of("text/markdown"), env)}</div>'
    if "text/plain" in data:
        return f'<pre class="ws-output">{html.escape(text_of("text/plain"))}</pre>'
    return ""


def cell_html(cell: Cell, env: dict) -> str:
    """One cell's HTML (without its slide attributes comment)."""
    if cell.kind == "html":
        return _SLIDE_ATTRS.sub("", cell.source).strip("\n")
    if cell.kind == "code":
        code = highlight(cell.source, cell.language, env)
        outputs = "".join(_output_html(output, env) for output in cell.outputs)
        return f'<pre class="ws-code"><code class="language-{html.escape(cell.language)}">{code}</code></pre>{outputs}'
    source = _SLIDE_ATTRS.sub("", cell.source)
    if cell.attachments:
        source = _ATTACHMENT.sub(lambda match: _attachment_uri(cell.attachments, match), source)
    return markdown_html(source, env)


def _attachment_uri(attachments: dict, match: re.Match) -> str:
    bundle = attachments.get(match.group(1)) or {}
    for mime, payload in bundle.items():
        if mime.startswith("image/"):
            text = "".join(payload) if isinstance(payload, list) else str(payload)
            return f"data:{mime};base64,{text.strip()}"
    return match.group(0)


def _slide_attributes(section: Section) -> dict[str, str]:
    attributes: dict[str, str] = {}
    for _fragment, cells in section.blocks:
        for cell in cells:
            if cell.kind not in ("markdown", "html"):
                continue
            for spec in _SLIDE_ATTRS.findall(cell.source):
                for name, value in _ATTR.findall(spec):
                    name = name.lower()
                    value = value[1:-1] if value[:1] in "\"'" and value else value
                    if name == "class" and "class" in attributes:
                        attributes["class"] += " " + value
                    elif name in ("class", "id") or name.startswith("data-"):
                        attributes[name] = value
    return attributes


# ----------------------------------------------------------------------------- images


def data_uri(path: Path) -> str:
    """A ``data:`` URI holding the file at ``path``."""
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if path.suffix.lower() == ".svg":
        mime = "image/svg+xml"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def resolve_resource(reference: str, folder: Path | None, where: str, warnings: list[str]) -> str | None:
    """A ``data:`` URI for a local file reference; ``data:,`` (nothing) for one on the web or missing.

    ``None`` means: leave the reference as it is (already a ``data:`` URI, or an anchor).
    """
    reference = html.unescape(reference.strip())
    if not reference or reference.startswith(("data:", "#")):
        return None
    if _WEB.match(reference) or (_SCHEME.match(reference) and not reference.startswith("file:")):
        warnings.append(_("{where}: {url} is on the web, so it was left out (the deck must work offline). "
                          "Save it next to the deck and refer to the file instead.").format(where=where, url=reference))
        return "data:,"
    from urllib.parse import unquote, urlsplit

    local = unquote(urlsplit(reference).path if reference.startswith("file:") else reference.split("#")[0].split("?")[0])
    path = Path(local)
    if not path.is_absolute() and folder is not None:
        path = folder / path
    if not path.is_file():
        warnings.append(_("{where}: the file {file} was not found, so it was left out.").format(
            where=where, file=reference))
        return "data:,"
    return data_uri(path)


def inline_resources(fragment: str, folder: Path | None, where: str, warnings: list[str]) -> str:
    """Replace local ``src=…`` references (and ``url(…)`` in styles) with ``data:`` URIs; drop, with a
    warning, any that point to the web, and any ``<link>`` to another file."""

    def replace(match: re.Match) -> str:
        new = resolve_resource(match.group(3), folder, where, warnings)
        return match.group(0) if new is None else f"{match.group(1)}{match.group(2)}{new}{match.group(2)}"

    def replace_css_url(match: re.Match) -> str:
        new = resolve_resource(match.group(2), folder, where, warnings)
        return match.group(0) if new is None else f'url("{new}")'

    def replace_in_style(match: re.Match) -> str:
        return _CSS_URL.sub(replace_css_url, match.group(0))

    def replace_link(match: re.Match) -> str:
        warnings.append(_("{where}: a <link> to another file was left out; put styles in the deck itself.").format(
            where=where))
        return ""

    fragment = _SRC.sub(replace, fragment)
    fragment = _LINK_TAG.sub(replace_link, fragment)
    return _STYLE.sub(replace_in_style, fragment)


# ----------------------------------------------------------------------------- deck


def _section_html(section: Section, deck: Deck, number: int, env: dict) -> tuple[str, bool]:
    where = f"{deck.name}, slide {number}"
    parts = []
    for fragment, cells in section.blocks:
        body = "\n".join(cell_html(cell, env) for cell in cells)
        parts.append(f'<div class="fragment">\n{body}\n</div>' if fragment else body)
    notes_html = "\n".join(cell_html(cell, env) if cell.kind != "markdown" else markdown_html(cell.source, env)
                           for cell in section.notes)
    attributes = _slide_attributes(section)
    for key in ("data-background-image", "data-background-video"):
        if key in attributes:
            new = resolve_resource(attributes[key], deck.folder, where, env.setdefault("warnings", []))
            attributes[key] = attributes[key] if new is None else new
    attrs = "".join(f' {name}="{html.escape(value, quote=True)}"' for name, value in attributes.items())
    content = "\n".join(parts)
    if notes_html.strip():
        content += f'\n<aside class="notes">\n{notes_html}\n</aside>'
    content = inline_resources(content, deck.folder, where, env.setdefault("warnings", []))
    return f"<section{attrs}>\n{content}\n</section>", bool(notes_html.strip())


def render_deck(deck: Deck) -> RenderedDeck:
    """Render every slide of ``deck``; warnings (web images, bad maths) are collected, not raised."""
    env: dict = {"warnings": []}
    stacks = group_cells(deck.cells)
    out = []
    count = notes = 0
    for stack in stacks:
        rendered = []
        for section in stack:
            count += 1
            text, has_notes = _section_html(section, deck, count, env)
            notes += has_notes
            rendered.append(text)
        out.append(rendered[0] if len(rendered) == 1 else "<section>\n" + "\n".join(rendered) + "\n</section>")
    return RenderedDeck(name=deck.name, title=deck.title, sections_html="\n".join(out), slide_count=count,
                        notes_count=notes, has_math=bool(env.get("has_math")), has_code=bool(env.get("has_code")),
                        warnings=list(dict.fromkeys(env["warnings"])))
