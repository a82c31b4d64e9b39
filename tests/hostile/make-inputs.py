#!/usr/bin/env python3
"""make-inputs.py DIR: writes the generated inputs of CATALOGUE.tsv into DIR.

Test data only: run by tests/hostile.sh.  Big inputs are made here rather
than kept in the repository; every byte written is decided below.
"""
import os
import struct
import sys
import zipfile

out = sys.argv[1]
MB = 1 << 20


def put(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


# --- raw text ------------------------------------------------------------
# Offsets in the catalogue: the bad byte follows the prefix shown.
put("invalid-utf8.txt", b"Council votes on budget\n\nThe vote was \xff close.\n")  # 38
put("truncated-utf8.txt", b"Ends in a cut-off mark \xe2\x80")   # 23
put("overlong-utf8.txt", b"Overlong \xc0\xaf slash.\n")           # 9
put("surrogate-utf8.txt", b"Lone \xed\xa0\x80 surrogate.\n")     # 5
put("nul.txt", b"Before NUL \x00 after.\n")                       # 11
put("nul-detected.txt", b"Before NUL \x00 after.\n")
put("bom-crlf.txt", b"\xef\xbb\xbfFirst paragraph, after a byte order mark.\r\n\r\n"
    b"Second paragraph, the line ends were CRLF.\r\n\r\nThird, after a lone CR.\r")
put("bom-only.txt", b"\xef\xbb\xbf")
put("empty.txt", b"")
sentence = "The minister said the plan would work as intended. "
put("huge-line.txt", sentence * (50 * MB // len(sentence)) + "\n")
put("huge-line-statements.txt",
    "\u201cWe will not give in,\u201d Kim Lee said. " * (5 * MB // 40) + "\n")
put("million-straight-quotes.txt", '"' * 1000000 + "\n")
put("million-curly-quotes.txt", "\u201c" * 1000000 + "\n")
put("million-mixed-quotes.txt", "\u201c\u2018'\"\u201d\u2019" * 166667 + "\n")
put("unbalanced-quotes.txt", "\u201cNever closed, Kim Lee said.\n\n"
    "A paragraph \u201cwith \u2018nested and \u201cmore opened.\n\n"
    "Closed twice\u201d\u201d and \u2019 stray.\n")
put("many-statements.txt",
    "".join("\u201cWe will win,\u201d Kim Lee said.\n\n" for _ in range(100000)))
put("many-speakers.txt",
    "".join("\u201cWe will win,\u201d Speaker%d said.\n\n" % i for i in range(100000)))
# A trailer after the reporter's own words, repeated: each ", and said"
# moves the attribution one comma on (frame.c's st_parse_trailer loops).
put("trailer-chain.txt", "\u201cWe will go on,\u201d and " + ", and said" * 70000 +
    " the mayor.\n")
put("many-paragraphs.txt", "".join("Paragraph %d.\n\n" % i for i in range(200000)))
put("over-max-input.txt", "A short line, but the limit is shorter still.\n" * 40)

# --- statement tables ------------------------------------------------------
put("unbalanced.csv", 'doc_id,statement_id,quote\nd1,s1,fine\nd1,s2,"never closed\nd1,s3,more\n')
put("stray-quote.csv", 'doc_id,quote\nd1,a "stray" quote\n')
put("wide-100000.csv", ",".join("c%d" % i for i in range(99999)) + ",quote\n"
    + ",".join("x" for _ in range(100000)) + "\n")
put("nul.csv", b"doc_id,quote\nd1,a\x00b\n")
put("no-quote-column.csv", "doc_id,speaker\nd1,Kim Lee\n")
put("invalid-utf8.csv", b"doc_id,quote\nd1,bad \xff byte\n")
put("header-only.csv", "doc_id,statement_id,kind,speaker,quote\n")
put("huge-cell.csv", 'doc_id,quote\nd1,"' + "a ""quoted"" word, " * (20 * MB // 20) + '"\n')
put("many-rows.csv", "doc_id,statement_id,kind,speaker,quote\n" + "".join(
    "d1,s%d,direct,Kim Lee,We will win\n" % i for i in range(100000)))
put("formula.csv", 'doc_id,quote,speaker\nd1,"=HYPERLINK(""http://example.com/"")",Kim\n')
put("formula-speaker.csv", "doc_id,quote,speaker\nd1,fine words,@Kim\n")
put("formula-unsafe.csv", 'doc_id,quote,speaker\nd1,"=HYPERLINK(""http://example.com/"")",Kim\n')
put("formula-from-text.txt", "\u201c=SUM(A1:A9) is the answer,\u201d Kim Lee said.\n")

# --- XML ---------------------------------------------------------------------
TEI = '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader><text><body>%s</body></text></TEI>\n'
laughs = '<!DOCTYPE TEI [\n<!ENTITY lol "lol">\n' + "".join(
    '<!ENTITY lol%d "%s">\n' % (i, ("&lol%d;" % (i - 1) if i > 1 else "&lol;") * 10)
    for i in range(1, 10)) + "]>\n"
put("billion-laughs.xml", '<?xml version="1.0"?>\n' + laughs + TEI % "<p>&lol9;</p>")
put("external-entity.xml", '<?xml version="1.0"?>\n<!DOCTYPE TEI [\n'
    '<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n' + TEI % "<p>&xxe;</p>")
put("parameter-entity.xml", '<?xml version="1.0"?>\n<!DOCTYPE TEI [\n'
    '<!ENTITY % pe SYSTEM "file:///etc/passwd">\n%pe;\n]>\n' + TEI % "<p>x</p>")
# Internal parameter entities are read (never expanded), but not without end.
put("many-parameter-entities.xml", '<?xml version="1.0"?>\n<!DOCTYPE TEI SYSTEM "none.dtd" [\n' + "".join(
    '<!ENTITY %% p%d "INCLUDE">\n%%p%d;\n' % (i, i) for i in range(200000)) + "]>\n"
    + TEI % "<p>x</p>")
put("external-dtd.xml", '<?xml version="1.0"?>\n<!DOCTYPE TEI SYSTEM "file:///etc/passwd">\n'
    + TEI % "<p>The DTD is named but never read.</p>")
put("xinclude.xml", '<?xml version="1.0"?>\n' + TEI.replace(
    "<TEI ", '<TEI xmlns:xi="http://www.w3.org/2001/XInclude" ') %
    '<p>Before.</p><xi:include href="file:///etc/passwd" parse="text"/><p>After.</p>')
deep = "<div>" * 10000 + "<p>deep</p>" + "</div>" * 10000
put("deep-10000.xml", '<?xml version="1.0"?>\n' + TEI % deep)
put("deep-10000-detected.xml", '<?xml version="1.0"?>\n' + TEI % deep)
put("deep-limit.xml", '<?xml version="1.0"?>\n' + TEI % ("<div>" * 30 + "<p>x</p>" + "</div>" * 30))
# libxml2 checks one element's attributes and namespace declarations pair
# by pair: 100,000 of either is refused before it parses (issue 19, case 7).
put("attribute-bomb.xml", '<?xml version="1.0"?>\n' + TEI % (
    "<p " + " ".join('a%d="x"' % i for i in range(100000)) + ">x</p>"))
put("namespace-bomb.xml", '<?xml version="1.0"?>\n' + TEI % (
    "<p " + " ".join('xmlns:a%d="urn:a:%d"' % (i, i) for i in range(100000)) + ">x</p>"))
put("namespace-scope.xml", '<?xml version="1.0"?>\n' + TEI % (
    "".join("<div %s>" % " ".join('xmlns:d%de%d="urn:%d"' % (d, e, e) for e in range(60))
            for d in range(10)) + "<p>x</p>" + "</div>" * 10))
put("malformed.xml", '<?xml version="1.0"?>\n' + TEI.replace("</body>", "</bod>") % "<p>x</p>")
put("truncated.xml", ('<?xml version="1.0"?>\n' + TEI % "<p>cut short</p>")[:200])
put("undecodable-euc-jp.xml", b'<?xml version="1.0" encoding="EUC-JP"?>\n'
    + (TEI % "<p>a\xab\xab\xab\xab\xab\xab\xab\xab b</p>").encode("latin-1"))
put("nul.xml", ('<?xml version="1.0"?>\n' + TEI % "<p>a\0b</p>").encode())

# --- zips ----------------------------------------------------------------------
def make_zip(name, entries):
    with zipfile.ZipFile(os.path.join(out, name), "w", zipfile.ZIP_DEFLATED) as z:
        for entry, data in entries:
            z.writestr(entry, data)

ok = ("ok.txt", "A harmless paragraph that must not reach the output.\n")
make_zip("zip-slip.zip", [ok, ("../../evil.txt", "Escaped.\n")])
make_zip("zip-absolute.zip", [ok, ("/tmp/evil.txt", "Absolute.\n")])
link = zipfile.ZipInfo("link.txt")
link.create_system = 3
link.external_attr = 0o120777 << 16
make_zip("zip-symlink.zip", [ok, (link, "/etc/passwd")])
make_zip("zip-bomb.zip", [("bomb.txt", b"\0" * (64 * MB))])
make_zip("whole.zip", [ok, ("b.txt", "Another harmless paragraph. " * 200)])
whole = open(os.path.join(out, "whole.zip"), "rb").read()
os.unlink(os.path.join(out, "whole.zip"))
put("zip-truncated.zip", whole[: len(whole) // 2])
put("zip-garbage.zip", b"PK\x03\x04" + bytes((i * 7919) % 251 for i in range(4096)))
# An entry name in Latin-1 (zipfile would write UTF-8): written as
# "cafX.txt" and patched, in both headers, to "caf\xe9.txt".
make_zip("latin1-entry.zip", [("cafX.txt", "\u201cWe will win,\u201d Kim Lee said.\n")])
z = open(os.path.join(out, "latin1-entry.zip"), "rb").read()
put("latin1-entry.zip", z.replace(b"cafX.txt", b"caf\xe9.txt"))
