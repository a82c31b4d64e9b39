/*
 * tei.h: what the files of the TEI plugin share (private to plugins/tei).
 *
 * plugin.c holds the descriptor and the probe, write.c the writer, read.c
 * the reader, util.c the small helpers both directions use (a byte buffer,
 * a set of xml:ids, UTF-8 and XML character checks).  The names of the
 * TEI encodings the writer produces and the reader recognises are fixed
 * here, once, so the two directions cannot drift apart; formats/tei/README.md
 * documents them.
 *
 * Nothing here may include core internals: corpusconv-plugin.h is the only
 * corpusconv header this plugin sees.  No file of this plugin keeps mutable
 * global state apart from the host table each stores once at init.
 */
#ifndef TEI_H
#define TEI_H

#include <stddef.h>

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
#define TEI_DIV_STATEMENTS  "statements"  /* back/div/@type holding the statement records */
#define TEI_FS_STATEMENT    "statement"   /* fs/@type of one statement record */
#define TEI_NOTE_META       "meta"        /* bibl/note/@type of a metadata key without element */
#define TEI_IDNO_SOURCE     "filename"    /* bibl/idno/@type of the "source" key */
#define TEI_G_CONTROL       "control"     /* g/@type standing for a character XML cannot hold */
#define TEI_NOTE_AFFIL      "affiliation" /* org/note/@type: an organisation's affiliation */
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

/* A set of strings (the xml:ids given out in one output).  Zeroed to start;
 * freed with tei_idset_free. */
struct tei_idset {
	char **slot;
	size_t n, cap;
};

TEI_HIDDEN int tei_idset_has(const struct tei_idset *s, const char *id);
/* Adds a copy of id: 0, 1 when it was there already, -1 out of memory. */
TEI_HIDDEN int tei_idset_add(struct tei_idset *s, const char *id);
TEI_HIDDEN void tei_idset_free(struct tei_idset *s);

/* 1 when s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
TEI_HIDDEN int tei_utf8_valid(const char *s, size_t len);
/* Length of the UTF-8 sequence at s (1..4; 1 for a stray byte) and its
 * code point in *cp.  s must hold at least that many bytes (valid text). */
TEI_HIDDEN size_t tei_utf8_decode(const char *s, size_t len, unsigned long *cp);
/* 1 when code point cp may appear in an XML 1.0 document. */
TEI_HIDDEN int tei_xml_char_ok(unsigned long cp);
/* 1 when s is an XML NCName (ASCII letters, digits, '_', '-', '.' and any
 * non-ASCII letter libxml2 accepts). */
TEI_HIDDEN int tei_is_ncname(const char *s);
/* 1 when s is a W3C date or date-time TEI accepts in @when; when it is, the
 * canonical form (seconds added to "hh:mm") is written to out (64 bytes). */
TEI_HIDDEN int tei_w3c_date(const char *s, char out[64]);
/* 1 when s is a language tag of the form xs:language accepts. */
TEI_HIDDEN int tei_lang_ok(const char *s);

#endif /* TEI_H */
