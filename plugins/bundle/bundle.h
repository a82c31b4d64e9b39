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
#include <stdint.h>

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

/* Room for extra more bytes and the NUL, exactly (where adding would
 * double): CC_OK, or CC_FATAL on OOM. */
int bundle_buf_reserve(struct bundle_buf *b, size_t extra);
int bundle_buf_add(struct bundle_buf *b, const void *data, size_t len);
int bundle_buf_puts(struct bundle_buf *b, const char *s);
int bundle_buf_printf(struct bundle_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
void bundle_buf_free(struct bundle_buf *b);

/* A map from strings (copied) to size_t values, open addressing (linear
 * probing, at most three quarters full, `cap` any size: slot = hash % cap,
 * so that bundle_map_compact can size the table to what it holds). */
struct bundle_map {
	struct bundle_map_slot {
		char *key;
		size_t value;
	} *slot;
	size_t used, cap;
	/* The copied keys, packed one after another in blocks the map owns
	 * (a list through each block's first pointer): no allocation, and
	 * no allocator's header, per key. */
	char *block;    /* the newest block, or NULL */
	char *fill;     /* where its free bytes start */
	size_t left;    /* how many are free */
};

/* 1 when key was added, 0 when it was there already (value untouched),
 * -1 when out of memory. */
int bundle_map_put(struct bundle_map *m, const char *key, size_t value);
/* The value of key, or NULL. */
size_t *bundle_map_get(const struct bundle_map *m, const char *key);
/* The map's own copy of key (valid while the map is), or NULL. */
const char *bundle_map_key(const struct bundle_map *m, const char *key);
/* The slot of m holding key (its number in m->slot, which stays the
 * key's until the map grows or is compacted), or -1. */
long bundle_map_find(const struct bundle_map *m, const char *key);
/* Makes room for n keys in all at once (no doubling on the way): CC_OK,
 * or CC_FATAL on OOM (the map is then as it was). */
int bundle_map_reserve(struct bundle_map *m, size_t n);
/* Shrinks the table of a map that is done growing to about 0.75 full (a
 * map that doubled is 0.375 to 0.75 full): CC_OK, or CC_FATAL on OOM
 * (the map is then as it was). */
int bundle_map_compact(struct bundle_map *m);
void bundle_map_free(struct bundle_map *m);

/* An index of strings held elsewhere, by number: open addressing over
 * 32-bit ids (id + 1 in a slot, 0 an empty one; linear probing, at most
 * three quarters full, slot = hash % nslot), the string of id being
 * key(user, id).  4 bytes a slot, where a bundle_map takes 16 and a copy
 * of the key: for the indexes a bag holds one entry a file or a document
 * in.  The index owns its slots (host->malloc). */
struct bundle_index {
	uint32_t *slot;
	size_t nslot, used;
	const char *(*key)(const void *user, uint32_t id);
	const void *user;
};

/* The id whose string is key, or -1. */
long bundle_index_find(const struct bundle_index *ix, const char *key);
/* Adds id, whose string must not be in the index yet: CC_OK, or
 * CC_FATAL on OOM (the index is then as it was).  An id must be below
 * UINT32_MAX. */
int bundle_index_add(struct bundle_index *ix, uint32_t id);
/* Shrinks the slots of an index done growing to about 0.75 full: CC_OK,
 * or CC_FATAL on OOM (the index is then as it was). */
int bundle_index_compact(struct bundle_index *ix);
void bundle_index_free(struct bundle_index *ix);

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

/* A key under which two paths that differ only in letter case or in
 * Unicode normalization (NFC / NFD) are equal: the same file on macOS and
 * Windows.  ICU does the folding.  The caller frees the result with
 * host->free; NULL when path is not UTF-8 or memory ran out. */
char *bundle_path_fold(const char *path);

/* A copy of s (a path from a zip, of any bytes) in which each byte that
 * is no part of a UTF-8 character is U+FFFD: text a document can carry.
 * The caller frees with host->free; NULL on OOM. */
char *bundle_utf8_clean(const char *s);

/* True when base (a file name without folder) is operating-system
 * furniture: .DS_Store, Thumbs.db, desktop.ini, "._X" (AppleDouble). */
int bundle_system_file(const char *base);

/* One line of a manifest.  Kept small, as a bag may list millions of
 * files: the path is a 32-bit number of a string held elsewhere
 * (bundle_manifest_path), the digest is in the manifest's `digest` array
 * (bundle_manifest_hex), whether the file was seen is a bit of `seen`,
 * and the rare twins are in `twin`. */
struct bundle_manifest_line {
	uint32_t path;              /* decoded, relative to the bag: the
	                               lender's number for it (lend), or
	                               BUNDLE_OWN | its index in m->own */
};

#define BUNDLE_OWN 0x80000000u

/* Line `line` names the same file as line `twin`, up to case or
 * normalization. */
struct bundle_twin {
	uint32_t line, twin;
};

/* A manifest or tag manifest, parsed. */
struct bundle_manifest {
	char *file;                 /* "manifest-sha256.txt" */
	int algo;                   /* enum bundle_algo */
	int tag;                    /* 1 for a tagmanifest */
	int version;                /* the bag's BagIt version (see below) */
	int warned_dot, warned_star; /* warned once about "./x", "*x" */
	struct bundle_manifest_line *line;
	unsigned char *digest;      /* line i's digest, in binary, at
	                               i * the algorithm's digest size */
	unsigned char *seen;        /* bit i: line i's file was found and
	                               checked (bundle_manifest_seen) */
	size_t n, cap;              /* lines; room for lines (all three
	                               arrays, host->malloc'd, owned) */
	struct bundle_twin *twin;   /* the lines that have a twin, by line;
	                               owned, NULL when none */
	size_t ntwin;
	size_t hint;                /* lines to make room for at once (the
	                               bag's files), or 0 */
	/* The index, path -> line: open addressing over 32-bit line numbers
	 * (line + 1; 0 is an empty slot), the path compared being the
	 * line's own.  4 bytes a slot, not a pointer and a value, and at
	 * most 0.75 full (hash % nslot).  The manifest owns it (host->malloc). */
	uint32_t *slot;
	size_t nslot;               /* slots, or 0 */
	/* Where the lines' paths come from: lend(lend_user, path) returns
	 * the number (below BUNDLE_OWN) of a copy of path that outlives the
	 * manifest (in the reader's own index of the bag's files), which
	 * lent(lend_user, number) gives back, or -1; a path it does not lend
	 * is copied into `own`.  A bag of a million files then keeps each
	 * path once, and each line 4 bytes for it. */
	long (*lend)(void *lend_user, const char *path);
	const char *(*lent)(void *lend_user, uint32_t number);
	void *lend_user;
	char **own;
	size_t nown, cown;
	/* 1 when line, twin and slot are another manifest's, borrowed
	 * (bundle_manifest_share): not freed with this one. */
	int shared;
};

/* The path of line i of m (valid while m and its lender are). */
const char *bundle_manifest_path(const struct bundle_manifest *m, size_t i);

/* The line of m that lists path, or -1. */
long bundle_manifest_find(const struct bundle_manifest *m, const char *path);

/* Whether line i's file was found and checked; marks it so. */
int bundle_manifest_seen(const struct bundle_manifest *m, size_t i);
void bundle_manifest_see(struct bundle_manifest *m, size_t i);
/* The line naming the same file as line i up to case or normalization
 * (linked when the manifest was parsed), or -1. */
long bundle_manifest_twin(const struct bundle_manifest *m, size_t i);

/* The lower-case hex digest of line i of m into hex. */
void bundle_manifest_hex(const struct bundle_manifest *m, size_t i,
                         char hex[BUNDLE_HEX_MAX]);

/* BagIt versions, as bundle_bagit_txt_check returns them. */
#define BUNDLE_BAGIT_096 96
#define BUNDLE_BAGIT_097 97
#define BUNDLE_BAGIT_100 100

/* Parses text (len bytes, UTF-8) as the manifest `file` of algorithm
 * algo, for a bag of version m->version.  Reports and returns CC_FAILED
 * on a malformed line, an unsafe or out-of-scope path, or a path listed
 * twice (before 1.0, twice with one digest is only warned about).
 * Warns (CC_WARN, once per manifest) about "./path" and md5sum's
 * "HEX *path", and about two paths that name one file up to case or
 * normalization (bundle_path_fold), which it links as twins. */
int bundle_manifest_parse(cc_ctx *ctx, struct bundle_manifest *m,
                          const char *text, size_t len);
/* The same in pieces, for a manifest read a chunk at a time: each
 * complete line of text[0..len) is parsed and the rest kept in *carry
 * (last: the end of the manifest, parse what is left and link twins). */
int bundle_manifest_parse_part(cc_ctx *ctx, struct bundle_manifest *m,
                               struct bundle_buf *carry, long *lineno,
                               const char *text, size_t len, int last);
/* When m, parsed, lists the same paths in the same order as other (a
 * bag's manifest-sha256.txt and manifest-sha512.txt, as a tool writes
 * them), frees m's lines, index and twins and borrows other's, which
 * must outlive m and not change: 4 bytes a line and a slot of the index
 * less.  1 when it did, 0 when they differ (m as it was). */
int bundle_manifest_share(struct bundle_manifest *m, const struct bundle_manifest *other);
void bundle_manifest_free(struct bundle_manifest *m);

/* Checks bagit.txt: "BagIt-Version: 1.0" (or 0.97, or 0.96 with a
 * warning) and "Tag-File-Character-Encoding: ENC".  Sets *version to a
 * BUNDLE_BAGIT_* and copies ENC into enc.  Reports and returns
 * CC_FAILED. */
int bundle_bagit_txt_check(cc_ctx *ctx, const char *name, const char *text,
                           size_t len, int *version, char enc[64]);

/* Converts the tag file `name` held in b from encoding enc (as bagit.txt
 * declares it) to UTF-8 in place, with iconv(3); a UTF-8 byte order mark
 * is dropped.  Refuses (CC_FAILED) an encoding iconv does not know,
 * bytes that are not valid in it, and a NUL byte in the result. */
int bundle_tag_decode(cc_ctx *ctx, const char *name, const char *enc,
                      struct bundle_buf *b);

/* Finds the first value of `label` in a tag file of "Label: Value" lines
 * (continuation lines folded).  Returns a host->malloc'd copy, or NULL. */
char *bundle_tag_value(const char *text, size_t len, const char *label);

/* True when bag-info.txt label[0..n) (any case) describes the bag as it
 * was made (Bagging-Date, Payload-Oxum, Bag-Software-Agent, Bag-Size): a
 * new bag of the same documents gets its own, so it is not carried over. */
int bundle_info_own(const char *label, size_t n);

/* ---- folder.c: a bag on disk -------------------------------------- */

/* One file or folder of a bag on disk. */
struct bundle_file {
	char *name;       /* relative to the bag, "data/x.txt" */
	int dir;          /* 1 for a folder */
	long long size;   /* st_size when listed */
};

/* A bag folder, listed once and sorted by name (strcmp), so that every
 * pass sees the same files in the same order. */
struct bundle_folder {
	int fd;                  /* the bag folder, O_DIRECTORY */
	struct bundle_file *file;
	size_t n, cap;
};

/* Lists the folder `path` (every file and folder under it, without
 * following any symbolic link).  Refuses (CC_FAILED, reported) a
 * symbolic link, anything that is neither a file nor a folder, more than
 * max_files entries, or folders nested deeper than max_depth. */
int bundle_folder_open(cc_ctx *ctx, struct bundle_folder *f,
                       const char *path, size_t max_files, size_t max_depth);
/* Opens the regular file rel beneath the folder, refusing to follow a
 * symbolic link in any component; *fd gets it (the caller closes it).
 * Reports and returns CC_FAILED. */
int bundle_folder_file(cc_ctx *ctx, const struct bundle_folder *f,
                       const char *rel, int *fd);
void bundle_folder_close(struct bundle_folder *f);
/* The probe's answer for folder `name` ("PATH/"): CC_PROBE_MAX when it
 * holds bagit.txt, or a manifest-ALG.txt where a bag has one (so that the
 * reader refuses it as a bag without bagit.txt); else CC_PROBE_NONE. */
int bundle_folder_probe(const char *name);
/* The tag files whose presence makes a folder a bag on disk: what
 * bundle_folder_probe looks for, and the format's probe hints name. */
#define BUNDLE_BAG_TAGS(X) X("bagit.txt") X("manifest-md5.txt") X("manifest-sha1.txt") \
	X("manifest-sha224.txt") X("manifest-sha256.txt") X("manifest-sha384.txt") \
	X("manifest-sha512.txt")

#endif /* CC_BUNDLE_H */
