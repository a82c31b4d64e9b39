/*
 * plugin.c: the statement-table plugin's descriptor, its probe and the
 * column names the reader and writer share.
 *
 * The probe only looks at the bytes it is given: it must never read past
 * `len`, never allocate, and never call the host (it runs before any
 * conversion context exists).
 */
#include "config.h" /* PACKAGE_VERSION: in-tree plugins carry corpusconv's */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "table.h"

const struct cc_host *csv_host;

const char *const csv_column_names[CSV_COL_KNOWN] = {
	[CSV_COL_DOC_ID] = "doc_id",
	[CSV_COL_STATEMENT_ID] = "statement_id",
	[CSV_COL_KIND] = "kind",
	[CSV_COL_SPEAKER] = "speaker",
	[CSV_COL_SPEAKER_ROLE] = "speaker_role",
	[CSV_COL_CUE] = "cue",
	[CSV_COL_QUOTE] = "quote",
	[CSV_COL_BLOCK] = "block",
	[CSV_COL_START] = "start",
	[CSV_COL_END] = "end",
	[CSV_COL_DOC_DATE] = "doc_date",
	[CSV_COL_DOC_TITLE] = "doc_title",
	[CSV_COL_DOC_PUBLISHER] = "doc_publisher",
	[CSV_COL_DOC_SOURCE] = "doc_source",
	[CSV_COL_CONFIDENCE] = "confidence",
	[CSV_COL_WHY] = "why",
};

const char *csv_column_meta_key(int column)
{
	switch (column) {
	case CSV_COL_DOC_DATE:      return "date";
	case CSV_COL_DOC_TITLE:     return "title";
	case CSV_COL_DOC_PUBLISHER: return "publisher";
	case CSV_COL_DOC_SOURCE:    return "source";
	default:                    return NULL;
	}
}

/*
 * The lexical form of an xsd:decimal (an optional '+', digits with at most
 * one '.', at least one digit, no exponent, no blank) whose value lies in
 * [0, 1].  That is what the CSVW metadata's decimal with minInclusive 0
 * and maxInclusive 1 admits (less "-0", refused as a needless sign), and
 * every such form is an xsd:double too, so TEI's @cert takes it as it is.
 * Checked on the digits, never through strtod, so no locale or rounding
 * decides ("1.0000000000000000001" is above 1).
 */
int csv_confidence_ok(const char *s)
{
	size_t digits = 0;
	int one = 0, fraction = 0;

	if (*s == '+')
		s++;
	for (; *s == '0'; s++)
		digits++;
	if (*s == '1') {
		one = 1;
		digits++;
		s++;
	}
	if (*s >= '0' && *s <= '9')
		return 0; /* 2 or more */
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++) {
			digits++;
			fraction |= *s != '0';
		}
	return *s == '\0' && digits > 0 && !(one && fraction);
}

/* True when `name` ends in ".csv", in any case. */
static int has_csv_extension(const char *name)
{
	size_t n;

	if (name == NULL)
		return 0;
	n = strlen(name);
	return n >= 4 && strcasecmp(name + n - 4, ".csv") == 0;
}

/*
 * Looks at the first line as a CSV header: sets *commas to the number of
 * field separators seen and returns 1 when one of its fields is "quote"
 * (in any case, quoted or not).  A quoted field may not span lines here:
 * a header never needs that.
 */
static int header_has_quote(const unsigned char *p, size_t len, int *commas)
{
	size_t i = 0;
	int found = 0;

	*commas = 0;
	if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		i = 3;
	while (i < len && p[i] != '\r' && p[i] != '\n') {
		size_t start, end;

		if (p[i] == '"') {
			start = ++i;
			while (i < len && p[i] != '"' && p[i] != '\n')
				i++;
			end = i;
			if (i < len && p[i] == '"')
				i++;
		} else {
			start = i;
			while (i < len && p[i] != ',' && p[i] != '\r' &&
			       p[i] != '\n')
				i++;
			end = i;
		}
		if (end - start == 5 &&
		    strncasecmp((const char *)p + start, "quote", 5) == 0)
			found = 1;
		if (i < len && p[i] == ',') {
			(*commas)++;
			i++;
		} else if (i < len && p[i] != '\r' && p[i] != '\n') {
			return 0; /* text after a closing quote: not a header */
		}
	}
	return found;
}

/*
 * A header naming a "quote" column among others is near-certain (90); a
 * header that is the single column "quote" is likely (75); otherwise the
 * ".csv" extension alone gives the usual 50.
 */
static int csv_probe(const unsigned char *buf, size_t len, const char *name)
{
	int commas;

	if (header_has_quote(buf, len, &commas))
		return commas > 0 ? CC_PROBE_MAX - 10 : 75;
	if (has_csv_extension(name))
		return CC_PROBE_EXTENSION;
	return CC_PROBE_NONE;
}

static const char *const csv_aliases[] = { "statements", "table", NULL };
static const char *const csv_extensions[] = { "csv", NULL };

/* The probe scores content only for a header row naming a "quote"
 * column (header_has_quote): the word in the first line, any case. */
static const struct cc_signature csv_signatures[] = {
	{ CC_SIGNATURE_FIRST_LINE, "quote", 5 },
	{ 0, NULL, 0 },
};

/* What the table writer reads (host->option); --csv-safe is the
 * familiar spelling. */
static const struct cc_option csv_options[] = {
	{ "csv-safe", CC_OPTION_BOOL, "0",
	  "neutralise cells a spreadsheet would run as formulas",
	  NULL, "csv-safe", NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL, NULL },
};

static const struct cc_format csv_format = {
	.name = "csv",
	.aliases = csv_aliases,
	.extensions = csv_extensions,
	.media_type = "text/csv",
	.description = "statement table: one CSV row per statement (RFC 4180)",
	.flags = CC_FORMAT_READ | CC_FORMAT_WRITE | CC_FORMAT_STATEMENTS |
	         CC_FORMAT_CONTAINER | CC_FORMAT_HINTS,
	.probe = csv_probe,
	.read = csv_table_read,
	.write_begin = csv_table_write_begin,
	.write_doc = csv_table_write_doc,
	.write_end = csv_table_write_end,
	.size = sizeof(struct cc_format),
	.options = csv_options,
	.signatures = csv_signatures,
	.probe_unhinted = CC_PROBE_NONE,
};

static const struct cc_format *const csv_formats[] = { &csv_format, NULL };

static const struct cc_plugin csv_plugin = {
	CC_PLUGIN_HEADER,
	.name = "csv",
	.version = PACKAGE_VERSION,
	.description = "CSV statement tables (libcsv)",
	.formats = csv_formats,
	.filters = NULL,
};

const struct cc_plugin *corpusconv_plugin_init(const struct cc_host *host)
{
	csv_host = host;
	return &csv_plugin;
}
