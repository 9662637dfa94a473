"""The HTML page around a converted notebook: stylesheet, table of contents, print rules."""

from __future__ import annotations

import html
import re
import unicodedata

from survey.report.tables import STYLESHEET as TABLES_CSS

CSS = """
:root { --ink: #1d1d1b; --accent: #0072B2; --soft: #eef4f9; --line: #c9d3dc; }
html { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: var(--ink);
       line-height: 1.5; font-size: 16px; }
body { margin: 0; }
header.titre { background: var(--accent); color: #fff; padding: 2rem 1.5rem; }
header.titre p { margin: 0.3rem 0 0; }
.page { display: flex; gap: 2rem; max-width: 76rem; margin: 0 auto; padding: 1.5rem; }
nav.sommaire { flex: 0 0 16rem; position: sticky; top: 1rem; align-self: flex-start;
               max-height: 95vh; overflow: auto; font-size: 0.9rem; }
nav.sommaire ol { padding-left: 1.1rem; }
main { flex: 1 1 auto; min-width: 0; }
h1 { font-size: 1.9rem; } h2 { color: var(--accent); border-bottom: 2px solid var(--accent);
     padding-bottom: 0.2rem; margin-top: 2.5rem; } h3 { margin-top: 1.8rem; }
figure.graphique img, figure img { max-width: 100%; height: auto; }
figure { margin: 1.2rem 0; break-inside: avoid; }
figcaption { font-size: 0.85rem; color: #444; }
.a-retenir { background: var(--soft); border-left: 6px solid var(--accent); padding: 0.6rem 1rem;
             margin: 1.2rem 0; break-inside: avoid; }
.a-retenir h4 { margin: 0.2rem 0 0.4rem; color: var(--accent); }
.paroles blockquote { font-style: italic; border-left: 3px solid var(--line); margin: 0.6rem 0;
                      padding: 0.1rem 0.9rem; }
.paroles h4 { margin-bottom: 0.3rem; }
ul.chiffres-cles { list-style: none; display: grid; grid-template-columns: repeat(3, 1fr);
                   gap: 0.8rem; padding: 0; }
ul.chiffres-cles li { background: var(--soft); padding: 0.8rem; border-radius: 6px; }
ul.chiffres-cles .chiffre { display: block; font-size: 1.6rem; font-weight: bold;
                            color: var(--accent); }
.nuage-et-table { display: grid; grid-template-columns: 3fr 2fr; gap: 1rem; align-items: start; }
.jp-OutputArea-output pre { display: none; }
@media (max-width: 60rem) { .page { display: block; } nav.sommaire { position: static; } }
@media print {
  @page { size: A4; margin: 15mm 14mm; }
  html { font-size: 10.5pt; }
  nav.sommaire { display: none; } .page { display: block; padding: 0; max-width: none; }
  header.titre { background: none; color: var(--ink); padding: 0 0 1rem; }
  h2 { break-before: page; } h2, h3, h4 { break-after: avoid; }
  table, figure, blockquote, .a-retenir { break-inside: avoid; }
}
"""

SUMMARY_CSS = """
@media print {
  html { font-size: 9.5pt; } h2 { break-before: auto; margin-top: 1rem; }
  figure img { max-height: 62mm; width: auto; }
}
.page { display: block; max-width: 60rem; }
"""


def toc(body: str) -> tuple[str, str]:
    """The table of contents (h2 and h3) and the body with an id on every such heading."""
    items = []
    seen: set[str] = set()

    def anchor(match: re.Match) -> str:
        level, attrs, inner = match.group(1), match.group(2), match.group(3)
        text = html.unescape(re.sub(r"<[^>]+>", "", inner)).strip()
        ident = _slug(text)
        while ident in seen:
            ident += "-1"
        seen.add(ident)
        items.append((int(level), ident, text))
        attrs = re.sub(r'\s*id="[^"]*"', "", attrs)
        return f'<h{level}{attrs} id="{ident}">{inner}</h{level}>'

    body = re.sub(r"<h([23])([^>]*)>(.*?)</h\1>", anchor, body, flags=re.S)
    parts, open_sub = ["<ol>"], False
    for level, ident, text in items:
        if level == 3 and not open_sub:
            parts.append("<ol>")
            open_sub = True
        elif level == 2 and open_sub:
            parts.append("</ol></li>")
            open_sub = False
        elif level == 2 and len(parts) > 1:
            parts.append("</li>")
        closing = "</li>" if level == 3 else ""
        parts.append(f'<li><a href="#{ident}">{html.escape(text)}</a>{closing}')
    parts.append("</ol></li></ol>" if open_sub else "</li></ol>" if items else "</ol>")
    return "".join(parts), body


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFD", text.lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    return slug or "section"


# The comparison page: two clouds side by side, both waves' figures in the key boxes.
COMPARISON_CSS = """
.nuages-compares { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; align-items: start; }
.chiffres-cles li .vagues { display: block; font-size: 0.85rem; color: #444; }
@media (max-width: 60rem) { .nuages-compares { display: block; } }
"""


def page(title: str, body: str, *, summary: bool = False, comparison: bool = False) -> str:
    """One self-contained page: no script, styles inline, images already embedded."""
    contents, body = toc(body)
    nav = (
        ""
        if summary
        else (
            f'<nav class="sommaire" aria-label="Sommaire"><h2 class="titre-sommaire">Sommaire</h2>'
            f"{contents}</nav>"
        )
    )
    css = (
        CSS + TABLES_CSS + (SUMMARY_CSS if summary else "") + (COMPARISON_CSS if comparison else "")
    )
    return (
        '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n"
        f'<div class="page">{nav}<main>{body}</main></div>\n</body>\n</html>\n'
    )
