/*
 * tei.h: what the files of the TEI plugin share (private to plugins/tei).
 *
 * plugin.c holds the descriptor and the probe, write.c the writer and
 * xmlout.c its streaming serialiser, read.c the reader, util.c the small
 * helpers both directions use (a byte buffer, a set of xml:ids, UTF-8 and
 * XML character checks).  The names of the TEI encodings the writer
 * produces and the reader recognises are fixed here, once, so the two
 * directions cannot drift apart; formats/tei/README.md documents them.
 *
 * Nothing here may include core internals: corpusconv-plugin.h is the only
 * corpusconv header this plugin sees.  No file of this plugin keeps mutable
 * global state apart from the host table each stores once at init.
 */
#ifndef TEI_H
#define TEI_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "corpusconv-plugin.h"

#if defined(__GNUC__)
#define TEI_HIDDEN __attribute__((visibility("hidden")))
#else
#define TEI_HIDDEN
#endif

#define TEI_NS "http://www.tei-c.org/ns/1.0"

/* The encodings corpusconv writes and reads back (see formats/tei/README.md). */
#define TEI_APP_IDENT       "corpusconv"  /* application/@ident: marks our own output */
#define TEI_HEAD_TITLE      "main"        /* head/@type for a title block */
#define TEI_HEAD_SUBTITLE   "sub"         /* head/@type for a subtitle block, title/@type */
#define TEI_DIV_ARTICLE     "article"     /* the first div of the body */
#define TEI_DIV_SECTION     "section"     /* a div opened by a heading block */
#define TEI_NOTE_BOILER     "boilerplate" /* note/@type for a boilerplate block */
#define TEI_DIV_STATEMENTS  "statements"  /* standOff/@type holding the statement records,
                                            back/div/@type the quotes of statements not
                                            marked in their block (and, in TEI written
                                            before, the records) */
#define TEI_FS_STATEMENT    "statement"   /* fs/@type of one statement record */
#define TEI_NOTE_META       "meta"        /* bibl/note/@type of a metadata key without element */
#define TEI_IDNO_SOURCE     "filename"    /* bibl/idno/@type of the "source" key */
#define TEI_G_CONTROL       "control"     /* g/@type standing for a character XML cannot hold */
#define TEI_NOTE_AFFIL      "affiliation" /* org/note/@type: an organisation's affiliation */
#define TEI_NOTE_WHY        "why"         /* note/@type after a statement record: its explanation */
/* Extra fields of a statement that TEI has markup for: confidence is the
 * statement's @cert, why its note[@type="why"]. */
#define TEI_EXTRA_CONFIDENCE "confidence"
#define TEI_EXTRA_WHY       "why"
#define TEI_APP_LOCAL       "corpusconv"  /* local part of application/@xml:id ("DOC.corpusconv") */
#define TEI_EMPTY_CORPUS    "empty-corpus" /* TEI/@type of an output that holds no document */
/* Metadata key of one revisionDesc/change entry, kept so TEI -> TEI writes
 * it back; the value is "WHEN<TAB>WHO<TAB>TEXT": WHEN a W3C date or empty,
 * WHO "corpusconv" (a change corpusconv made) or empty. */
#define TEI_META_CHANGE     "tei-change"
#define TEI_CHANGE_BY_US    "corpusconv"

/* ---- entry points (read.c, write.c) ---------------------------------- */

TEI_HIDDEN void tei_read_init(const struct cc_host *host);
TEI_HIDDEN void tei_write_init(const struct cc_host *host);
TEI_HIDDEN int tei_read(cc_ctx *ctx, cc_in *in);
TEI_HIDDEN int tei_write_begin(cc_ctx *ctx, cc_out *out, void **state);
TEI_HIDDEN int tei_write_doc(cc_ctx *ctx, void *state, const cc_doc *doc);
TEI_HIDDEN int tei_write_end(cc_ctx *ctx, void *state, int abort);
TEI_HIDDEN int tei_probe(const unsigned char *buf, size_t len, const char *name);

/* ---- limits.c: caps on the markup libxml2 handles in quadratic time --- */

