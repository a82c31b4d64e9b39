#!/usr/bin/env python3
# odd2rng.py: derives formats/tei/corpusconv.rng from formats/tei/corpusconv.odd
# and TEI P5's tei_all.rng, with no network and no TEI stylesheets.
#
#   python3 formats/tei/odd2rng.py ODD TEI_ALL_RNG > corpusconv.rng
#
# What it does (and why the result is a strict subset of tei_all):
#  - keeps the elements the ODD's moduleRef/@include lists, every other
#    element reference becomes <notAllowed/>, so content models are TEI's
#    own with the elements corpusconv never writes taken out;
#  - inlines each kept element's attribute classes and keeps only the
#    attributes its elementSpec/attList lists (the one rule TEI's own ODD
#    processors do not apply: here an attList is exhaustive); removing an
#    attribute TEI requires is an error, so nothing TEI demands is dropped;
#  - a closed valList replaces the attribute's datatype by its values.
# Only patterns are removed or narrowed, never widened, so every document
# valid under the result is valid under tei_all.rng.
#
# It must never invent a pattern of its own, never read anything but its
# two inputs, and never write anything but the schema to stdout.
import sys
import xml.etree.ElementTree as ET

RNG = "http://relaxng.org/ns/structure/1.0"
TEI = "http://www.tei-c.org/ns/1.0"
R = "{%s}" % RNG
T = "{%s}" % TEI


def die(msg):
    sys.stderr.write("odd2rng.py: %s\n" % msg)
    sys.exit(1)


def read_odd(path):
    """The start elements, the kept elements and each one's attributes
    ({name: None or [closed values]})."""
    odd = ET.parse(path).getroot()
    spec = odd.find(".//%sschemaSpec" % T)
    if spec is None:
        die("%s: no schemaSpec" % path)
    start = spec.get("start", "TEI").split()
    keep = set()
    for m in spec.iter(T + "moduleRef"):
        keep.update(m.get("include", "").split())
    atts = {}
    for es in spec.iter(T + "elementSpec"):
        name = es.get("ident")
        if name not in keep:
            die("elementSpec %s names an element no moduleRef includes" % name)
        a = atts.setdefault(name, {})
        for ad in es.iter(T + "attDef"):
            vl = ad.find(T + "valList")
            vals = None
            if vl is not None and vl.get("type") == "closed":
                vals = [vi.get("ident") for vi in vl.iter(T + "valItem")]
            a[ad.get("ident")] = vals
    return start, keep, atts


