#!/usr/bin/env python3
"""html-marks.py: reads a page the html writer made (or Chromium's
--dump-dom of it) and prints one line per marked statement, tab-separated:
kind, speaker, quote text.  The quote text is the text of the mark's
span.st-q without the labels (span.st-tag) of statements nested in it.

    html-marks.py PAGE              the marks
    html-marks.py --csv TABLE       the same three fields of a statement table
    html-marks.py --links PAGE      the in-page links whose target is missing
    html-marks.py --text PAGE ID    the text of the element with id ID
    html-marks.py --pages INDEX     the links of a -d run's index.html whose
                                    page or target in it is missing
    html-marks.py --summary PAGE    the corpus summary: label, count
    html-marks.py --speakers PAGE   the corpus speaker index: speaker, count,
                                    links to statements
    html-marks.py --csv-summary TABLE  the same two of a statement table
    html-marks.py --contrast PAGE   each text colour of the page's style
                                    against each background colour, with
                                    its contrast ratio (WCAG 2), lowest first

Only the standard library: it runs wherever the tests run python3.
"""
import csv
import re
import sys
from html.parser import HTMLParser

VOID = {"meta", "br", "img", "hr", "input", "link", "wbr", "area", "base", "col",
        "embed", "source", "track"}


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []      # open elements: (tag, attrs)
        self.marks = []      # [kind, speaker, text]
        self.open_marks = [] # indexes into marks, innermost last, with depth
        self.ids = {}        # id -> text collected
        self.open_ids = []
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href", "").startswith("#"):
            self.hrefs.append(a["href"][1:])
        if "id" in a:
            self.ids.setdefault(a["id"], "")
        if tag in VOID:
            return
        self.stack.append((tag, a))
        if "id" in a:
            self.open_ids.append((len(self.stack), a["id"]))
        if tag == "mark":
            self.marks.append([a.get("data-kind", ""), a.get("data-speaker", ""), ""])
            self.open_marks.append((len(self.stack), len(self.marks) - 1))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            depth = len(self.stack)
            t, _ = self.stack.pop()
            while self.open_marks and self.open_marks[-1][0] == depth:
                self.open_marks.pop()
            while self.open_ids and self.open_ids[-1][0] == depth:
                self.open_ids.pop()
            if t == tag:
                break

    def in_class(self, cls, below=0):
        return any(cls in a.get("class", "").split() for _, a in self.stack[below:])

    def handle_data(self, data):
        for _, i in self.open_ids:
            self.ids[i] += data
        for depth, i in self.open_marks:
            # Quote text: inside this mark's span.st-q, outside any tag.
            if self.in_class("st-q", depth) and not self.in_class("st-tag", depth):
                self.marks[i][2] += data


def read_page(path):
    p = Page()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    p.close()
    return p


def clean(s):
    return s.replace("\t", " ").replace("\n", " ")


def luminance(hexcolour):
    h = hexcolour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    rgb = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    rgb = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]


def contrast(path):
    with open(path, encoding="utf-8") as f:
        style = "".join(re.findall(r"<style>(.*?)</style>", f.read(), re.S))
    fg = set(re.findall(r"(?<![-\w])color:(#[0-9a-fA-F]{3,6})", style))
    bg = set(re.findall(r"background(?:-color)?:(#[0-9a-fA-F]{3,6})", style))
    pairs = []
    for a in fg:
        for b in bg:
            hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
            pairs.append(((hi + 0.05) / (lo + 0.05), a, b))
    for ratio, a, b in sorted(pairs):
        print("%.2f %s on %s" % (ratio, a, b))


def index_links(path):
    """Links of an index to other pages (page.html#id) whose target is missing."""
    import html
    import os
    folder = os.path.dirname(path)
    pages = {}
    for h in re.findall(r'href="([^"#]+)#([^"]*)"', open(path, encoding="utf-8").read()):
        name, target = html.unescape(h[0]), html.unescape(h[1])
        name = __import__("urllib.parse").parse.unquote(name)
        f = os.path.join(folder, name)
        if f not in pages:
            pages[f] = read_page(f).ids if os.path.isfile(f) else None
        if pages[f] is None or target not in pages[f]:
            print(name + "#" + target)


def summary_rows(path):
    import html
    s = open(path, encoding="utf-8").read()
    table = re.search(r'<table class="summary">.*?</table>', s).group(0)
    for label, n in re.findall(r'<tr><th scope="row">(.*?)</th><td class="n">(\d+)</td></tr>', table):
        print(html.unescape(label) + "\t" + n)


def speaker_rows(path):
    import html
    s = open(path, encoding="utf-8").read()
    section = s[s.index('<section id="speakers"'):]
    for name, n, where in re.findall(
            r'<tr><th scope="row">(.*?)</th><td class="n">(\d+)</td><td>(.*?)</td></tr>', section):
        print("\t".join((html.unescape(name), n, str(where.count("<a href=")))))


def csv_summary(path):
    """The summary and speaker index a statement table makes: label, count."""
    docs, kinds, speakers = {}, {}, {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            docs.setdefault(row["doc_id"], 0)
            if row.get("quote", "") == "" and row.get("statement_id", "") == "":
                continue
            docs[row["doc_id"]] += 1
            kinds[row["kind"]] = kinds.get(row["kind"], 0) + 1
            sp = row.get("speaker", "") or "(unnamed)"
            speakers[sp] = speakers.get(sp, 0) + 1
    print("Documents\t%d" % len(docs))
    print("Statements\t%d" % sum(docs.values()))
    for label, k in (("Direct quotations", "direct"), ("Partial quotations", "partial"),
                     ("Indirect (reported) speech", "indirect")):
        print("%s\t%d" % (label, kinds.get(k, 0)))
    print("Speakers\t%d" % len(speakers))
    print("Documents with no statement\t%d" % sum(1 for n in docs.values() if n == 0))
    for sp, n in speakers.items():
        print("speaker\t%s\t%d\t%d" % (sp, n, n))


def main(argv):
    if len(argv) == 3 and argv[1] == "--pages":
        index_links(argv[2])
        return 0
    if len(argv) == 3 and argv[1] == "--summary":
        summary_rows(argv[2])
        return 0
    if len(argv) == 3 and argv[1] == "--speakers":
        speaker_rows(argv[2])
        return 0
    if len(argv) == 3 and argv[1] == "--csv-summary":
        csv_summary(argv[2])
        return 0
    if len(argv) == 3 and argv[1] == "--csv":
        with open(argv[2], encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if row.get("quote", "") == "" and row.get("statement_id", "") == "":
                    continue  # a document without statements
                row["speaker"] = row.get("speaker", "") or "(unnamed)"
                print("\t".join(clean(row.get(k, "")) for k in ("kind", "speaker", "quote")))
        return 0
    if len(argv) == 3 and argv[1] == "--links":
        p = read_page(argv[2])
        for h in p.hrefs:
            if h not in p.ids:
                print(h)
        return 0
    if len(argv) == 3 and argv[1] == "--contrast":
        contrast(argv[2])
        return 0
    if len(argv) == 4 and argv[1] == "--text":
        p = read_page(argv[2])
        print(p.ids.get(argv[3], ""))
        return 0
    if len(argv) == 2:
        for kind, speaker, text in read_page(argv[1]).marks:
            print("\t".join(clean(x) for x in (kind, speaker or "(unnamed)", text)))
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
