#!/usr/bin/env python3
"""mkbag.py: writes a small BagIt bag for the bundle reader's tests, a
zip (stored, uncompressed) or, with --folder, a bag folder OUT.

  mkbag.py OUT [--folder] [--bom] [--extra N] [--bad-line]

The bag holds bagit.txt, data/a.txt and manifest-sha256.txt, in that
order.  --bom starts the manifest with a UTF-8 byte order mark.  --extra
adds N lines for files not in the bag, and --bad-line a line that is not
a manifest line at the manifest's end.
"""
import argparse
import hashlib
import os
import zipfile

p = argparse.ArgumentParser()
p.add_argument("out")
p.add_argument("--bom", action="store_true")
p.add_argument("--folder", action="store_true")
p.add_argument("--extra", type=int, default=0)
p.add_argument("--bad-line", action="store_true")
a = p.parse_args()

bagit = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
doc = b'The chair said "we will meet again in May," and closed the session.\n'
files = [("bagit.txt", bagit), ("data/a.txt", doc)]
manifest_name = "manifest-sha256.txt"


def manifest(payload):
    text = "".join("%s  %s\n" % (hashlib.sha256(d).hexdigest(), n)
                   for n, d in payload if n.startswith("data/"))
    for i in range(a.extra):
        text += "%s  data/elsewhere/%06d.txt\n" % (hashlib.sha256(b"%d" % i).hexdigest(), i)
    if a.bad_line:
        text += "this is not a manifest line\n"
    return (b"\xef\xbb\xbf" if a.bom else b"") + text.encode()


files.append((manifest_name, manifest(files)))

if a.folder:
    for n, d in files:
        path = os.path.join(a.out, n)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(d)
    raise SystemExit(0)
with zipfile.ZipFile(a.out, "w", zipfile.ZIP_STORED) as z:
    for n, d in files:
        z.writestr(zipfile.ZipInfo(n, date_time=(2020, 1, 1, 0, 0, 0)), d)
