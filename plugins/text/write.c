/*
 * write.c: writes a document's body text as raw UTF-8 text.
 *
 * One paragraph per block, blocks separated by one blank line, a newline
 * at the end; nothing else (no metadata, no markup), so text -> text is a
 * normalised copy and text -> TEI -> text gives the same bytes.
 *
 * It must never add words of its own to the output, nor print.
 */
#include "text.h"

struct text_writer {
	cc_out *out;   /* borrowed from the host until write_end */
	size_t blocks; /* blocks written so far, over all documents */
};

int text_write_begin(cc_ctx *ctx, cc_out *out, void **state)
{
	struct text_writer *w = text_host->malloc(sizeof *w);

	if (!w)
		return text_host->report(ctx, CC_FATAL, 0, 0, "out of memory");
	w->out = out;
	w->blocks = 0;
	*state = w;
	return CC_OK;
}

int text_write_doc(cc_ctx *ctx, void *state, const cc_doc *doc)
{
	struct text_writer *w = state;
	size_t i, count = text_host->block_count(doc);

	for (i = 0; i < count; i++) {
		const char *text;
		size_t len;
		int kind;

		if (text_host->block_get(doc, i, &kind, &text, &len) != CC_OK)
			return text_host->report(ctx, CC_FAILED, 0, 0,
			                         "cannot read block %zu", i);
		if (w->blocks > 0 && text_host->out_write(w->out, "\n", 1) != CC_OK)
			return CC_FATAL;
		if (text_host->out_write(w->out, text, len) != CC_OK ||
		    text_host->out_write(w->out, "\n", 1) != CC_OK)
			return CC_FATAL;
		w->blocks++;
	}
	return CC_OK;
}

int text_write_end(cc_ctx *ctx, void *state, int abort)
{
	(void)ctx;
	(void)abort;
	text_host->free(state);
	return CC_OK;
}
