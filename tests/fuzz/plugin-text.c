/*
 * plugin-text.c: plugins/text/plugin.c under an entry symbol of its own, so
 * that the fuzz targets can hold every plugin in one program (each plugin
 * exports the same corpusconv_plugin_init).  Test code only: never part
 * of the installed corpusconv.
 */
#define corpusconv_plugin_init fuzz_plugin_init_text
#include "../../plugins/text/plugin.c"
