#!/bin/sh
# tei-statements.sh: the real statement extractor, end to end, gives TEI
# whose body marks every statement at its exact place.  For each demo sample
# and each article of ../shared/corpus, `-t csv` and `-t tei` of the same
# text are compared: every CSV row with a block is a <said> or <q> in the
# body with that statement's xml:id, kind, quote, block index and byte
# range, and the body holds no other <said> or <q>.  (tests/roundtrip.sh
# checks that TEI -> CSV equals text -> CSV.)  Skips without python3.
. "$TOP_SRCDIR/tests/lib.sh"
need_plugins text tei csv statements
[ -n "${PYTHON3:-}" ] && "$PYTHON3" -c 'import csv' 2>/dev/null || skip "python3 not found"

cat >"$T/check.py" <<'EOF'
# check.py CSV TEI: every CSV row with a block is marked in the TEI body.
import csv, sys
import xml.etree.ElementTree as ET

T = "{http://www.tei-c.org/ns/1.0}"
XID = "{http://www.w3.org/XML/1998/namespace}id"
BLOCKS = {"head", "p", "dateline", "byline", "figDesc"}

rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
root = ET.parse(sys.argv[2]).getroot()
doc = root.get(XID)
body = root.find("%stext/%sbody" % (T, T))

def text_len(e):
    """UTF-8 bytes of e's text; <g type="control"> stands for one character."""
    n = len((e.text or "").encode())
    for c in e:
        if c.tag == T + "g":
            n += len(chr(int(c.get("n")[2:], 16)).encode())
        else:
            n += text_len(c)
        n += len((c.tail or "").encode())
    return n

marked = {}  # xml:id -> (tag, direct, block, start, end, quote, said allowed)
def walk_block(e, bi, pos, said_ok):
    """Records the said/q inside block bi; returns the offset after e's text."""
    pos += len((e.text or "").encode())
    for c in e:
        if c.tag in (T + "said", T + "q"):
            start = pos
            end = walk_block(c, bi, pos, said_ok)
            marked[c.get(XID)] = (c.tag[len(T):], c.get("direct"), bi, start, end,
                                  "".join(c.itertext()), said_ok)
            pos = end
        elif c.tag == T + "g":
            pos += len(chr(int(c.get("n")[2:], 16)).encode())
        else:
            pos = walk_block(c, bi, pos, said_ok)
        pos += len((c.tail or "").encode())
    return pos

nblock = 0
def walk(e):
    global nblock
    for c in e:
        name = c.tag[len(T):]
        if name in BLOCKS or (name == "note" and c.get("type") == "boilerplate"):
            walk_block(c, nblock, 0, name not in ("dateline", "byline"))
            nblock += 1
        else:
            walk(c)
walk(body)

bad = []
anchored = [r for r in rows if r["block"] != ""]
for r in anchored:
    m = marked.get("%s.%s" % (doc, r["statement_id"]))
    if m is None:
        bad.append("%s: not marked in the body" % r["statement_id"])
        continue
    tag, direct, bi, start, end, quote, said_ok = m
    want = "q" if r["kind"] == "partial" or not said_ok else "said"
    if tag != want or (tag == "said" and direct != ("false" if r["kind"] == "indirect" else "true")):
        bad.append("%s: <%s direct=%s> for a %s statement" % (r["statement_id"], tag, direct, r["kind"]))
    if (bi, start, end) != (int(r["block"]), int(r["start"]), int(r["end"])):
        bad.append("%s: at block %d [%d, %d), the table says %s [%s, %s)" %
                   (r["statement_id"], bi, start, end, r["block"], r["start"], r["end"]))
    if quote != r["quote"]:
        bad.append("%s: quote %r, the table says %r" % (r["statement_id"], quote, r["quote"]))
if len(marked) != len(anchored):
    bad.append("%d <said>/<q> in the body, %d table rows with a block" % (len(marked), len(anchored)))
for b in bad:
    print("%s: %s" % (sys.argv[2], b))
print("%d statements checked" % len(anchored))
sys.exit(1 if bad else 0)
EOF

inputs="$SAMPLES/*.txt"
[ -d "$CORPUS/raw" ] && inputs="$inputs $CORPUS/raw/*.txt"
total=0
step "every statement with a block is a <said>/<q> at its place in the body"
for f in $inputs; do
	b=$(basename "$f" .txt)
	expect_ok -t csv -o "$T/$b.csv" "$f"
	expect_ok -t tei -o "$T/$b.xml" "$f"
	"$PYTHON3" "$T/check.py" "$T/$b.csv" "$T/$b.xml" >"$T/check" 2>&1 ||
		{ cat "$T/check" >&2; fail "$b: statements not marked at their place"; }
	n=$(sed -n 's/^\([0-9]*\) statements checked$/\1/p' "$T/check")
	total=$((total + n))
done
echo "$total statements checked"
[ "$total" -gt 0 ] || fail "no statement with a block in any input"
[ -d "$CORPUS/raw" ] || skip "../shared/corpus not found at $CORPUS (samples passed)"
