# vary.awk: copies of one article whose proper names differ from copy to
# copy, so that a generated corpus names as many people as a real one of its
# size (the statement extractor keeps a table of names per document; copies
# that repeat the same names would flatter it).
#
# Pass 1 collects the capitalised words of four letters or more that stand
# inside a sentence (names, mostly; weekdays and months excepted); pass 2
# writes copy K of the article to PREFIX + K + "-" + NAME for K in
# [FIRST, LAST), with a suffix coding K added to every occurrence of those
# words.  Copy 0 is the article as it is.  Never writes outside PREFIX.
#
#   awk -v FIRST=0 -v LAST=40 -v PREFIX=dir/c -v NAME=a.txt -f vary.awk A A
function tag(k,   s)
{
	s = ""
	while (k > 0) {
		s = s substr("bcdfghjklmnpqrstvwxz", k % 20 + 1, 1)
		k = int(k / 20)
	}
	return s
}
BEGIN {
	skip = " Monday Tuesday Wednesday Thursday Friday Saturday Sunday January" \
	       " February March April June July August September October November" \
	       " December "
}
NR == FNR {
	n = split($0, w, " ")
	for (i = 2; i <= n; i++)
		if (w[i - 1] !~ /[.!?:"”“]$/ && match(w[i], /^[A-Z][a-z][a-z][a-z]+/) &&
		    index(skip, " " substr(w[i], 1, RLENGTH) " ") == 0)
			name[substr(w[i], 1, RLENGTH)] = 1
	next
}
{ line[++nl] = $0 }
END {
	for (k = FIRST; k < LAST; k++) {
		t = tag(k)
		out = sprintf("%s%05d-%s", PREFIX, k, NAME)
		for (j = 1; j <= nl; j++) {
			s = line[j]
			o = ""
			while (t != "" && match(s, /[A-Za-z]+/)) {
				word = substr(s, RSTART, RLENGTH)
				o = o substr(s, 1, RSTART - 1) word ((word in name) ? t : "")
				s = substr(s, RSTART + RLENGTH)
			}
			print o s > out
		}
		close(out)
	}
}
