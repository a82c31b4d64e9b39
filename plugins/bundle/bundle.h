/*
 * bundle.h: what the files of the bundle plugin (a zipped BagIt bag,
 * RFC 8493) share with each other.  Private to plugins/bundle/.
 *
 * It must never include core headers: the plugin reaches the host only
 * through `bundle_host`, the table passed to corpusconv_plugin_init.
 */
#ifndef CC_BUNDLE_H
#define CC_BUNDLE_H

#include <stddef.h>

#include <nettle/md5.h>
#include <nettle/sha1.h>
#include <nettle/sha2.h>

#include "corpusconv-plugin.h"

/* The host table, written once by corpusconv_plugin_init (plugin.c). */
extern const struct cc_host *bundle_host;

/* The format descriptor's callbacks (read.c, write.c). */
int bundle_read(cc_ctx *ctx, cc_in *in);
int bundle_write_begin(cc_ctx *ctx, cc_out *out, void **state);
int bundle_write_doc(cc_ctx *ctx, void *state, const cc_doc *doc);
int bundle_write_end(cc_ctx *ctx, void *state, int abort);

/* ---- hash.c: manifest digests, through nettle ---------------------- */

/* The algorithms of RFC 8493 and the conformance suite's sha224. */

enum bundle_algo {
	BUNDLE_MD5 = 0,
	BUNDLE_SHA1,
	BUNDLE_SHA224,
	BUNDLE_SHA256,
	BUNDLE_SHA384,
	BUNDLE_SHA512,
	BUNDLE_ALGO_COUNT
};

#define BUNDLE_DIGEST_MAX 64                       /* sha512 */
#define BUNDLE_HEX_MAX (2 * BUNDLE_DIGEST_MAX + 1) /* hex digits and NUL */

struct bundle_hash {
	int algo; /* enum bundle_algo */
	union {
		struct md5_ctx md5;
		struct sha1_ctx sha1;
		struct sha256_ctx sha256; /* sha224 too */
		struct sha512_ctx sha512; /* sha384 too */
	} u;
};

/* "sha256" -> BUNDLE_SHA256 (case-insensitive); -1 when unknown. */
int bundle_algo_parse(const char *name, size_t len);
/* The algorithm's name as BagIt spells it in file names ("sha256"). */
const char *bundle_algo_name(int algo);
/* Length of the algorithm's digest in hex digits. */
size_t bundle_algo_hexlen(int algo);

void bundle_hash_init(struct bundle_hash *h, int algo);
void bundle_hash_update(struct bundle_hash *h, const void *data, size_t len);
/* Writes the lower-case hex digest and a NUL into hex. */
void bundle_hash_hex(struct bundle_hash *h, char hex[BUNDLE_HEX_MAX]);
/* One-shot form of the three above. */
void bundle_digest(int algo, const void *data, size_t len,
                   char hex[BUNDLE_HEX_MAX]);

/* ---- bagit.c: growable text, string maps, paths, tag files --------- */

/* A growable byte buffer; p is NUL-terminated when non-NULL.  Memory
 * from host->malloc; the owner frees with bundle_buf_free. */
struct bundle_buf {
	char *p;
	size_t len, cap;
};

int bundle_buf_add(struct bundle_buf *b, const void *data, size_t len);
int bundle_buf_puts(struct bundle_buf *b, const char *s);
int bundle_buf_printf(struct bundle_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
void bundle_buf_free(struct bundle_buf *b);

/* A map from strings (copied) to size_t values, open addressing. */
struct bundle_map {
	struct bundle_map_slot {
		char *key;
		size_t value;
	} *slot;
	size_t used, cap;
};

/* 1 when key was added, 0 when it was there already (value untouched),
 * -1 when out of memory. */
int bundle_map_put(struct bundle_map *m, const char *key, size_t value);
/* The value of key, or NULL. */
size_t *bundle_map_get(const struct bundle_map *m, const char *key);
void bundle_map_free(struct bundle_map *m);

/* Why path (a zip entry name or a manifest path) is unsafe to use as a
 * relative path: absolute, a drive letter, a ".." component, empty.
 * NULL when it is safe. */
const char *bundle_path_unsafe(const char *path);

/* Manifest path encoding (RFC 8493 2.1.3): %, CR and LF as %25, %0D,
 * %0A.  Appends to b. */
int bundle_path_encode(struct bundle_buf *b, const char *path);
/* Decodes those three escapes (any case); other %XX are left as they
 * are.  The caller frees the result with host->free; NULL on OOM. */
char *bundle_path_decode(const char *s, size_t len);

/* One line of a manifest. */
struct bundle_manifest_line {
	char *path;                 /* decoded, relative to the bag */
	char hex[BUNDLE_HEX_MAX];   /* lower case */
	int seen;                   /* the file was found and checked */
};

/* A manifest or tag manifest, parsed. */
struct bundle_manifest {
	char *file;                 /* "manifest-sha256.txt" */
	int algo;                   /* enum bundle_algo */
	int tag;                    /* 1 for a tagmanifest */
	struct bundle_manifest_line *line;
	size_t n, cap;
	struct bundle_map index;    /* path -> index in line */
};

/* Parses text (len bytes) as the manifest `file` of algorithm algo.
 * Reports and returns CC_FAILED on a malformed line, an unsafe or
 * out-of-scope path, or a path listed twice. */
int bundle_manifest_parse(cc_ctx *ctx, struct bundle_manifest *m,
                          const char *text, size_t len);
void bundle_manifest_free(struct bundle_manifest *m);

/* Checks bagit.txt: "BagIt-Version: 1.0" (or 0.97) and
 * "Tag-File-Character-Encoding: UTF-8".  Reports and returns CC_FAILED. */
int bundle_bagit_txt_check(cc_ctx *ctx, const char *name, const char *text,
                           size_t len);

/* Finds the first value of `label` in a tag file of "Label: Value" lines
 * (continuation lines folded).  Returns a host->malloc'd copy, or NULL. */
char *bundle_tag_value(const char *text, size_t len, const char *label);

#endif /* CC_BUNDLE_H */
