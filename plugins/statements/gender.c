/*
 * gender.c: the grammatical gender a person's name or role tells, for
 * "he" and "she" to pass over the people they cannot stand for.
 *
 * Two word lists: given names that English-language news uses mostly for
 * one gender, and words of role or address that say it (Mrs, spokeswoman,
 * father).  Written for this project from general knowledge; they must
 * never hold a name picked from one article.  A name in neither list, or
 * in both (Jordan, Leslie), tells nothing: the resolver then treats the
 * person as either.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "st-internal.h"

/* Given names, lowercase, space-separated.  Names common for both genders
 * are left out on purpose. */
static const char male_names[] =
	"aaron abdul abdullah adam adrian ahmad ahmed alan albert alberto alejandro "
	"alexander alexei alfred ali allen alvin amir andre andreas andrew "
	"andy angelo anthony antonio arnold arthur barry ben benjamin bernard "
	"bernie bill billy bob bobby boris brad bradley brandon brett brian bruce "
	"bryan carl carlos chad charles charlie chris christopher chuck clarence "
	"claude clifford clint colin craig curtis dale dan daniel danny darren "
	"david dean dennis derek dick diego dmitry don donald doug douglas duncan "
	"dwight earl ed eddie edgar edward eli elijah emmanuel enrique eric erik "
	"ernest eugene evan felipe fernando francis francisco frank franklin fred "
	"frederick gary gavin gene george gerald gilbert glenn gordon graham greg "
	"gregory hamid hans harold harry harvey hassan hector henry herbert howard "
	"hugh hugo ian igor isaac ivan jack jacob jake james jared jason "
	"javier jay jeff jeffrey jeremy jerome jerry jesse jim jimmy joe joel "
	"johann john johnny jonathan jorge jose joseph josh joshua juan julian "
	"justin karl keith ken kenneth kevin khalid kirk kurt kyle lamar lance "
	"larry lawrence leon leonard lincoln lloyd louis luis luke "
	"malcolm manuel marco marcus mario mark marshall martin marvin "
	"matt matthew maurice max michael miguel mike mitch mitchell mohamed "
	"mohammad mohammed muhammad nathan neil nelson nicholas nick nigel noah "
	"norman oliver omar oscar owen pablo patrick paul pedro pete peter phil "
	"philip pierre rafael ralph randy raul ray raymond reza "
	"richard rick rob robert roberto rod rodney roger roland ron ronald ross "
	"roy rudy russell ryan salman sam samuel scott sean sergei sergey seth "
	"shawn stanley stefan stephen steve steven stuart ted terry thomas "
	"tim timothy todd tom tommy tony travis trent troy tyler victor vincent "
	"vladimir walter warren wayne wesley william willie xavier yusuf zachary";

static const char female_names[] =
	"abigail ada adriana agnes aisha alexandra alice alicia alison allison "
	"amanda amber amy ana angela angelina anita ann anna anne annette "
	"april ashley audrey barbara beatrice becky betsy betty beverly brenda "
	"bridget brittany camila carly carmen carol carolina caroline catherine "
	"cathy cecilia charlotte chelsea cheryl christina christine cindy claire "
	"clara claudia colleen connie courtney cynthia daisy "
	"danielle debbie deborah debra denise diana diane donna doris dorothy "
	"edith eileen elaine eleanor elena elisabeth elizabeth ella ellen emily "
	"emma erica erin esther eva eve evelyn fatima fiona florence frances "
	"gabriela gail gillian gina giulia gloria grace gwen hannah harriet "
	"heather heidi helen hillary holly hope ingrid irene isabel "
	"isabella jacqueline jane janet janice jean jeanne jennifer jenny jessica "
	"jill joan joanna jodi joni josephine joy joyce judith judy julia julie "
	"june karen kate katherine kathleen kathryn kathy katie kay "
	"kirsten kristen kristin laura lauren leah linda lisa lois "
	"loretta lori louise lucia lucy lynn madeleine maggie mara margaret maria "
	"marian marie marilyn marina marion marsha martha mary maxine megan "
	"melanie melissa mia michele michelle mildred miriam molly "
	"monica nadia nancy naomi natalie natasha nicole nikki nina nora olga "
	"olivia pam pamela patricia patty paula pauline peggy penny petra rachel "
	"rebecca regina rita roberta rosa rose rosemary ruth sabrina sally "
	"samantha sandra sara sarah sharon sheila shirley silvia sofia sonia "
	"sophia sophie stephanie sue susan susana suzanne sylvia tamara tammy "
	"teresa theresa tiffany tina tracy ursula valerie vanessa vera veronica "
	"victoria virginia wanda wendy yvonne zoe";

/* Words of role, kin or address that say the person's gender.  Titles
 * used for both (chairman is said of women too, president, minister) are
 * left out. */
