/* no-entry.c: a shared object without corpusconv_plugin_init. */
int corpusconv_not_a_plugin(void);

int
corpusconv_not_a_plugin(void)
{
	return 42;
}