#define TEI_MAX_ATTRS     256  /* attributes of one element, declarations included */
#define TEI_MAX_NS_DECLS  64   /* namespace declarations on one element */
#define TEI_MAX_NS_SCOPE  256  /* namespace declarations in scope at once */
#define TEI_MAX_ATT_DEFAULTS 32 /* attribute defaults the DOCTYPE declares */
#define TEI_STR_(x) #x
#define TEI_STR(x) TEI_STR_(x)

/* Why and where an input was refused before parsing. */
struct tei_refusal {
	long line, col;
	char why[128];
};

/* Scans data[0..len) in linear time; returns 0, or 1 when it passes a cap
 * above (r says where and why).  Malformed XML is left to libxml2. */
TEI_HIDDEN int tei_scan_limits(const unsigned char *data, size_t len, size_t max_depth,
                               struct tei_refusal *r);

/* ---- util.c: no host, libc memory only ------------------------------- */

/* A growable byte buffer, always NUL-terminated once anything was added.
 * Owned by whoever declared it; freed with tei_buf_free. */
struct tei_buf {
	char *p;
	size_t len, cap;
};

/* Appends n bytes; 0, or -1 when memory ran out (the buffer is unchanged). */
TEI_HIDDEN int tei_buf_add(struct tei_buf *b, const char *s, size_t n);
TEI_HIDDEN int tei_buf_addc(struct tei_buf *b, char c);
TEI_HIDDEN void tei_buf_free(struct tei_buf *b);
/* The contents as a C string ("" when empty); borrowed from b. */
TEI_HIDDEN const char *tei_buf_str(const struct tei_buf *b);

/* A set of strings (the xml:ids given out in one output), which keeps its
 * own copies.  Zeroed to start; freed with tei_idset_free. */
struct tei_idset {
	struct tei_idslot {
		const char *id;         /* in blocks, or NULL: free slot */
		size_t hash;
	} *slot;
	size_t n, cap;
	struct tei_idblock {
		struct tei_idblock *next;
		size_t len, cap;
		char data[];
	} *blocks;                      /* the copies */
};

/* FNV-1a of the C string s: the id set's hash, and the writer's. */
TEI_HIDDEN size_t tei_str_hash(const char *s);
TEI_HIDDEN int tei_idset_has(const struct tei_idset *s, const char *id);
/* Adds a copy of id: 0, 1 when it was there already, -1 out of memory.
 * *stored (when not NULL) is then the set's copy, borrowed until
 * tei_idset_free. */
TEI_HIDDEN int tei_idset_add(struct tei_idset *s, const char *id, const char **stored);
/* A copy of id[0..n) and a NUL kept with the set's copies (borrowed until
 * tei_idset_free) but not added to the set: for an id the caller knows
 * no other id can equal.  NULL when memory ran out. */
TEI_HIDDEN const char *tei_idset_keep(struct tei_idset *s, const char *id, size_t n);
/* Makes room for n more ids at once: 0, or -1 out of memory.  A set grown
 * one id at a time rehashes every id it holds, each a cache miss on a
 * large set, at each doubling. */
TEI_HIDDEN int tei_idset_reserve(struct tei_idset *s, size_t n);
TEI_HIDDEN void tei_idset_free(struct tei_idset *s);

/* 1 when s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
TEI_HIDDEN int tei_utf8_valid(const char *s, size_t len);
/* Length of the UTF-8 sequence at s (1..4; 1 for a stray byte) and its
 * code point in *cp.  s must hold at least that many bytes (valid text). */
TEI_HIDDEN size_t tei_utf8_decode(const char *s, size_t len, unsigned long *cp);
/* Length of the longest prefix of s[0..len), valid UTF-8, made of
 * characters an XML 1.0 document may hold (see tei_xml_char_ok). */
TEI_HIDDEN size_t tei_xml_span(const char *s, size_t len);
/* What tei_text_check finds in s[0..len). */
#define TEI_TEXT_OK   0 /* valid UTF-8 of characters XML 1.0 may hold */
#define TEI_TEXT_CTRL 1 /* valid UTF-8, with a character XML cannot hold */
#define TEI_TEXT_BAD  2 /* not valid UTF-8 */
/* tei_utf8_valid and tei_xml_span at once: TEI_TEXT_BAD when
 * !tei_utf8_valid, else TEI_TEXT_CTRL when tei_xml_span stops short. */