static const char male_words[] =
	"mr mr. sir lord king prince duke man businessman congressman spokesman "
	"councilman assemblyman alderman father dad son brother husband "
	"grandfather uncle nephew boy boyfriend widower gentleman";

static const char female_words[] =
	"mrs mrs. ms ms. miss madam dame lady queen princess duchess woman "
	"businesswoman congresswoman spokeswoman chairwoman councilwoman "
	"assemblywoman alderwoman actress mother mom daughter sister wife "
	"grandmother aunt niece girl girlfriend widow";

/* A sorted table of the listed words and their gender, built once. */
struct gword {
	char w[16];
	unsigned char gender;
};

#define GENDER_WORDS_MAX 640

static struct gword names[GENDER_WORDS_MAX], words[GENDER_WORDS_MAX / 4];
static size_t n_names, n_words;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int gword_cmp(const void *a, const void *b)
{
	return strcmp(((const struct gword *)a)->w, ((const struct gword *)b)->w);
}

/* Adds the words of `list` to t (room for cap). */
static void add_list(struct gword *t, size_t *n, size_t cap, const char *list,
                     unsigned char gender)
{
	const char *p = list;

	while (*p) {
		size_t len = strcspn(p, " ");
		if (len > 0 && len < sizeof t->w && *n < cap) {
			memcpy(t[*n].w, p, len);
			t[*n].w[len] = 0;
			t[*n].gender = gender;
			(*n)++;
		}
		p += len;
		while (*p == ' ')
			p++;
	}
}

static void build(void)
{
	add_list(names, &n_names, GENDER_WORDS_MAX, male_names, ST_G_MALE);
	add_list(names, &n_names, GENDER_WORDS_MAX, female_names, ST_G_FEMALE);
	qsort(names, n_names, sizeof *names, gword_cmp);
	add_list(words, &n_words, GENDER_WORDS_MAX / 4, male_words, ST_G_MALE);
	add_list(words, &n_words, GENDER_WORDS_MAX / 4, female_words, ST_G_FEMALE);
	qsort(words, n_words, sizeof *words, gword_cmp);
}

/* The gender of s[0..n), ASCII case folded, in table t (built: the
 * caller ran build() first); ST_G_UNKNOWN when absent or listed for both. */
static int look_up(const struct gword *t, size_t nt, const char *s, size_t n)
{
	struct gword key;
	const struct gword *hit;

	if (n == 0 || n >= sizeof key.w)
		return ST_G_UNKNOWN;
	for (size_t i = 0; i < n; i++)
		key.w[i] = tk_fold(s[i]);
	key.w[n] = 0;
	hit = bsearch(&key, t, nt, sizeof *t, gword_cmp);
	if (!hit)
		return ST_G_UNKNOWN;
	/* A word in both lists sits beside its twin after sorting. */
	if ((hit > t && !strcmp(hit[-1].w, key.w) && hit[-1].gender != hit->gender) ||
	    (hit + 1 < t + nt && !strcmp(hit[1].w, key.w) && hit[1].gender != hit->gender))
		return ST_G_UNKNOWN;
	return hit->gender;
}

int st_given_name_gender(const char *s, size_t n)
{
	pthread_once(&once, build);
	return look_up(names, n_names, s, n);
}

/* Whether p[0..len) is a preposition (lexicon.c), which ends a role's own
 * words. */
static bool role_prep(const char *p, size_t len)
{
	char w[16];

	if (len == 0 || len >= sizeof w)
		return false;
	memcpy(w, p, len);
	w[len] = '\0';
	return (lex_lists(w) & LX_PREP) != 0;
}

int st_words_gender(const char *text)
{
	const char *p = text;
	int found = ST_G_UNKNOWN;

	if (!text)
		return ST_G_UNKNOWN;
	pthread_once(&once, build);
	while (*p) {
		size_t len = strcspn(p, " ,;()-");
		int g;
		/* "pollster for Mr. Kane", "an aide to Mrs. Ruiz": the words
		 * after a preposition are about someone else. */
		if (role_prep(p, len))
			break;
		g = look_up(words, n_words, p, len);
		if (g != ST_G_UNKNOWN) {
			if (found != ST_G_UNKNOWN && found != g)
				return ST_G_UNKNOWN; /* "father and daughter": no one gender */
			found = g;
		}
		p += len;
		while (*p && strchr(" ,;()-", *p))
			p++;
	}
	return found;
}

int st_ent_gender(const struct doc *d, size_t e)
{
	const struct ent *x = &d->e[e];
	int g;

	if (x->gender_said != ST_G_UNKNOWN)
		return x->gender_said;
	if ((g = st_words_gender(x->role)) != ST_G_UNKNOWN)
		return g;
	if (x->kind == ST_PERSON && x->named && x->first && x->last)
		return st_given_name_gender(x->first, strlen(x->first));
	return ST_G_UNKNOWN;
}
