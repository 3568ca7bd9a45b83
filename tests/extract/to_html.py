#!/usr/bin/env python3
"""Lays out a text fixture of tests/fixtures/reports as an HTML page in the style of an HMICFRS
PDF: a running header on every page, boxed recommendations, bullet glyphs set as text, contents
lines with page numbers, footnote markers, words hyphenated at line ends. Chromium prints it to PDF
(see make-pdfs.sh). Usage: to_html.py REPORT.txt OUT.html GLYPH

A report may have a NAME.layout file beside it, whose lines are "START<TAB>HEIGHT": an empty space
HEIGHT high (a CSS length) is set before the block that starts with START, to move a
recommendation or its bullets onto a page break."""
import html
import re
import sys

src, out, glyph = sys.argv[1], sys.argv[2], sys.argv[3]
blocks = [b for b in open(src, encoding="utf-8").read().split("\n\n") if b.strip()]
title = blocks[0].strip().split("\n")[0]
spacers = []
layout = re.sub(r"\.txt$", ".layout", src)
try:
    for l in open(layout, encoding="utf-8"):
        if "\t" in l:
            start, height = l.rstrip("\n").split("\t")
            spacers.append((start, height))
except FileNotFoundError:
    pass

ITEM_HEADINGS = re.compile(
    r"^(recommendations?|causes? of concern|areas? for improvement)( \d+)?$", re.I)


def is_heading(b):
    t = b.strip()
    return "\n" not in t and len(t) < 110 and not re.search(r"[.:;]$", t) \
        and " should " not in t and not re.search(r" needs? to ", t)


hyphenated = [0]


def soft_hyphens(text):
    # Now and then a long word is hyphenated at a line end, as a typesetter does: the hyphen and
    # the line break are set here, so that the PDF has them whatever the browser's dictionaries.
    def split(m):
        w = m.group(0)
        hyphenated[0] += 1
        if hyphenated[0] % 3 != 0:
            return w
        return w[:6] + "-<br>" + w[6:]
    return re.sub(r"\b[a-z]{12,}\b", split, text)


footnote = [0]


def para_html(t, in_box):
    t = html.escape(t)
    t = soft_hyphens(t)
    # A footnote marker after the first sentence of narrative paragraphs.
    if not in_box and re.search(r"\b(found|told us|data)\b", t) and ". " in t:
        footnote[0] += 1
        t = t.replace(". ", ".<sup>%d</sup> " % footnote[0], 1)
    return t


parts = []
in_contents = False
boxed = False
for b in blocks:
    lines = b.strip().split("\n")
    first = lines[0].strip()
    for start, height in spacers:
        if b.strip().startswith(start):
            parts.append('<div style="height: %s"></div>' % height)
    if first.lower() == "contents":
        in_contents = True
        parts.append("<h2>Contents</h2>")
        if len(lines) == 1:
            continue
        # Contents lines straight under the heading, without a blank line.
        lines = lines[1:]
        first = lines[0].strip()
    if in_contents and all(("\t" in l or re.search(r"\.{3,}", l)) for l in lines):
        for l in lines:
            name, page = re.split(r"\t|\s*\.{3,}\s*", l.strip(), maxsplit=1)
            parts.append('<div class="toc"><span>%s</span><span>%s</span></div>'
                         % (html.escape(name), html.escape(page)))
        continue
    in_contents = False
    # A running header copied with the text ("PEEL 2025 – Westmarch Police      3"): the PDF sets
    # its own on every page.
    if len(lines) == 1 and re.search(r"\S {6,}\d+$", first):
        continue
    # A line broken after a hyphen in the copied text is one word.
    joined = []
    for l in lines:
        if joined and joined[-1].rstrip().endswith("-") and not l.startswith(("- ", "• ")):
            joined[-1] = joined[-1].rstrip()[:-1] + l.strip()
        else:
            joined.append(l)
    lines = [re.sub(r"^• ", "- ", l) for l in joined]
    # A stem ending in a colon with its bullets in the same block: the stem, then the list.
    lead = 0
    while lead < len(lines) and not re.match(r"^(- |[a-z]\) )", lines[lead]):
        lead += 1
    if 0 < lead < len(lines) and all(re.match(r"^(- |[a-z]\) )", l) for l in lines[lead:]):
        text = " ".join(l.strip() for l in lines[:lead])
        parts.append('<p class="%s">%s</p>' % ("box" if boxed else "p", para_html(text, boxed)))
        lines = lines[lead:]
    if all(re.match(r"^(- |[a-z]\) )", l) for l in lines):
        items = []
        for l in lines:
            m = re.match(r"^- (.*)$", l)
            if m:
                items.append('<div class="li"><span class="g">%s</span><span>%s</span></div>'
                             % (glyph, para_html(m.group(1), boxed)))
            else:
                items.append('<div class="li"><span class="g">%s</span><span>%s</span></div>'
                             % (html.escape(l[:2]), para_html(l[3:], boxed)))
        parts.append("<div class=\"%s\">%s</div>" % ("box" if boxed else "list", "".join(items)))
        continue
    text = " ".join(l.strip() for l in lines)
    if not parts and len(lines) > 1 and all(is_heading(l) for l in lines):
        # A cover of several lines in one block: each line its own heading, as on a cover.
        parts.extend("<h2>%s</h2>" % html.escape(l.strip()) for l in lines)
        continue
    if is_heading(text):
        boxed = bool(ITEM_HEADINGS.match(text))
        tag = "h2" if re.match(r"^(\d+\.|Section \d|Annex|Appendix)", text) or len(parts) < 4 else "h3"
        parts.append("<%s>%s</%s>" % (tag, html.escape(text), tag))
        continue
    parts.append('<p class="%s">%s</p>' % ("box" if boxed else "p", para_html(text, boxed)))

page = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>%s</title>
<style>
@page { size: A4; margin: 28mm 22mm 24mm 22mm;
        @top-left { content: "%s"; font-size: 8pt; color: #555; }
        @top-right { content: "HM Inspectorate of Constabulary and Fire & Rescue Services"; font-size: 8pt; color: #555; }
        @bottom-center { content: counter(page); font-size: 9pt; } }
body { font-family: "DejaVu Serif", serif; font-size: 10.5pt; line-height: 1.45; text-align: justify; }
h2 { font-family: "DejaVu Serif", serif; font-size: 14pt; margin: 14pt 0 6pt; }
h3 { font-family: "DejaVu Serif", serif; font-size: 11.5pt; margin: 10pt 0 4pt; }
p { margin: 0 0 7pt; }
.box { border: 1pt solid #1d4f91; background: #eef3fa; padding: 5pt 8pt; margin: 0 0 7pt; }
.li { display: flex; margin: 0 0 3pt 10pt; }
.g { width: 16pt; flex: none; }
.list { margin: 0 0 7pt; }
.toc { display: flex; justify-content: space-between; border-bottom: 0.5pt dotted #999; }
sup { font-size: 6.5pt; }
</style></head><body>
%s
</body></html>
""" % (html.escape(title), title.replace('"', "'")[:70], "\n".join(parts))
open(out, "w", encoding="utf-8").write(page)
