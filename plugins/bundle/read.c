/*
 * read.c: reads a zipped BagIt bag (at the zip's root or in one top
 * folder), a plain zip of documents, or a bag folder on disk (a folder
 * input the core handed over, host->in_dir).
 *
 * Three passes over the zip or folder, so nothing is emitted from a bag
 * that is not sound: (1) scan every entry's name and type and load the
 * tag files, reading the zip both through its central directory and
 * forwards to learn whether the later walks may stream (zip_each), then
 * index the entry names in a walk of their own, once the central
 * directory is freed (index_name); (2) read every file, enforcing
 * max-input per file and max-bundle in all on the bytes actually
 * produced, and check each against every manifest that lists it,
 * indexing corpusconv.txt a line at a time as it is read (tag_streamed);
 * (3) read the documents from the
 * best representation (data/tei, else data/text, else
 * data/statements.csv) with the nested formats and give each its
 * original back (corpusconv.txt, see formats/bundle/README.md): one walk
 * when the zip holds the documents in the order they are read, else each
 * opened at the offset where pass 2 met it (read_documents).
 *
 * It must never write anything to the file system, follow an entry name
 * as a path (or a symbolic link in a bag folder), trust a declared size,
 * fetch anything fetch.txt names, or emit a document from a bag that
 * failed a check.
 */
#include "config.h" /* HAVE_MALLOC_TRIM */
#include <errno.h>
#include <limits.h>
#include <locale.h>
#ifdef HAVE_MALLOC_H
#include <malloc.h>
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "bundle.h"

#define host bundle_host

#define DEFAULT_LIMIT ((size_t)256 << 20)         /* max-input */
#define FOLDER_MAX_FILES ((size_t)1 << 20)
#define FOLDER_MAX_DEPTH 64

/* Which files of a bag hold its documents. */
enum representation {
	REP_TEI,   /* data/tei/STEM.xml */
	REP_TEXT,  /* data/text/STEM.txt */
	REP_CSV,   /* data/statements.csv */
	REP_FILES  /* every file, by extension: plain zips, foreign bags */
};

/* A tag file, read whole (or, for corpusconv.txt and its mtimes, a
 * line at a time: tag_stream). */
struct blob {
	char *name;              /* zip entry name, or bag path */
	struct bundle_buf data;
	unsigned loaded : 1;
	unsigned later : 1;      /* a tag file read in pass 2 (tag_later) */
};

/* An original corpusconv.txt names: 16 bytes a document.  The one
 * loaded is r->held, its bytes r->held_data. */
struct original {
	const char *name;        /* bag path: a key of r->names past the
	                            prefix (lent), or one of r->orig_own */
	long long mtime;         /* from corpusconv-mtimes.txt, or NO_MTIME */
};

#define NO_MTIME LLONG_MIN
#define NO_ORIGINAL UINT32_MAX   /* a stem's original when it has none */
#define HELD_NONE SIZE_MAX       /* r->held when no original is loaded */

/* A reader of the zip walking forward, entry by entry. */
struct zip_cursor {
	struct archive *a;
	struct zip_file *zf;
	/* libarchive hands out entry names in the locale's charset; under
	 * the C locale a UTF-8 name would be lost.  uselocale() changes
	 * this thread only, for the length of one libarchive call. */
	locale_t utf8;
};

struct reader {
	cc_ctx *ctx;
	int fd;                   /* borrowed: the input file (in_fd), or -1 */
	const unsigned char *zip; /* borrowed: the input's bytes when no fd */
	size_t ziplen;
	const char *dir;          /* borrowed: the bag folder, or NULL */
	struct bundle_folder folder; /* its listing, when dir is set */
	size_t limit;             /* max-input: one file */
	size_t bundle_limit;      /* max-bundle: all files in one pass, or
	                             SIZE_MAX (the default: reading streams,
	                             so the size of a bag costs no memory) */
	size_t total;             /* bytes produced in this pass */
	int worst;                /* worst code of the nested reads */
	int version;              /* BUNDLE_BAGIT_* */
	char encoding[64];        /* Tag-File-Character-Encoding */
	struct bundle_map fetch;  /* fetch.txt paths -> line number */
	struct bundle_map names;  /* entry names seen (pass 1's second walk) */
	struct bundle_map tagnames; /* tag file candidates' names (pass 1's
	                               first walk only) */
	struct blob *tag;         /* tag file candidates (pass 1) */
	size_t ntag, ctag;
	int bag;
	const char *prefix;       /* the bag's folder "X/", or "" */
	size_t plen;
	char *top;                /* "X/" when every entry lies in X */
	size_t macosx;            /* entries under __MACOSX/ this pass skipped */
	struct bundle_manifest *man;
	size_t nman;
	unsigned long long oxum_bytes, oxum_files;
	unsigned long long absent_system; /* listed system files not there */
	enum representation rep;
	/* What corpusconv.txt says, indexed by 32-bit numbers into arrays
	 * (some 50 bytes a document in all): */
	struct original *orig;    /* originals named by corpusconv.txt */
	size_t norig, corig;
	char **orig_own;          /* their paths the bag lacks, so that no key
	                             of names can be lent (owned) */
	size_t nown, cown;
	size_t held;              /* the one original loaded, or HELD_NONE */
	struct bundle_buf held_data; /* its bytes */
	struct zip_cursor side;   /* walks the zip to the originals */
	struct bundle_index orig_by_path; /* bag path -> index in orig */
	struct bundle_index orig_by_stem; /* stem -> its number (stem_orig) */
	struct bundle_buf stems;  /* corpusconv.txt's stems in its order,
	                             each NUL-terminated, one after another */
	uint32_t *stem_at;        /* where stem i starts in stems */
	uint32_t *stem_orig;      /* stem i's original, or NO_ORIGINAL */
	size_t nstem, cstem;
	int orig_ready;           /* corpusconv.txt is indexed (as pass 2 read
	                             it, or after) */
	int mtimes_ready;         /* corpusconv-mtimes.txt too */
	const char **want;        /* files in document order (names' keys) */
	size_t nwant, next;       /* how many; the next one to read */
	size_t walk_until;        /* a walk of read_in_order stops once next
	                             reaches it (SIZE_MAX: at the zip's end) */
	struct bundle_buf info;   /* bag-info fields to carry: "KEY\0VALUE\0"
	                             pairs, KEY "bag-info:LABEL" */
	/* What reading the zip cost, for CORPUSCONV_DEBUG=bundle (the
	 * tests count it): */
	unsigned long long headers; /* entry headers read, by any cursor */
	unsigned long long passes;  /* walks from the zip's first entry */
	unsigned long long jumps;   /* entries opened at their offset */
	/* Whether the zip reads alike forwards, local header after local
	 * header, as through its central directory: pass 1 walks it both
	 * ways at once (shadow) and compares every entry's name, type, size
	 * and bytes.  Then the passes after it walk it forwards only
	 * (libarchive's streamable reader), which holds nothing per entry,
	 * where the seekable one holds its central directory (some 144 bytes
	 * an entry; pass 1 frees it before it indexes the names). */
	int tight;                /* it does: walks stream */
	int shadowing;            /* this walk compares (pass 1) */
	int shadow_bad;           /* pass 1 found it does not */
};

/* The value of an entry name in r->names: the entry's offset in the zip
 * (where its local header starts, or a data descriptor just before it),
 * known once pass 2 has walked it, and whether it is a folder. */
#define NAME_DIR 1
#define NAME_POS(v) ((v) >> 1)

/* One file or folder of the zip or the bag folder, as a pass sees it. */
struct item {
	const char *name;          /* entry name; bag-relative in a folder */
	int dir;                   /* a folder */
	long long size;            /* declared size, or -1 */
	struct archive *a;         /* zip: positioned at this entry */
	struct archive_entry *ae;  /* zip: the entry; NULL in a folder */
	int fd;                    /* folder: the file once opened, or -1 */
	long long pos;             /* zip: where its header starts (or a data
	                              descriptor before it), or -1 */
	struct zip_cursor *shadow; /* pass 1: the forwards walk the bytes
	                              read must match, or NULL (borrowed) */
	int same;                  /* shadow: all its bytes matched */
};

typedef int (*entry_fn)(struct reader *r, struct item *it);

/* ---- the zip -------------------------------------------------------- */

static int oom(struct reader *r)
{
	return host->report(r->ctx, CC_FATAL, 0, 0, "out of memory");
}

static int corrupt(struct reader *r, struct archive *a, const char *name)
{
	const char *why = archive_error_string(a);

	return host->report(r->ctx, CC_FAILED, 0, 0,
	                    "corrupt or truncated zip%s%s%s: %s",
	                    name ? " at \"" : "", name ? name : "",
	                    name ? "\"" : "", why ? why : "unknown error");
}

/*
 * Gives the system back the memory a pass freed, before the next one
 * (glibc's malloc_trim; nothing where there is none).  corpusconv keeps
 * freed memory for reuse (core/cli/main.c trims the heap's top only past
 * 128 MiB), and what a pass frees lies in holes among what the passes
 * after it keep: pass 1's central directory (some 144 bytes an entry,
 * when no walk after it reads the central directory again, r->tight)
 * below the index of names made after it; the walks' buffers, and the
 * keys manifest twins were found by, among the manifests.  Resident, the
 * holes counted in the peak beside all that the documents pass holds
 * (some 20 bytes a file of a bag corpusconv wrote).
 */
static void give_back(void)
{
#ifdef HAVE_MALLOC_TRIM
	(void)malloc_trim(0);
#endif
}

/* Is this zip entry macOS Finder's furniture: "__MACOSX" or anything
 * under "__MACOSX/" at the zip's root, where Finder's "Compress" keeps
 * resource forks ("._NAME") beside the folder it zipped?  No tool reads
 * them as content, and they would hide the bag's folder. */
static int is_macosx(const char *name)
{
	return strncmp(name, "__MACOSX", 8) == 0 && (name[8] == '/' || name[8] == '\0');
}

/*
 * The zip as a file: libarchive reads it through these callbacks with an
 * offset of their own (pread), never the descriptor's, so several
 * archives can read one file at once (the documents, and their originals
 * beside them) and no pass needs the whole zip in memory.
 */
struct zip_file {
	int fd;
	long long pos, size;
	unsigned char buf[65536];
};

static la_ssize_t zip_file_read(struct archive *a, void *user, const void **out)
{
	struct zip_file *zf = user;
	ssize_t n;

	do
		n = pread(zf->fd, zf->buf, sizeof zf->buf, (off_t)zf->pos);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		archive_set_error(a, errno, "cannot read the zip: %s", strerror(errno));
		return -1;
	}
	zf->pos += n;
	*out = zf->buf;
	return n;
}

static la_int64_t zip_file_seek(struct archive *a, void *user, la_int64_t off, int whence)
{
	struct zip_file *zf = user;
	long long to = whence == SEEK_SET ? off : whence == SEEK_CUR ? zf->pos + off : zf->size + off;

	(void)a;
	if (to < 0)
		return ARCHIVE_FATAL;
	zf->pos = to;
	return to;
}

static la_int64_t zip_file_skip(struct archive *a, void *user, la_int64_t n)
{
	struct zip_file *zf = user;

	(void)a;
	zf->pos += n;
	return n;
}

/* Opens a (a new reader with the zip format) on the input from byte
 * `from` on: the file through *zf (host->malloc'd here, the caller frees
 * it after archive_read_free), or the bytes the host loaded. */
static int zip_open(struct reader *r, struct archive *a, struct zip_file **zf,
                    long long from)
{
	struct stat st;

	*zf = NULL;
	if (r->fd < 0)
		return archive_read_open_memory(a, r->zip + from, r->ziplen - (size_t)from);
	if (fstat(r->fd, &st) != 0) {
		archive_set_error(a, errno, "%s", strerror(errno));
		return ARCHIVE_FATAL;
	}
	if ((*zf = host->malloc(sizeof **zf)) == NULL) {
		archive_set_error(a, ENOMEM, "out of memory");
		return ARCHIVE_FATAL;
	}
	(*zf)->fd = r->fd;
	(*zf)->pos = from;
	(*zf)->size = (long long)st.st_size;
	if (archive_read_set_callback_data(a, *zf) != ARCHIVE_OK ||
	    archive_read_set_read_callback(a, zip_file_read) != ARCHIVE_OK ||
	    archive_read_set_seek_callback(a, zip_file_seek) != ARCHIVE_OK ||
	    archive_read_set_skip_callback(a, zip_file_skip) != ARCHIVE_OK)
		return ARCHIVE_FATAL;
	return archive_read_open1(a);
}

