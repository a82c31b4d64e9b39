/*
 * journal.h: what runs converted into an output folder, kept in the
 * folder as ".corpusconv-journal" (the format: docs/bulk.md).  --update
 * skips exactly the inputs whose last entry says they converted and that
 * have not changed since; a run refuses to replace an output that an
 * earlier run wrote from another input that still exists.  Private to
 * core/.
 */
#ifndef CC_JOURNAL_H
#define CC_JOURNAL_H

#include <stddef.h>
#include <sys/types.h>

#define CC_JOURNAL_NAME ".corpusconv-journal"

/* One input's last entry. */
struct cc_journal_entry {
	char *input;                   /* the path as given on the command line */
	int ok;                        /* status "ok", else "failed" */
	unsigned long long size;
	long long mtime_sec;
	long mtime_nsec;
	char sha256[65];               /* hex, or "-" (a folder) */
	char **outputs;                /* paths written */
	size_t noutputs, capoutputs;
};

struct cc_journal_slot;

struct cc_journal {
	char *path;                    /* DIR/.corpusconv-journal */
	int fd;                        /* open for appending, or -1 */
	struct cc_journal_entry *v;    /* the entries read, the last per input */
	size_t n, cap;
	struct cc_journal_slot *by_input, *by_output;   /* hash tables, into v */
	size_t cap_in, cap_out;        /* powers of two */
};

/* Reads DIR's journal (none yet is fine) and opens it for appending,
 * making DIR.  0, or -1 with errno. */
int cc_journal_open(struct cc_journal *j, const char *dir);
void cc_journal_close(struct cc_journal *j);

/* input's last entry, or NULL; borrowed from j. */
const struct cc_journal_entry *cc_journal_find(const struct cc_journal *j, const char *input);
/* The input whose last entry lists output, or NULL; borrowed from j. */
const char *cc_journal_owner(const struct cc_journal *j, const char *output);

/* Appends one entry, in one write (several runs may append at once);
 * outputs '\t'-separated and escaped as journal fields (cc_journal_escape).
 * 0, or -1 with errno. */
int cc_journal_append(struct cc_journal *j, const char *input, int ok, unsigned long long size,
                      long long mtime_sec, long mtime_nsec, const char *sha256,
                      const char *outputs);
/* Appends s to b escaped as a journal field (backslash, tab, newline). */
struct cc_buf;
int cc_journal_escape(struct cc_buf *b, const char *s);
/* Undoes cc_journal_escape on the field [s, end) into a new string (the
 * caller frees), or NULL on exhausted memory. */
char *cc_journal_unescape(const char *s, const char *end);

/* NULL when the SHA-256 (nettle, opened on first use) can be computed,
 * else why not. */
const char *cc_sha256_unavailable(void);
/* The SHA-256 of len bytes, as 64 hex digits and a NUL; "" when it is
 * unavailable (the journal then records "-": converted again next time). */
void cc_sha256_hex(const unsigned char *data, size_t len, char hex[65]);
/* The SHA-256 of a file's content; 0, or -1 with errno (ENOSYS when it is
 * unavailable). */
int cc_sha256_file(const char *path, char hex[65]);
/* The SHA-256 of what the open file fd holds from its start to its end,
 * read with pread (fd's offset is left alone), and how many bytes that
 * was (*size, when not NULL).  0, or -1 with errno (ENOSYS when it is
 * unavailable). */
int cc_sha256_fd(int fd, char hex[65], unsigned long long *size);

#endif
