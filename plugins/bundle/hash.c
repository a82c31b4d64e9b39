/*
 * hash.c: the digests BagIt manifests use (md5, sha1, sha224, sha256,
 * sha384, sha512),
 * as a thin wrapper over nettle.
 *
 * It must never implement a hash itself, nor keep state between calls:
 * every digest is computed by nettle into a caller-owned context.
 */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include <nettle/nettle-meta.h>

#include "bundle.h"

static const struct {
	const char *name;
	const struct nettle_hash *nettle;
} algos[BUNDLE_ALGO_COUNT] = {
	[BUNDLE_MD5] = { "md5", &nettle_md5 },
	[BUNDLE_SHA1] = { "sha1", &nettle_sha1 },
	[BUNDLE_SHA224] = { "sha224", &nettle_sha224 },
	[BUNDLE_SHA256] = { "sha256", &nettle_sha256 },
	[BUNDLE_SHA384] = { "sha384", &nettle_sha384 },
	[BUNDLE_SHA512] = { "sha512", &nettle_sha512 },
};

int bundle_algo_parse(const char *name, size_t len)
{
	for (int i = 0; i < BUNDLE_ALGO_COUNT; i++)
		if (strlen(algos[i].name) == len &&
		    strncasecmp(algos[i].name, name, len) == 0)
			return i;
	return -1;
}

const char *bundle_algo_name(int algo)
{
	return algos[algo].name;
}

size_t bundle_algo_hexlen(int algo)
{
	return 2 * (size_t)algos[algo].nettle->digest_size;
}

void bundle_hash_init(struct bundle_hash *h, int algo)
{
	h->algo = algo;
	algos[algo].nettle->init(&h->u);
}

void bundle_hash_update(struct bundle_hash *h, const void *data, size_t len)
{
	algos[h->algo].nettle->update(&h->u, len, data);
}

void bundle_hash_hex(struct bundle_hash *h, char hex[BUNDLE_HEX_MAX])
{
	static const char digit[] = "0123456789abcdef";
	const struct nettle_hash *n = algos[h->algo].nettle;
	unsigned char raw[BUNDLE_DIGEST_MAX];

	n->digest(&h->u, n->digest_size, raw);
	for (unsigned i = 0; i < n->digest_size; i++) {
		hex[2 * i] = digit[raw[i] >> 4];
		hex[2 * i + 1] = digit[raw[i] & 15];
	}
	hex[2 * n->digest_size] = '\0';
}

void bundle_digest(int algo, const void *data, size_t len,
                   char hex[BUNDLE_HEX_MAX])
{
	struct bundle_hash h;

	bundle_hash_init(&h, algo);
	bundle_hash_update(&h, data, len);
	bundle_hash_hex(&h, hex);
}