/* Reads n bytes of the input at off into buf: 0, or -1. */
static int input_at(struct reader *r, long long off, unsigned char *buf, size_t n)
{
	ssize_t got;

	if (r->fd < 0) {
		if (off < 0 || (size_t)off > r->ziplen || n > r->ziplen - (size_t)off)
			return -1;
		memcpy(buf, r->zip + off, n);
		return 0;
	}
	do
		got = pread(r->fd, buf, n, (off_t)off);
	while (got < 0 && errno == EINTR);
	return got == (ssize_t)n ? 0 : -1;
}

static unsigned long long le(const unsigned char *p, int n)
{
	unsigned long long v = 0;

	while (n-- > 0)
		v = v << 8 | p[n];
	return v;
}

/*
 * How many entries the zip's end of central directory record (or its
 * zip64 one) says it holds, or 0: a hint to size the index of names at
 * once, not a count anything relies on.  At most one an 76 bytes of the
 * zip (a local header and a central one), so that a false count costs
 * no more than a zip of that size with that many entries would.
 */
static size_t entries_hint(struct reader *r)
{
	enum { EOCD = 22, TAIL = EOCD + 65535 };
	unsigned char *tail, z64[56];
	unsigned long long count = 0;
	long long size = (long long)r->ziplen;
	struct stat st;
	size_t n;

	if (r->fd >= 0)
		size = fstat(r->fd, &st) == 0 ? (long long)st.st_size : 0;
	if (size < EOCD)
		return 0;
	n = size < TAIL ? (size_t)size : TAIL;
	if ((tail = host->malloc(n)) == NULL)
		return 0;
	if (input_at(r, size - (long long)n, tail, n) == 0) {
		for (size_t i = n - EOCD + 1; i-- > 0;) {
			if (memcmp(tail + i, "PK\005\006", 4) != 0)
				continue;
			count = le(tail + i + 10, 2);
			if (count == 0xFFFF && i >= 20 && memcmp(tail + i - 20, "PK\006\007", 4) == 0 &&
			    input_at(r, (long long)le(tail + i - 12, 8), z64, sizeof z64) == 0 &&
			    memcmp(z64, "PK\006\006", 4) == 0)
				count = le(z64 + 32, 8);
			break;
		}
	}
	host->free(tail);
	return count <= (unsigned long long)size / 76 ? (size_t)count : 0;
}

static void cursor_close(struct zip_cursor *c)
{
	if (c->a != NULL)
		archive_read_free(c->a);
	host->free(c->zf);
	if (c->utf8 != (locale_t)0)
		freelocale(c->utf8);
	memset(c, 0, sizeof *c);
}

/* Opens c at the zip's first entry.  Reports and returns CC_FAILED. */
static int cursor_open(struct reader *r, struct zip_cursor *c)
{
	memset(c, 0, sizeof *c);
	c->utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	if ((c->a = archive_read_new()) == NULL) {
		cursor_close(c);
		return oom(r);
	}
	r->passes++;
	/* The seekable reader: it reads the central directory, which is
	 * what unzip and every other tool take as the zip's contents, and
	 * refuses a zip whose end is cut off.  Once pass 1 has found that
	 * reading forwards gives the same (r->tight), the streaming one. */
	if ((r->tight ? archive_read_support_format_zip_streamable(c->a)
	              : archive_read_support_format_zip_seekable(c->a)) != ARCHIVE_OK ||
	    zip_open(r, c->a, &c->zf, 0) != ARCHIVE_OK)
		return host->report(r->ctx, CC_FAILED, 0, 0,
		                    "not a zip, or a truncated one: %s",
		                    archive_error_string(c->a));
	return CC_OK;
}

/*
 * Opens c at byte pos of the zip, where pass 2's reader stood before the
 * header of an entry (after the data of the entry before it): the zip is
 * read forwards from there, local headers only, so that an entry out of
 * the order it is wanted in costs one header, not a walk from the start.
 * The streaming reader takes the first local header it finds from pos
 * on, which a crafted zip can make another than the central directory's
 * (a header hidden in the gap, with the same name): so only a bag's
 * payload is read this way (entry_at), each file checked against the
 * manifests as it is read, and a substitute fails its digest, loudly.
 * CC_OK, or CC_EOF when pos holds no zip header (nothing reported: the
 * caller walks instead).
 */
static int cursor_open_at(struct reader *r, struct zip_cursor *c, long long pos)
{
	long long size = r->fd < 0 ? (long long)r->ziplen : -1;

	memset(c, 0, sizeof *c);
	if (pos < 0 || (size >= 0 && pos >= size))
		return CC_EOF;
	c->utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	if ((c->a = archive_read_new()) == NULL) {
		cursor_close(c);
		return oom(r);
	}
	r->jumps++;
	if (archive_read_support_format_zip_streamable(c->a) != ARCHIVE_OK ||
	    zip_open(r, c->a, &c->zf, pos) != ARCHIVE_OK) {
		cursor_close(c);
		return CC_EOF;
	}
	return CC_OK;
}

/* The next entry (*e) and its name (*name, NULL when it cannot be
 * read): CC_OK, CC_EOF at the end, or CC_FAILED (reported). */
static int cursor_next(struct reader *r, struct zip_cursor *c,
                       struct archive_entry **e, const char **name)
{
	locale_t old = (locale_t)0;
	int ar;

	if (c->utf8 != (locale_t)0)
		old = uselocale(c->utf8);
	ar = archive_read_next_header(c->a, e);
	*name = ar >= ARCHIVE_WARN ? archive_entry_pathname(*e) : NULL;
	if (c->utf8 != (locale_t)0)
		uselocale(old);
	if (ar == ARCHIVE_EOF)
		return CC_EOF;
	r->headers++;
	return ar < ARCHIVE_WARN ? corrupt(r, c->a, NULL) : CC_OK;
}

/* The item of entry e, named name, at the cursor. */
static struct item cursor_item(struct zip_cursor *c, struct archive_entry *e,
                               const char *name)
{
	struct item it = {
		name, archive_entry_filetype(e) == AE_IFDIR,
		archive_entry_size_is_set(e) ? (long long)archive_entry_size(e) : -1,
		c->a, e, -1,
		/* The seekable reader seeks to the central directory
		 * before it reads the first header: that one is at 0. */
		archive_file_count(c->a) > 1 ? (long long)archive_read_header_position(c->a) : 0,
		NULL, 0
	};

	return it;
}

/*
 * Pass 1's second walk, forwards through the local headers (the shadow
 * s, of the streamable reader): its next entry must be e, named name, of
 * the seekable walk (or its end, when e is NULL), with the same name,
 * type and size.  A difference, or an error of the shadow, only sets
 * r->shadow_bad: nothing is reported, the seekable walk is the one read.
 */
static void shadow_next(struct reader *r, struct zip_cursor *s,
                        struct archive_entry *e, const char *name)
{
	locale_t old = (locale_t)0;
	struct archive_entry *se;
	const char *sname;
	int ar, same;

	if (r->shadow_bad)
		return;
	if (s->utf8 != (locale_t)0)
		old = uselocale(s->utf8);
	ar = archive_read_next_header(s->a, &se);
	sname = ar >= ARCHIVE_WARN ? archive_entry_pathname(se) : NULL;
	if (e == NULL)
		same = ar == ARCHIVE_EOF;
	else
		same = sname != NULL && name != NULL && strcmp(sname, name) == 0 &&
		       (archive_entry_filetype(se) == AE_IFDIR) ==
		               (archive_entry_filetype(e) == AE_IFDIR) &&
		       (!archive_entry_size_is_set(se) || !archive_entry_size_is_set(e) ||
		        archive_entry_size(se) == archive_entry_size(e));
	if (s->utf8 != (locale_t)0)
		uselocale(old);
	if (ar != ARCHIVE_EOF)
		r->headers++;
	if (!same)
		r->shadow_bad = 1;
}

/* The shadow's next n bytes of the item must be buf[0..n); with n == 0,
 * the shadow must be at the end of the entry too, and the item is then
 * known to read alike both ways (it->same). */
static void shadow_data(struct reader *r, struct item *it, const void *buf, size_t n)
{
	unsigned char tmp[8192];
	size_t done = 0;

	if (r->shadow_bad)
		return;
	do {
		size_t want = n - done < sizeof tmp ? n - done : sizeof tmp;
		la_ssize_t got = archive_read_data(it->shadow->a, tmp, want > 0 ? want : 1);

		if (got < 0 || (size_t)got > want || (n == 0 && got != 0) ||
		    (n > 0 && (got == 0 || memcmp(tmp, (const char *)buf + done, (size_t)got) != 0))) {
			r->shadow_bad = 1;
			return;
		}
		done += (size_t)got;
	} while (done < n);
	if (n == 0)
		it->same = 1;
}

/* Calls fn on each entry of the zip, in the zip's order, until fn
 * returns anything but CC_OK; entries under __MACOSX/ are only counted
 * (r->macosx).  With r->shadowing (pass 1, the seekable reader), a second
 * walk forwards compares every entry (shadow_next, shadow_data), and
 * r->tight says at the end whether the two read alike. */
static int zip_each(struct reader *r, entry_fn fn)
{
	struct zip_cursor c, shadow;
	int rc = cursor_open(r, &c);

	memset(&shadow, 0, sizeof shadow);
	if (r->shadowing && rc == CC_OK) {
		r->shadow_bad = 0;
		if (cursor_open_at(r, &shadow, 0) != CC_OK)
			r->shadow_bad = 1;
	}
	r->total = 0;
	r->macosx = 0;
	while (rc == CC_OK) {
		struct archive_entry *e;
		const char *name;

		rc = cursor_next(r, &c, &e, &name);
		if (r->shadowing)
			shadow_next(r, &shadow, rc == CC_OK ? e : NULL, name);
		if (rc != CC_OK)
			break;
		if (name == NULL) {
			rc = host->report(r->ctx, CC_FAILED, 0, 0,
			                  "an entry name that cannot be read");
		} else if (is_macosx(name)) {
			/* Never read, so never unsafe: libarchive skips
			 * its data at the next header. */
			r->macosx++;
		} else if (strncmp(name, r->prefix, r->plen) != 0) {
			/* find_top lets the bag's folder itself be an entry
			 * ("bag" beside "bag/..."): the passes below take
			 * name + plen, past the end of such a name. */
			rc = host->report(r->ctx, CC_FAILED, 0, 0,
			                  "\"%s\" lies outside the bag folder %s",
			                  name, r->prefix);
		} else {
			struct item it = cursor_item(&c, e, name);

			if (r->shadowing && !r->shadow_bad)
				it.shadow = &shadow;
			rc = fn(r, &it);
			/* Every file's bytes were compared, to the end. */
			if (rc == CC_OK && it.shadow != NULL && !it.dir && !it.same)
				r->shadow_bad = 1;
		}
	}
	if (r->shadowing) {
		cursor_close(&shadow);
		r->tight = rc == CC_EOF && !r->shadow_bad;
	}
	cursor_close(&c);
	return rc == CC_EOF ? CC_OK : rc;
}

/* Calls fn on each file and folder of the bag folder, in name order. */
static int folder_each(struct reader *r, entry_fn fn)
{
	int rc = CC_OK;

	r->total = 0;
	for (size_t i = 0; i < r->folder.n && rc == CC_OK; i++) {
		const struct bundle_file *f = &r->folder.file[i];
		struct item it = { f->name, f->dir, f->size, NULL, NULL, -1, -1, NULL, 0 };

		rc = fn(r, &it);
		if (it.fd >= 0)
			close(it.fd);
	}
	return rc;
}

static int each(struct reader *r, entry_fn fn)
{
	return r->dir != NULL ? folder_each(r, fn) : zip_each(r, fn);
}

/* Up to len bytes of the item's content into buf: the count, 0 at the
 * end, or a CC_* code below zero (reported). */