TEI_HIDDEN int tei_text_check(const char *s, size_t len);
/* 1 when code point cp may appear in an XML 1.0 document. */
TEI_HIDDEN int tei_xml_char_ok(unsigned long cp);
/* 1 when s is an XML NCName (ASCII letters, digits, '_', '-', '.' and any
 * non-ASCII letter libxml2 accepts), in valid UTF-8. */
TEI_HIDDEN int tei_is_ncname(const char *s);
/* 1 when s is a W3C date or date-time TEI accepts in @when; when it is, the
 * canonical form (seconds added to "hh:mm") is written to out (64 bytes). */
TEI_HIDDEN int tei_w3c_date(const char *s, char out[64]);
/* 1 when s is a language tag of the form xs:language accepts. */
TEI_HIDDEN int tei_lang_ok(const char *s);
/* 1 when s is a statement's confidence as @cert takes it and the CSV
 * table's confidence column allows it: a decimal number from 0 to 1
 * ("0.93", "1", ".5"). */
TEI_HIDDEN int tei_confidence_ok(const char *s);

/* ---- xmlout.c: the writer's streaming serialiser ----------------------- */

/* A document's XML in memory, before it goes to the output, in chunks.
 * With `record`, the serialiser notes where each indentation starts, so
 * that tei_xmlbuf_write can write it one level deeper (as the first
 * document of a teiCorpus).  Zeroed to start; freed with tei_xmlbuf_free. */
struct tei_xmlchunk {
	struct tei_xmlchunk *next;
	size_t len, cap;
	char data[];
};

struct tei_xmlbuf {
	struct tei_xmlchunk *head, *tail; /* tail: the chunk being filled */
	size_t len;             /* bytes written into it (held or passed on) */
	int record;
	/* When set (after tei_xmlbuf_reset), the XML streams: a full chunk is
	 * passed to sink(sink_user, bytes, len) and filled again, instead of
	 * being held.  A sink that fails fails the serialiser (as
	 * TEI_XO_OOM: the sink's owner knows better). */
	int (*sink)(void *user, const char *p, size_t len);
	void *sink_user;
	uint32_t *gap;          /* distances between the places noted */
	size_t ngap, capgap;
	size_t last;            /* offset of the last place noted */
};

/* Empties m (keeping its chunks) and ends streaming. */
TEI_HIDDEN void tei_xmlbuf_reset(struct tei_xmlbuf *m, int record);
/* Streaming: passes what m still holds to its sink.  0, or -1 when the
 * sink failed. */
TEI_HIDDEN int tei_xmlbuf_drain(struct tei_xmlbuf *m);
TEI_HIDDEN void tei_xmlbuf_free(struct tei_xmlbuf *m);
/* Passes the XML to put(user, bytes, len) in pieces, with two more spaces
 * of indentation when `deeper` (m must have been recorded).  Returns 0, or
 * the first non-zero put returned. */
TEI_HIDDEN int tei_xmlbuf_write(const struct tei_xmlbuf *m, int deeper,
                                int (*put)(void *user, const char *p, size_t len),
                                void *user);

struct _xmlOutputBuffer;
struct _xmlBuffer;

/* Slots for the constant attribute values the serialiser remembers (half
 * of them are used at most; a power of two). */
#define TEI_XO_CONSTS 128

/* Why the serialiser stopped. */
#define TEI_XO_OOM    1 /* memory ran out */
#define TEI_XO_MISUSE 2 /* a call the layout rules do not allow (a bug) */

/*
 * The serialiser: writes what libxml2's xmlNodeDumpOutput(format = 1)
 * writes for the tree the calls describe, into a tei_xmlbuf.  Every call is
 * a no-op once `failed` is set.  Element and attribute names are borrowed
 * and must outlive the element (the writer passes constants).
 */