class Pruner:
    def __init__(self, rng_path, keep, atts):
        self.grammar = ET.parse(rng_path).getroot()
        self.defs = {d.get("name"): d for d in self.grammar.iter(R + "define")}
        self.keep, self.atts = keep, atts
        self.elname = {}
        for name, d in self.defs.items():
            e = d.find(R + "element")
            if e is not None:
                self.elname[name] = e.get("name")
        found = set(self.elname.values())
        for e in keep:
            if e not in found:
                die("element %s is not in %s" % (e, rng_path))
        self.out = {}      # define name -> converted define
        self.queue = []
        self.seen_atts = {}  # element -> attributes met

    def need(self, name):
        if name not in self.out and name not in self.queue:
            self.queue.append(name)

    def conv(self, node, el, optional):
        """Converted copies of node (a list), for element `el` or None."""
        tag = node.tag
        if not tag.startswith(R):
            return []  # documentation, schematron: not patterns
        if tag == R + "ref":
            name = node.get("name")
            if name not in self.defs:
                die("undefined reference %s" % name)
            if name in self.elname:
                if self.elname[name] not in self.keep:
                    return [ET.Element(R + "notAllowed")]
                self.need(name)
                return [ET.Element(R + "ref", {"name": name})]
            if name.startswith("att.") and el is not None:
                out = []
                for c in self.defs[name]:
                    out.extend(self.conv(c, el, optional))
                return out
            self.need(name)
            return [ET.Element(R + "ref", {"name": name})]
        if tag == R + "attribute":
            return self.attribute(node, el, optional)
        opt = optional or tag in (R + "optional", R + "zeroOrMore", R + "choice")
        copy = ET.Element(tag, {k: v for k, v in node.attrib.items() if "}" not in k})
        copy.text = node.text if tag in (R + "value", R + "param") else None
        for c in node:
            copy.extend(self.conv(c, el, opt))
        if tag in (R + "choice", R + "group", R + "interleave", R + "optional",
                   R + "zeroOrMore", R + "oneOrMore", R + "list", R + "mixed") \
                and len(copy) == 0:
            copy.append(ET.Element(R + "empty"))
        return [copy]

    def attribute(self, node, el, optional):
        name = node.get("name")
        allowed = self.atts.get(el, {})
        if name is not None:
            self.seen_atts.setdefault(el, set()).add(name)
        if name is None or name not in allowed:
            if not optional:
                die("<%s> requires @%s: list it in the ODD" % (el, name))
            return [ET.Element(R + "empty")]
        copy = ET.Element(R + "attribute",
                          {k: v for k, v in node.attrib.items() if "}" not in k})
        vals = allowed[name]
        if vals is not None:
            ch = ET.SubElement(copy, R + "choice")
            for v in vals:
                ET.SubElement(ch, R + "value").text = v
        else:
            for c in node:
                copy.extend(self.conv(c, el, False))
        return [copy]

    def simplify(self, node):
        """Drops the <empty/> left where attributes were removed:
        empty members of a group, and optional/zeroOrMore/oneOrMore/group
        holding nothing else.  Returns None when node is itself empty."""
        kids = []
        for c in list(node):
            node.remove(c)
            c = self.simplify(c)
            if c is None and node.tag == R + "choice":
                c = ET.Element(R + "empty")  # the branch still means "nothing"
            if c is not None:
                kids.append(c)
        if node.tag in (R + "group", R + "interleave", R + "optional",
                        R + "zeroOrMore", R + "oneOrMore", R + "element",
                        R + "define", R + "mixed"):
            kids = [c for c in kids if c.tag != R + "empty"]
            if not kids:
                if node.tag in (R + "element", R + "define", R + "mixed"):
                    kids = [ET.Element(R + "empty")]
                else:
                    return None
        if node.tag == R + "empty":
            return node
        node.extend(kids)
        if node.tag == R + "group" and len(kids) == 1:
            return kids[0]
        return node

    def run(self, start):
        for s in start:
            if s not in self.keep:
                die("start element %s is not kept" % s)
        for s in start:
            self.need(s)
        while self.queue:
            name = self.queue.pop(0)
            d = self.defs[name]
            el = self.elname.get(name)
            nd = ET.Element(R + "define", {"name": name})
            for c in d:
                nd.extend(self.conv(c, el, False))
            self.out[name] = self.simplify(nd)
        for el, a in self.atts.items():
            for name in a:
                if name not in self.seen_atts.get(el, set()):
                    die("TEI gives <%s> no @%s" % (el, name))


def main():
    if len(sys.argv) != 3:
        die("usage: odd2rng.py ODD TEI_ALL_RNG")
    start, keep, atts = read_odd(sys.argv[1])
    p = Pruner(sys.argv[2], keep, atts)
    p.run(start)
    ET.register_namespace("", RNG)
    g = ET.Element(R + "grammar", {
        "ns": TEI,
        "datatypeLibrary": "http://www.w3.org/2001/XMLSchema-datatypes"})
    st = ET.SubElement(g, R + "start")
    ch = ET.SubElement(st, R + "choice")
    for s in start:
        ET.SubElement(ch, R + "ref", {"name": s})
    for name in sorted(p.out):
        g.append(p.out[name])
    ET.indent(g, space=" ")
    sys.stdout.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                     "<!-- corpusconv.rng: generated by formats/tei/odd2rng.py from "
                     "corpusconv.odd and TEI P5 tei_all.rng.  Do not edit: edit the "
                     "ODD and run\n     python3 formats/tei/odd2rng.py "
                     "formats/tei/corpusconv.odd tei_all.rng > formats/tei/corpusconv.rng -->\n")
    sys.stdout.write(ET.tostring(g, encoding="unicode"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