static long long item_data(struct reader *r, struct item *it, void *buf,
                           size_t len)
{
	ssize_t n;
	int rc;

	if (it->ae != NULL) {
		n = archive_read_data(it->a, buf, len);
		if (n >= 0 && it->shadow != NULL)
			shadow_data(r, it, buf, (size_t)n);
		return n >= 0 ? (long long)n : corrupt(r, it->a, it->name);
	}
	if (it->fd < 0 &&
	    (rc = bundle_folder_file(r->ctx, &r->folder, it->name, &it->fd)) !=
	            CC_OK)
		return rc;
	do
		n = read(it->fd, buf, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return host->report(r->ctx, CC_FAILED, 0, 0,
		                    "cannot read \"%s\": %s", it->name,
		                    strerror(errno));
	return (long long)n;
}

/* Counts n more bytes read of the file name (*got of it so far, this
 * pass's r->total of all files): the file is held to max-input, all the
 * files of a pass together to max-bundle.  CC_OK, or CC_FAILED reported
 * naming the file. */
static int count_bytes(struct reader *r, const char *name, size_t *got, size_t n)
{
	*got += n;
	r->total += n;
	if (*got > r->limit)
		return host->report(r->ctx, CC_FAILED, 0, 0,
		                    "\"%s\" unpacks to more than "
		                    "max-input (%zu bytes): refused",
		                    name, r->limit);
	if (r->total > r->bundle_limit)
		return host->report(r->ctx, CC_FAILED, 0, 0,
		                    "the files unpack to more than "
		                    "max-bundle (%zu bytes): refused "
		                    "at \"%s\"",
		                    r->bundle_limit, name);
	return CC_OK;
}

/* Where entry_take puts a file's bytes as they are read, besides its
 * hashes: take(r, user, bytes, n) for each piece, in order; anything but
 * CC_OK stops the read. */
typedef int (*take_fn)(struct reader *r, void *user, const char *p, size_t n);

/* take_fn appending to the bundle_buf user. */
static int take_buf(struct reader *r, void *user, const char *p, size_t n)
{
	return bundle_buf_add(user, p, n) == CC_OK ? CC_OK : oom(r);
}

/* Reads the current entry, enforcing the limits on the bytes it
 * actually yields; gives them to take (when non-NULL) and feeds them to
 * the hashes h[0..nh). */
static int entry_take(struct reader *r, struct item *it, take_fn take,
                      void *user, struct bundle_hash *h, size_t nh)
{
	unsigned char buf[65536];
	const char *name = it->name;
	size_t got = 0;

	for (;;) {
		long long n = item_data(r, it, buf, sizeof buf);
		int rc;

		if (n == 0)
			return CC_OK;
		if (n < 0)
			return (int)n;
		if ((rc = count_bytes(r, name, &got, (size_t)n)) != CC_OK)
			return rc;
		for (size_t i = 0; i < nh; i++)
			bundle_hash_update(&h[i], buf, (size_t)n);
		if (take != NULL && (rc = take(r, user, (const char *)buf, (size_t)n)) != CC_OK)
			return rc;
	}
}

/* entry_take appending to out when out is non-NULL. */
static int entry_read(struct reader *r, struct item *it,
                      struct bundle_buf *out, struct bundle_hash *h,
                      size_t nh)
{
	return entry_take(r, it, out != NULL ? take_buf : NULL, out, h, nh);
}

/* ---- pass 1: names, types, tag files -------------------------------- */

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* True when name (no folder) is that of a manifest or tag manifest. */
static int manifest_name(const char *base)
{
	return strncmp(base, "manifest-", 9) == 0 || strncmp(base, "tagmanifest-", 12) == 0;
}

/* True when name could be a tag file of a bag at the root or in one
 * top folder. */
static int tag_candidate(const char *name)
{
	const char *slash = strchr(name, '/'), *base = base_name(name);
	size_t n = strlen(base);

	if (slash != NULL && strchr(slash + 1, '/') != NULL)
		return 0;
	if (strcmp(base, "bagit.txt") == 0 ||
	    strcmp(base, "bag-info.txt") == 0 ||
	    strcmp(base, "corpusconv.txt") == 0 ||
	    strcmp(base, "corpusconv-mtimes.txt") == 0 ||
	    strcmp(base, "fetch.txt") == 0)
		return 1;
	return n > 4 && strcmp(base + n - 4, ".txt") == 0 &&
	       (strncmp(base, "manifest-", 9) == 0 ||
	        strncmp(base, "tagmanifest-", 12) == 0);
}

static int refuse(struct reader *r, const char *name, const char *why)
{
	return host->report(r->ctx, CC_FAILED, 0, 0, "refusing %s\"%s\": %s",
	                    r->dir ? "" : "zip entry ", name, why);
}

/* The entry's type, or why it is refused. */
static const char *entry_unsafe(struct archive_entry *e, const char *name)
{
	const char *why = bundle_path_unsafe(name);
	unsigned type = archive_entry_filetype(e);

	if (why != NULL)
		return why;
	if (archive_entry_is_encrypted(e))
		return "it is encrypted";
	if (type == AE_IFLNK || archive_entry_symlink(e) != NULL)
		return "it is a symbolic link";
	if (archive_entry_hardlink(e) != NULL)
		return "it is a hard link";
	if (type != AE_IFREG && type != AE_IFDIR)
		return "it is not a regular file or folder";
	return NULL;
}

/* Skips the rest of the current entry: in pass 1 it is read, to compare
 * its bytes with the shadow's (up to max-input: past it, the zip is
 * taken for one that does not read alike). */
static int entry_skip(struct reader *r, struct item *it)
{
	size_t got = 0;

	while (it->shadow != NULL && !r->shadow_bad && !it->same) {
		unsigned char buf[16384];
		long long n = item_data(r, it, buf, sizeof buf);

		if (n < 0)
			return (int)n;
		if ((got += (size_t)n) > r->limit)
			r->shadow_bad = 1;
	}
	if (it->ae != NULL && archive_read_data_skip(it->a) < ARCHIVE_WARN)
		return corrupt(r, it->a, it->name);
	return CC_OK;
}

/* Gives back the room b has past its bytes and NUL: for a tag file held
 * until the bag is read. */
static void buf_fit(struct bundle_buf *b)
{
	char *p;

	if (b->p != NULL && b->cap > b->len + 1 &&
	    (p = host->realloc(b->p, b->len + 1)) != NULL) {
		b->p = p;
		b->cap = b->len + 1;
	}
}

static int scan(struct reader *r, struct item *it)
{
	const char *name = it->name;
	const char *why = it->ae ? entry_unsafe(it->ae, name)
	                         : bundle_path_unsafe(name);
	struct blob *t;
	int put, rc;

	if (why != NULL)
		return refuse(r, name, why);
	if (it->dir)
		return CC_OK;
	if (it->size >= 0 && (unsigned long long)it->size > r->limit)
		return host->report(r->ctx, CC_FAILED, 0, 0,
		                    "\"%s\" declares %lld bytes, more than "
		                    "max-input (%zu bytes): refused",
		                    name, it->size, r->limit);
	if (!tag_candidate(name))
		return entry_skip(r, it);
	/* The index of names is made by the walk after this one
	 * (index_name); a tag file is read here, so a second one of the
	 * same name is refused here, before it is read. */
	put = bundle_map_put(&r->tagnames, name, 0);
	if (put < 0)
		return oom(r);
	if (put == 0)
		return refuse(r, name, "the zip holds this name twice");
	if (r->ntag == r->ctag) {
		size_t cap = r->ctag ? 2 * r->ctag : 8;
		t = host->realloc(r->tag, cap * sizeof *t);
		if (t == NULL)
			return oom(r);
		r->tag = t;
		r->ctag = cap;
	}
	t = &r->tag[r->ntag];
	memset(t, 0, sizeof *t);
	t->name = host->strdup(name);
	if (t->name == NULL)
		return oom(r);
	r->ntag++;
	/* Manifests, as long as the bag is large, are read a line at a
	 * time in a pass of their own (manifest_load); the tag files that
	 * grow with the bag and are of no use before the documents are
	 * read by pass 2 (tag_later). */
	if (manifest_name(base_name(name)))
		return entry_skip(r, it);
	if (strcmp(base_name(name), "corpusconv.txt") == 0 ||
	    strcmp(base_name(name), "corpusconv-mtimes.txt") == 0) {
		t->later = 1;
		return entry_skip(r, it);
	}
	t->loaded = 1;
	/* Room for the size declared (within max-input, checked above):
	 * no doubling on the way. */
	if (it->size > 0 && bundle_buf_reserve(&t->data, (size_t)it->size) != CC_OK)
		return oom(r);
	rc = entry_read(r, it, &t->data, NULL, 0);
	buf_fit(&t->data);
	return rc;
}

/*
 * Pass 1's second walk: the index of names (r->names), made once the
 * first walk, which held libarchive's central directory (some 144 bytes
 * an entry), is done and its memory given back (give_back): the two are
 * never held at once.  A walk that reads forwards (r->tight) holds
 * nothing per entry.  The names were checked by the first walk; they are
 * checked again, as the zip is read anew.
 */
static int index_name(struct reader *r, struct item *it)
{
	const char *name = it->name;
	const char *why = it->ae ? entry_unsafe(it->ae, name)
	                         : bundle_path_unsafe(name);
	char *key;
	size_t n;
	int put;

	if (why != NULL)
		return refuse(r, name, why);
	/* "x/" (a folder) and "x" name the same place. */
	key = host->strdup(name);
	if (key == NULL)
		return oom(r);
	n = strlen(key);
	while (n > 0 && key[n - 1] == '/')
		key[--n] = '\0';
	put = bundle_map_put(&r->names, key, it->dir ? NAME_DIR : 0);
	host->free(key);
	if (put < 0)
		return oom(r);
	if (put == 0)
		return refuse(r, name, "the zip holds this name twice");
	return it->dir ? CC_OK : entry_skip(r, it);
}

/* The tag file prefix + rel, or NULL. */
static struct blob *tag_find(struct reader *r, const char *rel)
{
	size_t n = strlen(rel);

	for (size_t i = 0; i < r->ntag; i++)
		if (strncmp(r->tag[i].name, r->prefix, r->plen) == 0 &&
		    strlen(r->tag[i].name) == r->plen + n &&
		    strcmp(r->tag[i].name + r->plen, rel) == 0)
			return &r->tag[i];
	return NULL;
}

/* Sets r->prefix to the folder every entry lies in ("X/"), if any. */
static void find_top(struct reader *r)
{
	const char *first = NULL;
	size_t n;

	for (size_t i = 0; i < r->names.cap && first == NULL; i++)
		first = r->names.slot[i].key;
	if (first == NULL)
		return;
	n = strcspn(first, "/");
	for (size_t i = 0; i < r->names.cap; i++) {
		const char *k = r->names.slot[i].key;

		if (k != NULL && (strncmp(k, first, n) != 0 ||
		                  (k[n] != '/' && k[n] != '\0')))
			return;
	}
	r->top = host->malloc(n + 2);
	if (r->top == NULL)
		return;
	memcpy(r->top, first, n);
	memcpy(r->top + n, "/", 2);
	r->prefix = r->top;
	r->plen = n + 1;
}

/* Decides whether the zip is a bag, and where: bagit.txt at the root,
 * or every entry inside one folder that holds bagit.txt.  A zip with a
 * manifest where a bag would have one, but no bagit.txt, is refused. */
static int find_bag(struct reader *r)
{
	r->prefix = "";
	r->plen = 0;
	if (tag_find(r, "bagit.txt") == NULL && r->dir == NULL) {
		find_top(r);
		if (r->plen > 0 && tag_find(r, "bagit.txt") == NULL) {
			r->prefix = "";
			r->plen = 0;
		}
	}
	if (tag_find(r, "bagit.txt") != NULL) {
		r->bag = 1;
		return CC_OK;
	}
	for (size_t i = 0; i < r->ntag; i++) {
		const char *base = base_name(r->tag[i].name);

		if (strncmp(base, "manifest-", 9) == 0 &&
		    (base == r->tag[i].name ||
		     strchr(r->tag[i].name, '/') == base - 1))
			return host->report(r->ctx, CC_FAILED, 0, 0,
			                    "\"%s\" makes the %s look like a "
			                    "bag, but it has no bagit.txt",
			                    r->tag[i].name,
			                    r->dir ? "folder" : "zip");
	}
	if (r->dir != NULL)
		return host->report(r->ctx, CC_FAILED, 0, 0,
		                    "the folder has no bagit.txt");
	return CC_OK;
}

/* ---- bag checks ----------------------------------------------------- */

/* A UTF-8 byte order mark before a manifest's first line, dropped
 * however the reads split it: a read may return a single byte (a stored
 * entry that starts just before the end of a block of the zip). */
struct bom_strip {
	size_t seen;              /* the mark's bytes matched so far */
	int done;                 /* decided: dropped, or not there */
};

static const unsigned char utf8_bom[3] = { 0xEF, 0xBB, 0xBF };

/* How many bytes at the start of buf[0..n) are (maybe) the mark and are
 * not parsed; *back: how many of the mark's bytes held back from earlier
 * reads turned out to be text, to be parsed (from utf8_bom) before buf. */
static size_t bom_skip(struct bom_strip *b, const unsigned char *buf, size_t n, size_t *back)
{
	size_t k = 0;

	*back = 0;
	if (b->done)
		return 0;
	while (k < n && b->seen < sizeof utf8_bom && buf[k] == utf8_bom[b->seen]) {
		k++;
		b->seen++;
	}
	if (b->seen == sizeof utf8_bom) {
		b->done = 1;
		return k;
	}
	if (k == n)
		return n;         /* all of it may be the mark yet */
	b->done = 1;
	*back = b->seen - k;
	return 0;
}

/* Reads the rest of the item into the new manifest m a chunk at a time,
 * so that a manifest of a million lines costs its parsed lines only; its
 * bytes count against max-input and max-bundle as they are read, so an
 * oversized one is refused before it is parsed.  A manifest in another
 * encoding than UTF-8 is read whole and converted first
 * (bundle_tag_decode). */
static int manifest_stream(struct reader *r, struct item *it, struct bundle_manifest *m)
{
	struct bundle_buf carry = { 0 }, whole = { 0 };
	struct bom_strip bom = { 0, 0 };
	unsigned char buf[65536];
	int utf8 = strcasecmp(r->encoding, "UTF-8") == 0, rc = CC_OK;
	long lineno = 0, n;
	size_t got = 0, skip, back;

	if (!utf8) {
		rc = entry_read(r, it, &whole, NULL, 0);
		if (rc == CC_OK)
			rc = bundle_tag_decode(r->ctx, it->name, r->encoding, &whole);
		if (rc == CC_OK)
			rc = bundle_manifest_parse(r->ctx, m, whole.p ? whole.p : "", whole.len);
		bundle_buf_free(&whole);
		return rc;
	}
	while (rc == CC_OK && (n = (long)item_data(r, it, buf, sizeof buf)) > 0) {
		rc = count_bytes(r, it->name, &got, (size_t)n);
		if (rc != CC_OK)
			break;
		skip = bom_skip(&bom, buf, (size_t)n, &back);
		if (back > 0)
			rc = bundle_manifest_parse_part(r->ctx, m, &carry, &lineno,
			                                (const char *)utf8_bom, back, 0);
		if (rc == CC_OK)
			rc = bundle_manifest_parse_part(r->ctx, m, &carry, &lineno,
			                                (const char *)buf + skip, (size_t)n - skip, 0);
	}
	if (rc == CC_OK && n < 0)
		rc = (int)n;
	/* A manifest that is only the start of a mark: those bytes are its
	 * text (and not a manifest line). */
	if (rc == CC_OK && !bom.done && bom.seen > 0)
		rc = bundle_manifest_parse_part(r->ctx, m, &carry, &lineno,
		                                (const char *)utf8_bom, bom.seen, 0);
	if (rc == CC_OK)
		rc = bundle_manifest_parse_part(r->ctx, m, &carry, &lineno, "", 0, 1);
	bundle_buf_free(&carry);
	return rc;
}

/* The slot of r->names that holds bag path `path` (prefix + path), or
 * -1.  The index of names is done growing before anything keeps its
 * slots' numbers (bundle_read compacts it once pass 1 made it). */
static long name_slot(const struct reader *r, const char *path)
{
	char small[512], *key = small;
	size_t n = strlen(path);
	long at;

	if (r->plen + n + 1 > sizeof small && (key = host->malloc(r->plen + n + 1)) == NULL)
		return -1;
	memcpy(key, r->prefix, r->plen);
	memcpy(key + r->plen, path, n + 1);
	at = bundle_map_find(&r->names, key);
	if (key != small)
		host->free(key);
	return at;
}

/* The bag's own copy of bag path `path`, from the index of entry names,
 * or NULL. */
static const char *lend_name(struct reader *r, const char *path)
{
	long at = name_slot(r, path);

	return at >= 0 ? r->names.slot[at].key + r->plen : NULL;
}

/* A manifest's lender and what it lent (struct bundle_manifest): the
 * number of the bag's own copy of path is its slot in r->names. */
static long lend_slot(void *user, const char *path)
{
	return name_slot(user, path);
}

static const char *lent_slot(void *user, uint32_t slot)
{
	const struct reader *r = user;

	return r->names.slot[slot].key + r->plen;
}

/* Parses the bag-root entry it as a (tag)manifest when its name says
 * so (a pass of its own, once bagit.txt gave the version and encoding). */
static int manifest_load(struct reader *r, struct item *it)
{
	const char *rel = it->name + r->plen, *alg;
	struct bundle_manifest *m;
	int tag, algo;
	size_t n;

	if (it->dir || strchr(rel, '/') || !manifest_name(rel) ||
	    strlen(rel) < 4 || strcmp(rel + strlen(rel) - 4, ".txt") != 0)
		return entry_skip(r, it);
	tag = strncmp(rel, "tagmanifest-", 12) == 0;
	alg = rel + (tag ? 12 : 9);
	n = strlen(alg) - 4;
	algo = bundle_algo_parse(alg, n);
	if (algo < 0) {
		host->report(r->ctx, CC_WARN, 0, 0,
		             "%s: algorithm \"%.*s\" not supported; not checked",
		             it->name, (int)n, alg);
		return entry_skip(r, it);
	}
	m = host->realloc(r->man, (r->nman + 1) * sizeof *m);
	if (m == NULL)
		return oom(r);
	r->man = m;
	m = &r->man[r->nman++];
	memset(m, 0, sizeof *m);
	m->algo = algo;
	m->tag = tag;
	m->version = r->version;
	m->lend = lend_slot;
	m->lent = lent_slot;
	m->lend_user = r;
	/* A payload manifest lists about every file: room for them at once. */
	m->hint = tag ? 0 : r->names.used;
	m->file = host->strdup(it->name);
	if (m->file == NULL)
		return oom(r);
	return manifest_stream(r, it, m);
}

/* fetch.txt lines are "URL LENGTH PATH".  corpusconv fetches nothing;
 * it notes each path (r->fetch) to say, after pass 2, whether the bag
 * is complete without them.  A path there that leaves data/ makes the
 * bag unsafe for other tools and refuses it. */
static int fetch_load(struct reader *r)
{
	struct blob *t = tag_find(r, "fetch.txt");
	const char *p, *end;
	long lineno = 0;

	if (t == NULL || t->data.len == 0)
		return CC_OK;
	for (p = t->data.p, end = p + t->data.len; p < end; p++) {
		const char *line = p, *q;
		size_t n = strcspn(p, "\r\n");
		char *path;
		int bad, put = 1;

		p += n;
		lineno++;
		if (n == 0)
			continue;
		/* Skip two fields and the blanks after each. */
		q = line;
		for (int f = 0; f < 2; f++) {
			while (q < line + n && *q != ' ' && *q != '\t')
				q++;
			while (q < line + n && (*q == ' ' || *q == '\t'))
				q++;
		}
		path = bundle_path_decode(q, (size_t)(line + n - q));
		if (path == NULL)
			return oom(r);
		bad = q == line + n || bundle_path_unsafe(path) != NULL ||
		      strncmp(path, "data/", 5) != 0;
		if (bad)
			host->report(r->ctx, CC_FAILED, 0, 0,
			             "%s line %ld: refusing path \"%s\"", t->name,
			             lineno, path);
		else
			put = bundle_map_put(&r->fetch, path, (size_t)lineno);
		host->free(path);
		if (bad)
			return CC_FAILED;
		if (put < 0)
			return oom(r);
	}
	return CC_OK;
}

/* Converts every tag file but bagit.txt from the encoding bagit.txt
 * declares to UTF-8, before any of them is parsed.  Their bytes as
 * stored are what the tag manifests check, in pass 2. */
static int tags_decode(struct reader *r, const struct blob *bagit)
{
	int rc = CC_OK;

	for (size_t i = 0; i < r->ntag && rc == CC_OK; i++)
		if (&r->tag[i] != bagit &&
		    strncmp(r->tag[i].name, r->prefix, r->plen) == 0 &&
		    strchr(r->tag[i].name + r->plen, '/') == NULL)
			rc = bundle_tag_decode(r->ctx, r->tag[i].name, r->encoding,
			                       &r->tag[i].data);
	return rc;
}

static int bag_check_tags(struct reader *r)
{
	struct blob *bagit = tag_find(r, "bagit.txt");
	int rc, payload = 0;

	rc = bundle_bagit_txt_check(r->ctx, bagit->name,
	                            bagit->data.p ? bagit->data.p : "",
	                            bagit->data.len, &r->version, r->encoding);
	if (rc == CC_OK)
		rc = tags_decode(r, bagit);
	if (rc == CC_OK)
		rc = fetch_load(r);
	if (rc == CC_OK)
		rc = each(r, manifest_load);
	/* manifest-sha512.txt most often lists the paths of
	 * manifest-sha256.txt, in its order: one copy of them is kept. */
	for (size_t i = 1; i < r->nman && rc == CC_OK; i++)
		for (size_t j = 0; j < i; j++)
			if (!r->man[j].shared && bundle_manifest_share(&r->man[i], &r->man[j]))
				break;
	if (rc == CC_OK)
		give_back();
	for (size_t i = 0; i < r->nman; i++)
		payload |= !r->man[i].tag;
	if (rc == CC_OK && !payload)
		rc = host->report(r->ctx, CC_FAILED, 0, 0,
		                  "the bag has no payload manifest this reader "
		                  "can check (manifest-sha256.txt, ...)");
	return rc;
}

/* ---- pass 2: sizes and fixity --------------------------------------- */

/*
 * A payload file manifest m does not list: refused.  When m lists the
 * name with its escapes decoded ("100%25.txt" as "100%.txt"), the tool
 * that wrote m did not percent-encode the name (bagit-python does not),
 * and the message says so.
 */
static int not_listed(struct reader *r, const struct bundle_manifest *m, const char *name,
                      const char *rel)
{
	char *decoded = strchr(rel, '%') ? bundle_path_decode(rel, strlen(rel)) : NULL;
	int rc;

	if (decoded != NULL && strcmp(decoded, rel) != 0 &&
	    bundle_manifest_find(m, decoded) >= 0)
		rc = host->report(r->ctx, CC_FAILED, 0, 0,
		                  "\"%s\" is in the bag but not in %s; the manifest lists "
		                  "\"%s\", which is this name with %%25 decoded: a manifest "
		                  "must write a %% in a name as %%25 (RFC 8493, 2.1.3), which "
		                  "the tool that made this bag did not",
		                  name, m->file, decoded);
	else
		rc = host->report(r->ctx, CC_FAILED, 0, 0, "\"%s\" is in the bag but not in %s",
		                  name, m->file);
	host->free(decoded);
	return rc;
}

/*
 * Reads the item (giving its bytes to take when non-NULL) and checks it
 * against every manifest that lists it; a payload file a payload
 * manifest lacks is refused.  Pass 2 calls it on every file; the documents and originals
 * read after it call it again on their bytes, so that what is emitted is
 * what was checked even if the file changed between the passes.
 */
static int checked_take(struct reader *r, struct item *it, take_fn take, void *user)
{
	struct bundle_hash h[BUNDLE_ALGO_COUNT];
	const char *name = it->name, *rel = name + r->plen;
	size_t nh = 0;
	long at;
	int payload = strncmp(rel, "data/", 5) == 0, rc;

	if (!r->bag)
		return entry_take(r, it, take, user, NULL, 0);
	for (int algo = 0; algo < BUNDLE_ALGO_COUNT; algo++) {
		int need = 0;

		for (size_t i = 0; i < r->nman; i++) {
			struct bundle_manifest *m = &r->man[i];

			if (bundle_manifest_find(m, rel) >= 0)
				need |= m->algo == algo;
			else if (payload && !m->tag && m->algo == algo)
				return not_listed(r, m, name, rel);
		}
		if (need)
			bundle_hash_init(&h[nh++], algo);
	}
	rc = entry_take(r, it, take, user, h, nh);
	for (size_t k = 0; k < nh && rc == CC_OK; k++) {
		char hex[BUNDLE_HEX_MAX], want[BUNDLE_HEX_MAX];

		bundle_hash_hex(&h[k], hex);
		for (size_t i = 0; i < r->nman; i++) {
			struct bundle_manifest *m = &r->man[i];

			if (m->algo != h[k].algo ||
			    (at = bundle_manifest_find(m, rel)) < 0)
				continue;
			bundle_manifest_hex(m, (size_t)at, want);
			if (strcmp(want, hex) != 0)
				return host->report(
					r->ctx, CC_FAILED, 0, 0,
					"\"%s\" fails its %s check: %s says %s, "
					"the file has %s",
					name, bundle_algo_name(m->algo), m->file,
					want, hex);
			bundle_manifest_see(m, (size_t)at);
		}
	}
	return rc;
}

/* checked_take into out when out is non-NULL. */
static int checked_read(struct reader *r, struct item *it, struct bundle_buf *out)
{
	return checked_take(r, it, out != NULL ? take_buf : NULL, out);
}

/*
 * A tag file that grows with the bag (corpusconv.txt, its mtimes), parsed
 * a line at a time as pass 2 reads it, so that its text is never held
 * whole: each line goes to line() without its LF (or CR LF), as tag_line
 * gives them, as line[0..n), not NUL-terminated (it lies in the read's
 * buffer, borrowed for the call).  For a tag file of the bag (decode), a
 * UTF-8 byte order mark before the first line is dropped and a NUL byte
 * refused, as bundle_tag_decode does with a whole one; tag_streamed says
 * when a file is read so.
 */
typedef int (*line_fn)(struct reader *r, const char *name, const char *line, size_t n);

struct tag_lines {
	const char *name;
	line_fn line;
	int decode;
	struct bom_strip bom;
	struct bundle_buf carry;  /* a line begun, not yet ended */
};

/* take_fn of a tag_lines user. */
static int lines_take(struct reader *r, void *user, const char *p, size_t n)
{
	struct tag_lines *tl = user;
	const char *end = p + n, *nl;
	int rc = CC_OK;

	if (tl->decode) {
		size_t back, skip = bom_skip(&tl->bom, (const unsigned char *)p, n, &back);

		if (back > 0 && bundle_buf_add(&tl->carry, utf8_bom, back) != CC_OK)
			return oom(r);
		p += skip;
		if (memchr(p, '\0', (size_t)(end - p)) != NULL)
			return host->report(r->ctx, CC_FAILED, 0, 0,
			                    "%s holds a NUL character", tl->name);
	}
	while (rc == CC_OK && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		const char *line = p;
		size_t len = (size_t)(nl - p);

		if (tl->carry.len > 0) {
			if (bundle_buf_add(&tl->carry, p, len) != CC_OK)
				return oom(r);
			line = tl->carry.p;
			len = tl->carry.len;
		}
		if (len > 0 && line[len - 1] == '\r')
			len--;
		rc = tl->line(r, tl->name, line, len);
		tl->carry.len = 0;
		p = nl + 1;
	}
	if (rc == CC_OK && p < end && bundle_buf_add(&tl->carry, p, (size_t)(end - p)) != CC_OK)
		rc = oom(r);
	return rc;
}

/* The end of a tag file read a line at a time: its last line, when no
 * LF ends it (or the start of a mark that was all the file held). */
static int lines_end(struct reader *r, struct tag_lines *tl)
{
	size_t len;

	if (tl->decode && !tl->bom.done && tl->bom.seen > 0 &&
	    bundle_buf_add(&tl->carry, utf8_bom, tl->bom.seen) != CC_OK)
		return oom(r);
	len = tl->carry.len;
	if (len == 0)
		return CC_OK;
	if (tl->carry.p[len - 1] == '\r')
		len--;
	return tl->line(r, tl->name, tl->carry.p, len);
}

/* Checks the item, tag file t, parsing it a line at a time with line. */
static int tag_stream(struct reader *r, struct item *it, const struct blob *t, line_fn line)
{
	struct tag_lines tl = { t->name, line, r->bag, { 0, 0 }, { 0 } };
	int rc = checked_take(r, it, lines_take, &tl);

	if (rc == CC_OK)
		rc = lines_end(r, &tl);
	bundle_buf_free(&tl.carry);
	return rc;
}

/* The tag file at item it that pass 1 left for pass 2 (corpusconv.txt
 * and its mtimes: about 100 bytes a document, indexed as pass 2 reads
 * them, tag_streamed, or held from pass 2 on), or NULL. */
static struct blob *tag_later(struct reader *r, const struct item *it)
{
	for (size_t i = 0; i < r->ntag; i++)
		if (r->tag[i].later && strcmp(r->tag[i].name, it->name) == 0)
			return &r->tag[i];
	return NULL;
}

static int orig_line(struct reader *r, const char *name, const char *line, size_t n);
static int mtime_line(struct reader *r, const char *name, const char *line, size_t n);

/* How pass 2 reads tag file t of those left to it: a line at a time
 * into the index of originals (corpusconv.txt; its mtimes, once
 * corpusconv.txt is indexed), or whole when NULL, to be parsed after
 * pass 2 (a bag whose tag files are in another encoding than UTF-8, to
 * convert whole; mtimes met before corpusconv.txt).  The text of a bag's
 * corpusconv.txt and its mtimes, some 100 bytes a document, is then
 * never held beside its index. */
static line_fn tag_streamed(struct reader *r, const struct blob *t)
{
	if (r->bag && strcasecmp(r->encoding, "UTF-8") != 0)
		return NULL;
	if (!r->orig_ready && t == tag_find(r, "corpusconv.txt"))
		return orig_line;
	if (r->orig_ready && !r->mtimes_ready && t == tag_find(r, "corpusconv-mtimes.txt"))
		return mtime_line;
	return NULL;
}

/* Checks the item's fixity, and notes where the zip holds it (r->names'
 * value): pass 3 reads an entry out of order from there. */
static int fixity(struct reader *r, struct item *it)
{
	size_t before = r->total, *v;
	struct blob *t;
	line_fn line;
	int rc;

	if (it->dir)
		return CC_OK;
	if (it->ae != NULL && it->pos >= 0 &&
	    (v = bundle_map_get(&r->names, it->name)) != NULL)
		*v = (size_t)it->pos << 1 | (*v & NAME_DIR);
	t = tag_later(r, it);
	if (t != NULL && (line = tag_streamed(r, t)) != NULL) {
		rc = tag_stream(r, it, t, line);
		if (line == orig_line)
			r->orig_ready = rc == CC_OK;
		else
			r->mtimes_ready = rc == CC_OK;
		t->loaded = rc == CC_OK;
	} else if (t != NULL) {
		/* Its bytes as checked, decoded as tags_decode does the
		 * others (in the bag's folder, in the bag's encoding). */
		bundle_buf_free(&t->data);
		if (it->size > 0 && bundle_buf_reserve(&t->data, (size_t)it->size) != CC_OK)
			return oom(r);
		rc = checked_read(r, it, &t->data);
		buf_fit(&t->data);
		if (rc == CC_OK && r->bag && strncmp(t->name, r->prefix, r->plen) == 0 &&
		    strchr(t->name + r->plen, '/') == NULL)
			rc = bundle_tag_decode(r->ctx, t->name, r->encoding, &t->data);
		t->loaded = rc == CC_OK;
	} else {
		rc = checked_read(r, it, NULL);
	}
	if (rc == CC_OK && r->bag && strncmp(it->name + r->plen, "data/", 5) == 0) {
		r->oxum_bytes += r->total - before;
		r->oxum_files++;
	}
	return rc;
}

/* A line of manifest m that pass 2 did not find: refused, unless it is
 * the twin of a line that was found with the same digest (one file
 * under two spellings, warned about when the manifest was read) or a
 * system file that copy tools drop (warned about here).  A path that
 * fetch.txt lists makes the bag holey: refused, since RFC 8493 section 3
 * calls a bag valid only when complete, and corpusconv fetches nothing. */
static int absent(struct reader *r, struct bundle_manifest *m, size_t j)
{
	const char *path = bundle_manifest_path(m, j);
	size_t dlen = bundle_algo_hexlen(m->algo) / 2, *line;
	long twin = bundle_manifest_twin(m, j);

	if (twin >= 0 && bundle_manifest_seen(m, (size_t)twin) &&
	    memcmp(m->digest + (size_t)twin * dlen, m->digest + j * dlen, dlen) == 0)
		return CC_OK;
	if (!m->tag && bundle_system_file(base_name(path))) {
		host->report(r->ctx, CC_WARN, 0, 0,
		             "\"%.*s%s\" is listed in %s but is not in the %s: "
		             "a system file copy tools drop, no document; read "
		             "without it",
		             (int)r->plen, r->prefix, path, m->file,
		             r->dir ? "folder" : "zip");
		r->absent_system++;
		return CC_OK;
	}
	line = bundle_map_get(&r->fetch, path);
	if (line != NULL)
		return host->report(r->ctx, CC_FAILED, 0, 0,
		                    "\"%.*s%s\" is not in the %s: fetch.txt "
		                    "line %zu lists it to be fetched, and "
		                    "corpusconv fetches nothing; a holey bag is "
		                    "not complete, so not valid (RFC 8493 section "
		                    "3): fetch it with a BagIt tool first",
		                    (int)r->plen, r->prefix, path,
		                    r->dir ? "folder" : "zip", *line);
	return host->report(r->ctx, CC_FAILED, 0, 0,
	                    "\"%.*s%s\" is listed in %s but is not in the %s",
	                    (int)r->plen, r->prefix, path, m->file,
	                    r->dir ? "folder" : "zip");
}

/* Every path of fetch.txt must be in every payload manifest (RFC 8493
 * 2.2.3); when all are in the bag, say that nothing was fetched. */
static int fetch_check(struct reader *r)
{
	size_t listed = 0;

	for (size_t i = 0; i < r->fetch.cap; i++) {
		const char *path = r->fetch.slot[i].key;

		if (path == NULL)
			continue;
		listed++;
		for (size_t k = 0; k < r->nman; k++)
			if (!r->man[k].tag &&
			    bundle_manifest_find(&r->man[k], path) < 0)
				return host->report(
					r->ctx, CC_FAILED, 0, 0,
					"fetch.txt line %zu: \"%s\" is not in %s",
					r->fetch.slot[i].value, path,
					r->man[k].file);
	}
	if (listed > 0)
		host->report(r->ctx, CC_WARN, 0, 0,
		             "fetch.txt lists %zu file%s to fetch; %s in the "
		             "bag, so the bag is complete (corpusconv never "
		             "fetches)",
		             listed, listed == 1 ? "" : "s",
		             listed == 1 ? "it is" : "all are");
	return CC_OK;
}

/* Payload-Oxum "BYTES.FILES" in bag-info.txt, when present, must match
 * the payload read.  A system file read without (absent) counts as a
 * file of unknown size. */
static int oxum_check(struct reader *r)
{
	struct blob *info = tag_find(r, "bag-info.txt");
	unsigned long long bytes, files;
	char *oxum, end;
	int ok;

	if (info == NULL)
		return CC_OK;
	oxum = bundle_tag_value(info->data.p ? info->data.p : "",
	                        info->data.len, "Payload-Oxum");
	if (oxum == NULL)
		return CC_OK;
	if (sscanf(oxum, "%llu.%llu%c", &bytes, &files, &end) != 2) {
		host->free(oxum);
		return host->report(r->ctx, CC_FAILED, 0, 0,
		                    "%s: Payload-Oxum is not \"bytes.files\"",
		                    info->name);
	}
	host->free(oxum);
	ok = r->absent_system == 0
	             ? bytes == r->oxum_bytes && files == r->oxum_files
	             : bytes >= r->oxum_bytes &&
	                       files == r->oxum_files + r->absent_system;
	if (!ok)
		return host->report(r->ctx, CC_FAILED, 0, 0,
		                    "%s: Payload-Oxum says %llu bytes in %llu "
		                    "files, the payload has %llu in %llu",
		                    info->name, bytes, files, r->oxum_bytes,
		                    r->oxum_files);
	return CC_OK;
}

/* After pass 2: every listed file was there; Payload-Oxum agrees. */
static int bag_check_complete(struct reader *r)
{
	int rc = CC_OK;

	for (size_t i = 0; i < r->nman && rc == CC_OK; i++)
		for (size_t j = 0; j < r->man[i].n && rc == CC_OK; j++)
			if (!bundle_manifest_seen(&r->man[i], j))
				rc = absent(r, &r->man[i], j);
	if (rc == CC_OK)
		rc = fetch_check(r);
	if (rc == CC_OK)
		rc = oxum_check(r);
	return rc;
}

/* ---- pass 3: documents ---------------------------------------------- */

/* The format for a file, by its extension, as detection would pick it;
 * NULL when none reads it. */
static const struct cc_format *format_by_extension(struct reader *r,
                                                   const char *name)
{
	static const struct {
		const char *ext, *format;
	} map[] = {
		{ "xml", "tei" }, { "tei", "tei" }, { "txt", "text" },
		{ "text", "text" }, { "csv", "csv" },
	};
	const char *dot = strrchr(base_name(name), '.');

	if (dot == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcasecmp(dot + 1, map[i].ext) == 0)
			return host->format_find(r->ctx, map[i].format);
	return NULL;
}

/* True when some entry is prefix + dir + NAME + ext, NAME holding no
 * '/'. */
static int has_file(struct reader *r, const char *dir, const char *ext)
{
	size_t d = strlen(dir), x = strlen(ext);

	for (size_t i = 0; i < r->names.cap; i++) {
		const char *k = r->names.slot[i].key, *rel;
		size_t n;

		if (k == NULL || (r->names.slot[i].value & NAME_DIR) ||
		    strncmp(k, r->prefix, r->plen) != 0)
			continue;
		rel = k + r->plen;
		n = strlen(rel);
		if (n > d + x && strncmp(rel, dir, d) == 0 &&
		    strcmp(rel + n - x, ext) == 0 &&
		    memchr(rel + d, '/', n - d) == NULL)
			return 1;
	}
	return 0;
}

/* True when the bag holds a regular file at bag path rel. */
static int has_path(struct reader *r, const char *rel)
{
	struct bundle_buf key = { 0 };
	size_t *at = NULL;

	if (bundle_buf_add(&key, r->prefix, r->plen) == CC_OK &&
	    bundle_buf_puts(&key, rel) == CC_OK)
		at = bundle_map_get(&r->names, key.p);
	bundle_buf_free(&key);
	return at != NULL && !(*at & NAME_DIR);
}

/* Only a bag corpusconv wrote, which holds its own tag file
 * corpusconv.txt, carries each document several ways and is read from one
 * of them.  In a bag any other tool made, tei/ and text/ are folders like
 * any other: every payload file is a document, or is named in a warning. */
static void choose_representation(struct reader *r)
{
	if (!r->bag || tag_find(r, "corpusconv.txt") == NULL)
		r->rep = REP_FILES;
	else if (has_file(r, "data/tei/", ".xml"))
		r->rep = REP_TEI;
	else if (has_file(r, "data/text/", ".txt"))
		r->rep = REP_TEXT;
	else if (has_path(r, "data/statements.csv"))
		r->rep = REP_CSV;
	else
		r->rep = REP_FILES;
}

/* The next line of tag file t, from *pos on: *line and *n, without its
 * line end (LF or CRLF).  0 at the end of the file. */
static int tag_line(const struct blob *t, size_t *pos, const char **line,
                    size_t *n)
{
	const char *p, *nl;
	size_t left;

	if (t->data.p == NULL || *pos >= t->data.len)
		return 0;
	p = t->data.p + *pos;
	left = t->data.len - *pos;
	nl = memchr(p, '\n', left);
	*line = p;
	*n = nl ? (size_t)(nl - p) : left;
	*pos += *n + 1;
	if (*n > 0 && p[*n - 1] == '\r')
		(*n)--;
	return 1;
}

/* The string of stem id, and of original id (bundle_index's key). */
static const char *stem_key(const void *user, uint32_t id)
{
	const struct reader *r = user;

	return r->stems.p + r->stem_at[id];
}

static const char *orig_key(const void *user, uint32_t id)
{
	const struct reader *r = user;

	return r->orig[id].name;
}

/* Room for one more in the array *a of *cap items of size each (doubling):
 * CC_OK, or CC_FATAL (*a as it was). */
static int grow(void **a, size_t *cap, size_t n, size_t size)
{
	size_t more = *cap ? 2 * *cap : 64;
	void *p;

	if (n < *cap)
		return CC_OK;
	if ((p = host->realloc(*a, more * size)) == NULL)
		return CC_FATAL;
	*a = p;
	*cap = more;
	return CC_OK;
}

/* Notes the stem line[0..n) of corpusconv.txt, in its order, as stem
 * r->nstem - 1, without an original. */
static int stem_push(struct reader *r, const char *line, size_t n)
{
	size_t at = r->stems.len, cap = r->cstem;

	if (at + n + 1 > UINT32_MAX || r->nstem >= UINT32_MAX - 1)
		return host->report(r->ctx, CC_FAILED, 0, 0,
		                    "corpusconv.txt: more documents than this reader "
		                    "indexes");
	/* stem_at grows first: should stem_orig not, it has room to spare. */
	if (grow((void **)&r->stem_at, &cap, r->nstem, sizeof *r->stem_at) != CC_OK ||
	    grow((void **)&r->stem_orig, &r->cstem, r->nstem, sizeof *r->stem_orig) != CC_OK)
		return oom(r);
	if (bundle_buf_add(&r->stems, line, n) != CC_OK ||
	    bundle_buf_add(&r->stems, "", 1) != CC_OK)
		return oom(r);
	r->stem_at[r->nstem] = (uint32_t)at;
	r->stem_orig[r->nstem++] = NO_ORIGINAL;
	return CC_OK;
}

/* The original at bag path `path` (decoded; taken, freed here), added
 * when corpusconv.txt names it first: *idx its index in r->orig. */
static int orig_add(struct reader *r, char *path, size_t *idx)
{
	long at = bundle_index_find(&r->orig_by_path, path);
	struct original *o;
	const char *name;

	if (at >= 0) {
		host->free(path);
		*idx = (size_t)at;
		return CC_OK;
	}
	if (r->norig >= UINT32_MAX - 1 ||
	    grow((void **)&r->orig, &r->corig, r->norig, sizeof *r->orig) != CC_OK) {
		host->free(path);
		return oom(r);
	}
	/* The bag's own copy of the path when it holds the file: no
	 * allocation a document. */
	name = lend_name(r, path);
	if (name != NULL) {
		host->free(path);
	} else {
		if (grow((void **)&r->orig_own, &r->cown, r->nown, sizeof *r->orig_own) != CC_OK) {
			host->free(path);
			return oom(r);
		}
		r->orig_own[r->nown++] = path;
		name = path;
	}
	o = &r->orig[r->norig];
	o->name = name;
	o->mtime = NO_MTIME;
	if (bundle_index_add(&r->orig_by_path, (uint32_t)r->norig) != CC_OK)
		return oom(r);
	*idx = r->norig++;
	return CC_OK;
}

/* One line of corpusconv.txt (the tag file `name`): "STEM PATH" (PATH
 * its original, encoded as in manifests) or "STEM" (a document without
 * one), in the order the documents were written.  A line it cannot use
 * is skipped with a warning. */
static int orig_line(struct reader *r, const char *name, const char *line, size_t n)
{
	const char *sp = memchr(line, ' ', n);
	size_t idx = 0, stem;
	char *path;
	int rc;

	if (n == 0)
		return CC_OK;
	if (sp == line) {
		host->report(r->ctx, CC_WARN, 0, 0,
		             "%s: a line that is not \"STEM PATH\"", name);
		return CC_OK;
	}
	rc = stem_push(r, line, sp ? (size_t)(sp - line) : n);
	if (rc != CC_OK || sp == NULL)
		return rc;
	stem = r->nstem - 1;
	path = bundle_path_decode(sp + 1, n - (size_t)(sp - line) - 1);
	if (path == NULL)
		return oom(r);
	if (bundle_path_unsafe(path) || strncmp(path, "data/", 5) != 0) {
		host->report(r->ctx, CC_WARN, 0, 0,
		             "%s: ignoring path \"%s\"", name, path);
		host->free(path);
		return CC_OK;
	}
	rc = orig_add(r, path, &idx);
	/* A stem corpusconv.txt names twice keeps its first original. */
	if (rc == CC_OK && bundle_index_find(&r->orig_by_stem, stem_key(r, (uint32_t)stem)) < 0) {
		r->stem_orig[stem] = (uint32_t)idx;
		if (bundle_index_add(&r->orig_by_stem, (uint32_t)stem) != CC_OK)
			rc = oom(r);
	}
	return rc;
}

/* Gives each line of the tag file `name`, read whole, to line(), when
 * pass 2 did not as it read the file (fixity): *ready says whether it
 * did, and is set once every line is taken.  CC_OK when the file is
 * absent. */
static int tag_lines_index(struct reader *r, const char *name, int *ready,
                           int (*line)(struct reader *, const char *, const char *, size_t))
{
	struct blob *t = tag_find(r, name);
	const char *l;
	size_t pos = 0, n;
	int rc = CC_OK;

	if (t == NULL || *ready)
		return CC_OK;
	while (rc == CC_OK && tag_line(t, &pos, &l, &n))
		rc = line(r, t->name, l, n);
	*ready = rc == CC_OK;
	return rc;
}

/* Seconds since 1970-01-01 of the UTC time "YYYY-MM-DDTHH:MM:SSZ" at
 * s[0..n), which need not be NUL-terminated (a line of a read, tag_lines);
 * -1 when it is not one (days from the civil date, as in H. Hinnant's
 * "chrono-compatible low-level date algorithms"). */
static int parse_utc(const char *s, size_t n, long long *t)
{
	int y, m, d, hh, mm, ss, used = 0;
	long long era, yoe, doy, doe;
	char z[21];

	if (n != 20)
		return -1;
	/* sscanf takes a string: a copy ended where the time ends. */
	memcpy(z, s, 20);
	z[20] = '\0';
	if (sscanf(z, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &m, &d, &hh,
	           &mm, &ss, &used) != 6 || used != 20 ||
	    m < 1 || m > 12 || d < 1 || d > 31 || hh > 23 || mm > 59 || ss > 60 ||
	    hh < 0 || mm < 0 || ss < 0)
		return -1;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	*t = (era * 146097 + doe - 719468) * 86400 + hh * 3600 + mm * 60 + ss;
	return 0;
}

/* One line of corpusconv-mtimes.txt (the tag file `name`):
 * "YYYY-MM-DDTHH:MM:SSZ PATH", giving the original at PATH (named in
 * corpusconv.txt) its modification time.  A line it cannot use is
 * skipped with a warning. */
static int mtime_line(struct reader *r, const char *name, const char *line, size_t n)
{
	const char *sp;
	long long when;
	char *path;
	long at;

	if (n == 0)
		return CC_OK;
	sp = memchr(line, ' ', n);
	if (sp == NULL || parse_utc(line, (size_t)(sp - line), &when) != 0) {
		host->report(r->ctx, CC_WARN, 0, 0, "%s: a line that is "
		             "not \"YYYY-MM-DDTHH:MM:SSZ PATH\"", name);
		return CC_OK;
	}
	path = bundle_path_decode(sp + 1, n - (size_t)(sp - line) - 1);
	if (path == NULL)
		return oom(r);
	at = bundle_index_find(&r->orig_by_path, path);
	host->free(path);
	if (at >= 0)
		r->orig[at].mtime = when;
	return CC_OK;
}

/* Opens c at the zip entry `name` (a key of r->names, a file), where
 * pass 2 found it, and sets *e: CC_OK; CC_EOF when it is not found there,
 * or when it is no bag's payload, which no manifest would check
 * (cursor_open_at): nothing reported, the caller walks the zip instead. */
static int entry_at(struct reader *r, struct zip_cursor *c, const char *name,
                    struct archive_entry **e)
{
	size_t *v = bundle_map_get(&r->names, name);
	locale_t old = (locale_t)0;
	const char *got;
	int rc, ar;

	if (v == NULL || (*v & NAME_DIR) || !r->bag || strlen(name) < r->plen + 5 ||
	    strncmp(name + r->plen, "data/", 5) != 0)
		return CC_EOF;
	rc = cursor_open_at(r, c, (long long)NAME_POS(*v));
	if (rc != CC_OK)
		return rc;
	if (c->utf8 != (locale_t)0)
		old = uselocale(c->utf8);
	ar = archive_read_next_header(c->a, e);
	got = ar >= ARCHIVE_WARN ? archive_entry_pathname(*e) : NULL;
	rc = got != NULL && strcmp(got, name) == 0 && entry_unsafe(*e, got) == NULL &&
	     archive_entry_filetype(*e) == AE_IFREG ? CC_OK : CC_EOF;
	if (c->utf8 != (locale_t)0)
		uselocale(old);
	if (rc != CC_OK) {
		cursor_close(c);
		return rc;
	}
	r->headers++;
	return CC_OK;
}

/* Reads original o from the zip into r->held_data: at the offset where
 * pass 2 found it (entry_at), which costs one header wherever it lies;
 * failing that, with the side cursor, which walks forward and costs one
 * walk from the start for an original behind it. */
static int side_read(struct reader *r, const struct original *o)
{
	struct bundle_buf key = { 0 };
	struct archive_entry *e;
	struct zip_cursor c;
	int rc;

	if (bundle_buf_add(&key, r->prefix, r->plen) != CC_OK ||
	    bundle_buf_puts(&key, o->name) != CC_OK) {
		bundle_buf_free(&key);
		return oom(r);
	}
	rc = entry_at(r, &c, key.p, &e);
	if (rc == CC_OK) {
		struct item it = cursor_item(&c, e, key.p);

		rc = checked_read(r, &it, &r->held_data);
		cursor_close(&c);
	}
	bundle_buf_free(&key);
	if (rc != CC_EOF)
		return rc;
	for (int fresh = 0; fresh < 2; fresh++) {
		rc = CC_OK;
		if (r->side.a == NULL) {
			fresh = 1;
			if ((rc = cursor_open(r, &r->side)) != CC_OK)
				return rc;
		}
		while (rc == CC_OK) {
			const char *name;

			rc = cursor_next(r, &r->side, &e, &name);
			if (rc == CC_OK && name != NULL && archive_entry_filetype(e) != AE_IFDIR &&
			    strncmp(name, r->prefix, r->plen) == 0 &&
			    strcmp(name + r->plen, o->name) == 0) {
				struct item it = cursor_item(&r->side, e, name);

				return checked_read(r, &it, &r->held_data);
			}
		}
		cursor_close(&r->side);
		if (rc != CC_EOF)
			return rc;
	}
	return host->report(r->ctx, CC_FATAL, 0, 0, "\"%s%s\" is no longer there",
	                    r->prefix, o->name);
}

/* Frees the original held, if any. */
static void original_drop(struct reader *r)
{
	bundle_buf_free(&r->held_data);
	r->held = HELD_NONE;
}

/*
 * Loads original idx for the document about to be emitted, checked
 * against the manifests as it is read, and drops the one loaded before:
 * one original at a time is held, so reading a bag costs no memory for
 * its originals however many it holds.  An original corpusconv.txt names
 * that the bag lacks stays unloaded (its documents go without).
 */
static int original_fetch(struct reader *r, size_t idx)
{
	const struct original *o = &r->orig[idx];
	int rc;

	if (r->held == idx)
		return CC_OK;
	original_drop(r);
	if (!has_path(r, o->name))
		return CC_OK;
	if (r->dir != NULL) {
		struct item it = { o->name, 0, -1, NULL, NULL, -1, -1, NULL, 0 };

		rc = checked_read(r, &it, &r->held_data);
		if (it.fd >= 0)
			close(it.fd);
	} else {
		rc = side_read(r, o);
	}
	if (rc != CC_OK) {
		bundle_buf_free(&r->held_data);
		return rc;
	}
	r->held = idx;
	return CC_OK;
}

/* Gives back the room a doubling left past n items of size each in *a
 * (*cap of them): realloc leaves *a as it was when it fails. */
static void fit(void **a, size_t *cap, size_t n, size_t size)
{
	void *p;

	if (n > 0 && n < *cap && (p = host->realloc(*a, n * size)) != NULL) {
		*a = p;
		*cap = n;
	}
}

/* Once corpusconv.txt and corpusconv-mtimes.txt are indexed, the text
 * of either that was read whole is of no more use: it is freed, and the
 * index of the originals is sized to what it holds, before the documents
 * are read. */
static int originals_done(struct reader *r)
{
	static const char *const done[] = { "corpusconv.txt", "corpusconv-mtimes.txt" };
	struct blob *t;
	size_t cap = r->cstem;

	for (size_t i = 0; i < sizeof done / sizeof done[0]; i++)
		if ((t = tag_find(r, done[i])) != NULL)
			bundle_buf_free(&t->data);
	fit((void **)&r->orig, &r->corig, r->norig, sizeof *r->orig);
	fit((void **)&r->orig_own, &r->cown, r->nown, sizeof *r->orig_own);
	fit((void **)&r->stem_at, &cap, r->nstem, sizeof *r->stem_at);
	/* Both hold cstem, or stem_orig does, should stem_at not shrink. */
	if (cap == r->nstem)
		fit((void **)&r->stem_orig, &r->cstem, r->nstem, sizeof *r->stem_orig);
	buf_fit(&r->stems);
	if (bundle_index_compact(&r->orig_by_stem) != CC_OK ||
	    bundle_index_compact(&r->orig_by_path) != CC_OK)
		return oom(r);
	return CC_OK;
}

/* ---- bag-info ------------------------------------------------------- */

/* Appends the pair "bag-info:LABEL" VALUE to r->info. */
static int info_add(struct reader *r, const char *label, size_t n,
                    const struct bundle_buf *value)
{
	if (bundle_buf_puts(&r->info, "bag-info:") != CC_OK ||
	    bundle_buf_add(&r->info, label, n) != CC_OK ||
	    bundle_buf_add(&r->info, "", 1) != CC_OK ||
	    bundle_buf_add(&r->info, value->p ? value->p : "", value->len) != CC_OK ||
	    bundle_buf_add(&r->info, "", 1) != CC_OK)
		return oom(r);
	return CC_OK;
}

/*
 * Notes the fields of bag-info.txt (Source-Organization, Contact-Name,
 * External-Description, ...) but those bundle_info_own names, to give each
 * document as metadata "bag-info:LABEL": a bag written from these
 * documents carries them on (write.c), so re-bagging loses none.  A
 * continuation line (one starting with a blank) joins its field's value
 * with one space.
 */
static int bag_info_fields(struct reader *r)
{
	struct blob *t = tag_find(r, "bag-info.txt");
	struct bundle_buf value = { 0 };
	const char *line, *label = NULL;
	size_t pos = 0, n, llen = 0;
	int rc = CC_OK, more = t != NULL;

	while (rc == CC_OK && more) {
		const char *colon;
		size_t i;

		more = tag_line(t, &pos, &line, &n);
		if (more && n > 0 && (line[0] == ' ' || line[0] == '\t')) {
			for (i = 0; i < n && (line[i] == ' ' || line[i] == '\t'); i++)
				;
			if (label != NULL &&
			    (bundle_buf_add(&value, " ", 1) != CC_OK ||
			     bundle_buf_add(&value, line + i, n - i) != CC_OK))
				rc = oom(r);
			continue;
		}
		if (label != NULL && !bundle_info_own(label, llen))
			rc = info_add(r, label, llen, &value);
		label = NULL;
		colon = more ? memchr(line, ':', n) : NULL;
		if (colon == NULL || colon == line)
			continue;
		label = line;
		for (llen = (size_t)(colon - line); llen > 0 && line[llen - 1] == ' ';)
			llen--;
		for (i = (size_t)(colon - line) + 1; i < n && (line[i] == ' ' || line[i] == '\t'); i++)
			;
		value.len = 0;
		if (bundle_buf_add(&value, line + i, n - i) != CC_OK)
			rc = oom(r);
	}
	bundle_buf_free(&value);
	return rc;
}

/* Gives doc the bag's bag-info fields; a label given twice keeps both. */
static int info_give(struct reader *r, cc_doc *doc)
{
	const char *p = r->info.p, *end = p != NULL ? p + r->info.len : NULL, *prev = NULL;

	while (p != NULL && p < end) {
		const char *key = p, *value = key + strlen(key) + 1;
		int again = prev != NULL && strcmp(prev, key) == 0;

		/* Replaced, not added to: a document from a bag corpusconv
		 * wrote may carry them already, in its TEI. */
		if ((again ? host->meta_add(doc, key, value)
		           : host->meta_set(doc, key, value)) != 0)
			return -1;
		prev = key;
		p = value + strlen(value) + 1;
	}
	return 0;
}

/* What the sink needs to know about the file being read. */
struct source {
	struct reader *r;
	const char *stem; /* the file's name without extension */
	const char *rel;  /* its path in the payload (under data/), or in a
	                     plain zip */
	const struct bundle_buf *data; /* its bytes */
};

/*
 * A document of a bag another tool made, or of a plain zip, is the file
 * it was read from: its "source" and its original's name are the file's
 * path in the payload ("2023/article.txt" for data/2023/article.txt), as
 * they are the path under the input argument for a folder of files, not
 * the file name alone that the nested read gave it.  0, or -1 (OOM).
 */
static int payload_source(const struct source *s, cc_doc *doc)
{
	char *rel = bundle_utf8_clean(s->rel);
	int rc = rel == NULL || host->meta_set(doc, "source", rel) != 0 ||
	         host->original_set(doc, rel, s->data->p ? s->data->p : "", s->data->len) != 0
	                 ? -1 : 0;

	host->free(rel);
	return rc;
}

/* Gives a document read from the bag its original back, then emits it. */
static int sink(void *user, cc_doc *doc)
{
	struct source *s = user;
	struct reader *r = s->r;
	const char *key = r->rep == REP_CSV ? host->doc_id(doc) : s->stem;
	long stem = key ? bundle_index_find(&r->orig_by_stem, key) : -1;
	size_t at = stem >= 0 && r->stem_orig[stem] != NO_ORIGINAL ? r->stem_orig[stem] : HELD_NONE;
	int rc = at != HELD_NONE ? original_fetch(r, at) : CC_OK;

	if (rc != CC_OK) {
		host->doc_free(doc);
		return rc;
	}
	if (at != HELD_NONE && r->held == at) {
		const struct original *o = &r->orig[at];
		const struct bundle_buf *data = &r->held_data;
		/* Its path under data/original/ is the input's path under the
		 * input argument ("2023/article.txt"). */
		const char *base = strncmp(o->name, "data/original/", 14) == 0
		                   ? o->name + 14 : base_name(o->name);

		if (host->original_set(doc, base, data->p ? data->p : "",
		                       data->len) != 0 ||
		    (o->mtime != NO_MTIME && CC_HOST_HAS(host, original_set_mtime) &&
		     host->original_set_mtime != NULL &&
		     host->original_set_mtime(doc, o->mtime) != 0) ||
		    (r->rep == REP_TEXT &&
		     host->meta_set(doc, "source", base) != 0)) {
			host->doc_free(doc);
			return oom(r);
		}
	}
	if ((r->rep == REP_FILES && payload_source(s, doc) != 0) || info_give(r, doc) != 0) {
		host->doc_free(doc);
		return oom(r);
	}
	return host->emit(r->ctx, doc);
}

/* The format for bag path rel under the chosen representation. */
static const struct cc_format *document_format(struct reader *r,
                                               const char *rel)
{
	size_t n = strlen(rel);

	switch (r->rep) {
	case REP_TEI:
		return n > 13 && strncmp(rel, "data/tei/", 9) == 0 &&
		               !strchr(rel + 9, '/') &&
		               strcmp(rel + n - 4, ".xml") == 0
		           ? host->format_find(r->ctx, "tei")
		           : NULL;
	case REP_TEXT:
		return n > 14 && strncmp(rel, "data/text/", 10) == 0 &&
		               !strchr(rel + 10, '/') &&
		               strcmp(rel + n - 4, ".txt") == 0
		           ? host->format_find(r->ctx, "text")
		           : NULL;
	case REP_CSV:
		return strcmp(rel, "data/statements.csv") == 0
		           ? host->format_find(r->ctx, "csv")
		           : NULL;
	case REP_FILES:
		break;
	}
	if (r->bag && strncmp(rel, "data/", 5) != 0)
		return NULL;
	/* Archive tools' and systems' furniture is no document. */
	if (strncmp(rel, "__MACOSX/", 9) == 0 || base_name(rel)[0] == '.' ||
	    bundle_system_file(base_name(rel)))
		return NULL;
	return format_by_extension(r, rel);
}

/* True when bag path rel is a file of the layout corpusconv writes (or
 * outside the payload): the other representations of the documents read,
 * and their originals, are no documents of their own. */
static int own_layout(const char *rel)
{
	size_t n = strlen(rel);

	if (strncmp(rel, "data/", 5) != 0 ||
	    strncmp(rel, "data/original/", 14) == 0 ||
	    strcmp(rel, "data/statements.csv") == 0)
		return 1;
	return (strncmp(rel, "data/tei/", 9) == 0 && !strchr(rel + 9, '/') &&
	        n > 13 && strcmp(rel + n - 4, ".xml") == 0) ||
	       (strncmp(rel, "data/text/", 10) == 0 && !strchr(rel + 10, '/') &&
	        n > 14 && strcmp(rel + n - 4, ".txt") == 0);
}

static int read_document(struct reader *r, struct item *it)
{
	const char *name = it->name, *rel = name + r->plen;
	const char *base = base_name(rel), *dot;
	const struct cc_format *fmt;
	struct bundle_buf data = { 0 };
	struct source s = { r, NULL, NULL, NULL };
	char *stem;
	int rc;

	if (it->dir)
		return CC_OK;
	fmt = document_format(r, rel);
	if (fmt == NULL) {
		if (r->rep == REP_FILES && (!r->bag || !strncmp(rel, "data/", 5)))
			host->report(r->ctx, CC_WARN, 0, 0,
			             "skipping \"%s\": %s", name,
			             bundle_system_file(base)
			                     ? "a system file, no document"
			                     : "no reader for it");
		else if (r->rep != REP_FILES && !own_layout(rel))
			host->report(r->ctx, CC_WARN, 0, 0,
			             "skipping \"%s\": not a file of the bundle "
			             "layout corpusconv writes", name);
		return CC_OK;
	}
	dot = strrchr(base, '.');
	stem = host->malloc(strlen(base) + 1);
	if (stem == NULL)
		return oom(r);
	memcpy(stem, base, dot ? (size_t)(dot - base) : strlen(base));
	stem[dot ? (size_t)(dot - base) : strlen(base)] = '\0';
	s.stem = stem;
	s.rel = r->bag && strncmp(rel, "data/", 5) == 0 ? rel + 5 : rel;
	s.data = &data;
	rc = checked_read(r, it, &data);
	if (rc == CC_OK)
		rc = host->read_nested(r->ctx, fmt, name,
		                       data.p ? data.p : "", data.len, sink, &s);
	if (rc < r->worst)
		r->worst = rc;
	bundle_buf_free(&data);
	host->free(stem);
	/* One lost document never stops the others. */
	return rc <= CC_FATAL ? CC_FATAL : CC_OK;
}

/* ---- document order ------------------------------------------------- */

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The key of names that is the file prefix + dir + stem + ext, or NULL. */
static const char *rep_file(struct reader *r, const char *dir,
                            const char *stem, const char *ext)
{
	struct bundle_buf key = { 0 };
	const char *k = NULL;
	size_t *at;

	if (bundle_buf_add(&key, r->prefix, r->plen) == CC_OK &&
	    bundle_buf_puts(&key, dir) == CC_OK &&
	    bundle_buf_puts(&key, stem) == CC_OK &&
	    bundle_buf_puts(&key, ext) == CC_OK &&
	    (at = bundle_map_get(&r->names, key.p)) != NULL && !(*at & NAME_DIR))
		k = bundle_map_key(&r->names, key.p);
	bundle_buf_free(&key);
	return k;
}

/* True when read_document has something to do with bag path rel: read
 * it, or name it in a warning.  Only those files are waited for, so the
 * originals and the other representations of a bag corpusconv wrote,
 * which lie between its documents, cost no pass of their own. */
static int document_wanted(struct reader *r, const char *rel)
{
	if (document_format(r, rel) != NULL)
		return 1;
	if (r->rep == REP_FILES)
		return !r->bag || strncmp(rel, "data/", 5) == 0;
	return !own_layout(rel);
}

/*
 * The order documents are read in: in a bag corpusconv wrote, the order
 * its corpusconv.txt records (the order they were written in); then every
 * other file sorted by path (strcmp), which is the order of a bag folder's
 * listing, so that a zip and a folder of one bag, whatever order a tool
 * zipped it in, give their documents alike.
 */
static int document_order(struct reader *r)
{
	const char *dir = r->rep == REP_TEI ? "data/tei/" : "data/text/";
	const char *ext = r->rep == REP_TEI ? ".xml" : ".txt";
	struct bundle_map listed = { 0 };
	size_t nfiles = 0, first;

	for (size_t i = 0; i < r->names.cap; i++)
		nfiles += r->names.slot[i].key != NULL && !(r->names.slot[i].value & NAME_DIR);
	r->want = host->malloc((nfiles ? nfiles : 1) * sizeof *r->want);
	if (r->want == NULL)
		return oom(r);
	for (size_t i = 0; i < r->nstem && (r->rep == REP_TEI || r->rep == REP_TEXT);
	     i++) {
		const char *k = rep_file(r, dir, stem_key(r, (uint32_t)i), ext);
		int put = k != NULL ? bundle_map_put(&listed, k, 0) : 0;

		if (put < 0) {
			bundle_map_free(&listed);
			return oom(r);
		}
		/* A stem corpusconv.txt names twice is read once. */
		if (put == 1)
			r->want[r->nwant++] = k;
	}
	first = r->nwant;
	for (size_t i = 0; i < r->names.cap; i++) {
		const char *k = r->names.slot[i].key;

		if (k != NULL && !(r->names.slot[i].value & NAME_DIR) &&
		    bundle_map_get(&listed, k) == NULL && r->nwant < nfiles &&
		    document_wanted(r, k + r->plen))
			r->want[r->nwant++] = k;
	}
	bundle_map_free(&listed);
	qsort(r->want + first, r->nwant - first, sizeof *r->want, name_cmp);
	/* Room was made for every file; the documents are fewer. */
	if (r->nwant > 0 && r->nwant < nfiles) {
		const char **want = host->realloc(r->want, r->nwant * sizeof *want);

		if (want != NULL)
			r->want = want;
	}
	return CC_OK;
}

/* Loads the original at item it, met on the way to the documents, as
 * the one original held (original_fetch): in a bag corpusconv wrote each
 * original lies just before its documents, which then find it loaded and
 * need no second walk of the zip. */
static int original_passing(struct reader *r, struct item *it)
{
	long at = bundle_index_find(&r->orig_by_path, it->name + r->plen);
	int rc;

	if (at < 0 || (size_t)at == r->held)
		return entry_skip(r, it);
	original_drop(r);
	rc = checked_read(r, it, &r->held_data);
	if (rc != CC_OK) {
		bundle_buf_free(&r->held_data);
		return rc;
	}
	r->held = (size_t)at;
	return CC_OK;
}

static int read_in_order(struct reader *r, struct item *it)
{
	if (r->next >= r->walk_until)
		return CC_EOF;        /* zip_each's end of the walk */
	if (!it->dir && r->norig > 0 && r->next < r->nwant &&
	    strcmp(it->name, r->want[r->next]) != 0)
		return original_passing(r, it);
	if (it->dir || r->next == r->nwant || strcmp(it->name, r->want[r->next]) != 0)
		return entry_skip(r, it);
	r->next++;
	return read_document(r, it);
}

/* True when the zip holds the documents in the order they are read:
 * then one walk over it reads them all. */
static int wanted_in_order(struct reader *r)
{
	size_t last = 0, *v;

	for (size_t i = 0; i < r->nwant; i++) {
		v = bundle_map_get(&r->names, r->want[i]);
		if (v == NULL || NAME_POS(*v) < last)
			return 0;
		last = NAME_POS(*v);
	}
	return 1;
}

/* Reads the documents from r->next on, each opened at its offset
 * (entry_at): one header each, whatever the zip's order.  One that is
 * not found there is left, with those after it, to read_documents'
 * walks. */
static int read_by_offset(struct reader *r)
{
	int rc = CC_OK;

	r->total = 0;
	while (rc == CC_OK && r->next < r->nwant) {
		struct archive_entry *e;
		struct zip_cursor c;

		rc = entry_at(r, &c, r->want[r->next], &e);
		if (rc == CC_EOF)
			return CC_OK;
		if (rc == CC_OK) {
			struct item it = cursor_item(&c, e, r->want[r->next]);

			r->next++;
			rc = read_document(r, &it);
			cursor_close(&c);
		}
	}
	return rc;
}

/*
 * Reads the documents in document_order.  A zip is read forwards: a zip
 * that holds them in that order (as corpusconv writes one) takes one
 * walk, which picks up each original on the way.  A zip in another order
 * (payload zipped in the order a folder listed it, or sorted otherwise)
 * has each document opened at its offset instead: a walk per document
 * out of order made such a zip cost time quadratic in its entries.
 * Should a document not be found at its offset (a local header in the
 * gap before it, entry_at), one walk reads it and stops there, and the
 * documents after it are opened at their offsets again: a walk per
 * document missed, not a walk per document out of order after the first
 * miss.  Each walk reads the files wanted that come in order on its way.
 */
static int read_documents(struct reader *r)
{
	int rc = document_order(r);
	int by_offset = rc == CC_OK && r->dir == NULL && !wanted_in_order(r);

	r->walk_until = SIZE_MAX;
	while (rc == CC_OK && r->next < r->nwant) {
		size_t before;

		if (by_offset) {
			rc = read_by_offset(r);
			if (rc != CC_OK || r->next == r->nwant)
				break;
			r->walk_until = r->next + 1;
		}
		before = r->next;
		rc = each(r, read_in_order);
		if (rc == CC_OK && r->next == before)
			rc = host->report(r->ctx, CC_FATAL, 0, 0,
			                  "\"%s\" is no longer there",
			                  r->want[r->next]);
	}
	return rc;
}

/* ---- the reader ----------------------------------------------------- */

static void reader_free(struct reader *r)
{
	for (size_t i = 0; i < r->ntag; i++) {
		host->free(r->tag[i].name);
		bundle_buf_free(&r->tag[i].data);
	}
	host->free(r->tag);
	for (size_t i = 0; i < r->nman; i++)
		bundle_manifest_free(&r->man[i]);
	host->free(r->man);
	host->free(r->orig);
	for (size_t i = 0; i < r->nown; i++)
		host->free(r->orig_own[i]);
	host->free(r->orig_own);
	bundle_buf_free(&r->held_data);
	cursor_close(&r->side);
	host->free(r->top);
	bundle_map_free(&r->names);
	bundle_map_free(&r->tagnames);
	bundle_map_free(&r->fetch);
	if (r->dir != NULL)
		bundle_folder_close(&r->folder);
	bundle_index_free(&r->orig_by_stem);
	bundle_index_free(&r->orig_by_path);
	bundle_buf_free(&r->stems);
	host->free(r->stem_at);
	host->free(r->stem_orig);
	host->free(r->want);
	bundle_buf_free(&r->info);
}

/* Says what reading the zip cost when CORPUSCONV_DEBUG names "bundle"
 * (the tests count it; nothing else reads it). */
static void debug_cost(const struct reader *r)
{
	const char *debug = getenv("CORPUSCONV_DEBUG");

	if (debug != NULL && strstr(debug, "bundle") != NULL && r->dir == NULL)
		fprintf(stderr, "corpusconv: debug: bundle: %zu entries, %llu headers "
		        "read, %llu walks from the start, %llu entries opened at "
		        "their offset, %s\n", r->names.used, r->headers, r->passes,
		        r->jumps, r->tight ? "walks read forwards"
		                           : "walks read the central directory");
}

/* Sets the limits: max-input for one file, max-bundle (--set
 * max-bundle=SIZE, none by default) for all the files of a bag
 * together. */
static int limits(struct reader *r)
{
	const char *opt = host->option(r->ctx, "max-bundle");

	r->limit = host->limit(r->ctx, "max-input");
	if (r->limit == 0)
		r->limit = DEFAULT_LIMIT;
	r->bundle_limit = host->limit(r->ctx, "max-bundle");
	if (opt != NULL && r->bundle_limit == 0)
		return host->report(r->ctx, CC_FATAL, 0, 0,
		                    "max-bundle \"%s\" is not a size (such as "
		                    "512M or 4G)", opt);
	if (r->bundle_limit == 0)
		r->bundle_limit = SIZE_MAX;
	return CC_OK;
}

int bundle_read(cc_ctx *ctx, cc_in *in)
{
	struct reader r;
	int rc;

	memset(&r, 0, sizeof r);
	r.ctx = ctx;
	r.held = HELD_NONE;
	r.orig_by_path.key = orig_key;
	r.orig_by_path.user = &r;
	r.orig_by_stem.key = stem_key;
	r.orig_by_stem.user = &r;
	r.folder.fd = -1;
	if (CC_HOST_HAS(host, in_dir) && host->in_dir != NULL)
		r.dir = host->in_dir(in);
	r.fd = -1;
	if (r.dir == NULL && CC_HOST_HAS(host, in_fd) && host->in_fd != NULL)
		r.fd = host->in_fd(in);
	if (r.dir == NULL && r.fd < 0)
		r.zip = host->in_data(in, &r.ziplen);
	r.prefix = "";
	rc = limits(&r);
	if (rc == CC_OK && r.dir != NULL)
		rc = bundle_folder_open(ctx, &r.folder, r.dir, FOLDER_MAX_FILES,
		                        FOLDER_MAX_DEPTH);
	r.shadowing = r.dir == NULL;
	if (rc == CC_OK)
		rc = each(&r, scan);
	r.shadowing = 0;
	bundle_map_free(&r.tagnames);
	if (rc == CC_OK && r.tight)
		give_back();
	if (rc == CC_OK && r.dir == NULL &&
	    bundle_map_reserve(&r.names, entries_hint(&r)) != CC_OK)
		rc = oom(&r);
	if (rc == CC_OK)
		rc = each(&r, index_name);
	/* Done growing: the passes after hold the index of names at 0.75
	 * full, not at the 0.375 a doubling may have left it at. */
	if (rc == CC_OK && bundle_map_compact(&r.names) != CC_OK)
		rc = oom(&r);
	if (rc == CC_OK && r.macosx > 0)
		host->report(ctx, CC_WARN, 0, 0,
		             "ignored %zu entr%s under __MACOSX/ (macOS Finder's "
		             "resource forks, no documents)",
		             r.macosx, r.macosx == 1 ? "y" : "ies");
	if (rc == CC_OK)
		rc = find_bag(&r);
	if (rc == CC_OK && r.bag)
		rc = bag_check_tags(&r);
	if (rc == CC_OK)
		rc = each(&r, fixity);
	if (rc == CC_OK && r.bag)
		rc = bag_check_complete(&r);
	if (rc == CC_OK) {
		choose_representation(&r);
		/* corpusconv.txt read whole: its tag files are in another
		 * encoding than UTF-8; corpusconv-mtimes.txt: it came before
		 * corpusconv.txt was indexed. */
		rc = tag_lines_index(&r, "corpusconv.txt", &r.orig_ready, orig_line);
	}
	if (rc == CC_OK)
		rc = tag_lines_index(&r, "corpusconv-mtimes.txt", &r.mtimes_ready, mtime_line);
	if (rc == CC_OK)
		rc = originals_done(&r);
	if (rc == CC_OK && r.bag)
		rc = bag_info_fields(&r);
	if (rc == CC_OK)
		give_back();
	if (rc == CC_OK)
		rc = read_documents(&r);
	/* A document that failed on its own is reported and counted by the
	 * host (read_nested); the bundle's other documents stand. */
	if (rc == CC_OK)
		rc = r.worst <= CC_FATAL ? CC_FATAL : r.worst < CC_WARN ? CC_WARN : r.worst;
	debug_cost(&r);
	reader_free(&r);
	return rc;
}
