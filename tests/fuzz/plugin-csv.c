/*
 * plugin-csv.c: plugins/csv/plugin.c under an entry symbol of its own, so
 * that the fuzz targets can hold every plugin in one program (each plugin
 * exports the same corpusconv_plugin_init).  Test code only: never part
 * of the installed corpusconv.
 */
#define corpusconv_plugin_init fuzz_plugin_init_csv
#include "../../plugins/csv/plugin.c"