struct tei_xo {
	struct tei_xmlbuf *out;   /* borrowed: where the XML goes */
	size_t level;             /* libxml2's level of the root element */
	struct tei_xo_open {
		const char *name;
		size_t namelen;
		int has_children;
	} *open;                  /* the open elements, root first */
	size_t depth, cap;
	size_t mixed_at;          /* depth of the element holding text, 0 if none */
	struct _xmlOutputBuffer *esc; /* libxml2 escapes text into it */
	struct _xmlBuffer *attr;  /* libxml2 escapes attribute values into it */
	struct tei_buf run;       /* a text run, NUL-terminated for libxml2 */
	struct tei_buf *capture;  /* borrowed: where escaped text goes instead
	                             of the output (tei_xo_text_escape), or NULL */
	struct tei_xo_const {
		const char *value;    /* borrowed: a constant */
		char *esc;            /* libxml2's escape of it (malloc) */
		size_t len;
	} consts[TEI_XO_CONSTS];  /* constant attribute values escaped so far */
	size_t nconst;            /* slots used */
	int failed;               /* 0, TEI_XO_OOM or TEI_XO_MISUSE */
};

/* 0, or -1 when memory ran out (x is then zeroed). */
TEI_HIDDEN int tei_xo_init(struct tei_xo *x);
TEI_HIDDEN void tei_xo_free(struct tei_xo *x);
/* Starts a tree whose root is written at libxml2's `level`. */
TEI_HIDDEN void tei_xo_begin(struct tei_xo *x, struct tei_xmlbuf *out, int level);
/* Ends the tree: 0, or why it failed. */
TEI_HIDDEN int tei_xo_finish(struct tei_xo *x);
TEI_HIDDEN void tei_xo_start_n(struct tei_xo *x, const char *name, size_t namelen);
/* A macro so that the length of a literal name is known at compile time
 * (the writer starts an element per few bytes of output). */
#define tei_xo_start(x, name) tei_xo_start_n((x), (name), strlen(name))
/* An attribute of the element just started; value is UTF-8 of XML chars.
 * (The macros, here and below, pass the name's length, known at compile
 * time for a literal name.) */
TEI_HIDDEN void tei_xo_attr_n(struct tei_xo *x, const char *name, size_t namelen,
                              const char *value);
#define tei_xo_attr(x, name, value) tei_xo_attr_n((x), (name), strlen(name), (value))
/* The same for a value that is a constant of the program, at one address
 * for as long as x lives: escaped once, then remembered by its address. */
TEI_HIDDEN void tei_xo_attr_const_n(struct tei_xo *x, const char *name, size_t namelen,
                                    const char *value);
#define tei_xo_attr_const(x, name, value) \
	tei_xo_attr_const_n((x), (name), strlen(name), (value))
/* libxml2's escape of value as tei_xo_attr escapes it, *len bytes,
 * borrowed from x until its next call; NULL once x failed.  For a value
 * the writer writes many times: escaped once, kept, and written with
 * tei_xo_attr_escaped. */
TEI_HIDDEN const char *tei_xo_attr_escape(struct tei_xo *x, const char *value, size_t *len);
/* An attribute whose value is `esc`, a copy of what tei_xo_attr_escape
 * gave: written as it is. */
TEI_HIDDEN void tei_xo_attr_escaped_n(struct tei_xo *x, const char *name, size_t namelen,
                                      const char *esc, size_t len);
#define tei_xo_attr_escaped(x, name, esc, len) \
	tei_xo_attr_escaped_n((x), (name), strlen(name), (esc), (len))
/* Text of the open element: UTF-8 of XML chars (nothing when len is 0).
 * With `nul`, s[len] is a NUL that ends s, which saves a copy. */
TEI_HIDDEN void tei_xo_text(struct tei_xo *x, const char *s, size_t len, int nul);
/* libxml2's escape of the C string s as tei_xo_text writes it, appended
 * to `into` instead of being written: 0, or -1 when x failed.  For a text
 * the writer writes many times: escaped once, kept, and written with
 * tei_xo_text_escaped. */
TEI_HIDDEN int tei_xo_text_escape(struct tei_xo *x, const char *s, struct tei_buf *into);
/* Text of the open element whose escape, `esc`, is a copy of what
 * tei_xo_text_escape gave: written as it is. */
TEI_HIDDEN void tei_xo_text_escaped(struct tei_xo *x, const char *esc, size_t len);
/* Marks the open element as holding text (libxml2's empty text node). */
TEI_HIDDEN void tei_xo_mixed(struct tei_xo *x);
TEI_HIDDEN void tei_xo_end(struct tei_xo *x);
/* The name of the open element ("" at the top). */
TEI_HIDDEN const char *tei_xo_name(const struct tei_xo *x);

#endif /* TEI_H */
