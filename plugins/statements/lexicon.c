/*
 * lexicon.c: the word lists of the statement extractor: reporting verbs
 * (cues) in all their forms with what each can introduce, titles, words that
 * make a name an organisation or a place, function words.
 *
 * The lists are written for this project from general knowledge of English
 * news style; they must never hold words picked from one article.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "st-internal.h"

struct cue_entry {
	const char *forms; /* space-separated word forms */
	unsigned flags;
};

#define SCB (C_SAY | C_CLAUSE | C_BARE)
#define SC (C_SAY | C_CLAUSE)

static const struct cue_entry cue_words[] = {
	{ "say says said saying", SCB },
	{ "tell tells told telling", SC | C_ADDR },
	{ "add adds added adding", SCB },
	{ "explain explains explained explaining", SC },
	{ "insist insists insisted insisting", SCB },
	{ "claim claims claimed claiming", SCB },
	{ "warn warns warned warning", SCB | C_ADDR },
	{ "caution cautions cautioned cautioning", SC | C_ADDR },
	{ "note notes noted noting", SC },
	{ "stated stating", SC },
	{ "stress stresses stressed stressing", SC },
	{ "emphasize emphasizes emphasized emphasizing emphasise emphasises "
	  "emphasised emphasising", SC },
	{ "underscore underscores underscored underscoring underline underlines "
	  "underlined underlining", SC },
	{ "argue argues argued arguing contend contends contended contending", SCB },
	{ "assert asserts asserted asserting", SCB },
	{ "allege alleges alleged alleging", SCB },
	{ "announce announces announced announcing", SC },
	{ "acknowledge acknowledges acknowledged acknowledging admit admits "
	  "admitted admitting concede concedes conceded conceding", SC },
	{ "confirm confirms confirmed confirming", SCB | C_NP },
	{ "deny denies denied denying", SC },
	{ "declare declares declared declaring", SC | C_LABEL },
	{ "suggest suggests suggested suggesting", SC },
	{ "write writes wrote writing", SC },
	{ "reported reporting", SC },
	{ "reply replies replied replying respond responds responded responding "
	  "answer answers answered answering", SC },
	{ "ask asks asked asking", C_SAY | C_ADDR },
	{ "predict predicts predicted predicting estimate estimated", SCB },
	{ "maintain maintains maintained maintaining", SC },
	{ "complain complains complained complaining lament laments lamented "
	  "lamenting", SC | C_LABEL },
	{ "recall recalls recalled recalling reiterate reiterates reiterated "
	  "reiterating", SC },
	/* "remembered her as “…”" (features, obituaries). */
	{ "remember remembers remembered remembering", C_SAY | C_LABEL },
	{ "observe observes observed observing remark remarks remarked remarking "
	  "comment comments commented commenting", SC },
	{ "continue continues continued", C_SAY | C_NOPART },
	{ "hint hints hinted hinting", SCB },
	{ "indicate indicates indicated indicating", C_CLAUSE },
	{ "reveal reveals revealed revealing mention mentions mentioned "
	  "mentioning", SC },
	{ "promise promises promised promising vow vows vowed vowing pledge "
	  "pledges pledged pledging threaten threatens threatened threatening",
	  SC | C_LABEL },
	{ "agree agrees agreed agreeing conclude concludes concluded concluding",
	  C_CLAUSE },
	{ "testify testifies testified testifying tweet tweets tweeted tweeting",
	  SC },
	{ "inform informs informed informing assure assures assured assuring "
	  "remind reminds reminded reminding", SC | C_ADDR },
	{ "exclaim exclaimed quip quipped joke joked shout shouted", C_SAY },
	{ "boast boasts boasted boasting", SC },
	{ "demand demands demanded demanding", SC | C_LABEL },
	{ "urge urges urged urging", C_SAY | C_LABEL },
	{ "read reads", C_SAY | C_DOCONLY },
	{ "describe describes described describing call calls called calling "
	  "label labels labeled labelled labeling labelling term terms termed "
	  "terming dub dubs dubbed dubbing brand brands branded branding "
	  "characterize characterizes characterized characterizing characterise "
	  "characterised", C_LABEL },
	{ "classify classifies classified classifying dismiss dismisses dismissed "
	  "dismissing denounce denounces denounced denouncing condemn condemns "
	  "condemned condemning slam slams slammed slamming blast blasts blasted "
	  "praise praises praised praising hail hails hailed hailing welcome "
	  "welcomes welcomed welcoming reject rejects rejected rejecting decry "
	  "decries decried deplore deplores deplored", C_LABEL },
	/* "citing “security concerns”": the subject's stated reason. */
	{ "cite cites cited citing", C_LABEL },
	{ "accuse accuses accused accusing criticize criticizes criticized "
	  "criticizing criticise criticises criticised criticising blame blames "
	  "blamed blaming", C_LABEL | C_OBJOF },
	{ "voice voices voiced voicing express expresses expressed expressing "
	  "discuss discusses discussed discussing question questioned questioning "
	  "dispute disputes disputed disputing", C_LABEL },
	{ "view views viewed viewing believe believes believed think thinks "
	  "thought feel feels felt fear fears feared", C_CLAUSE | C_NEEDTHAT },
};

static const struct cue_entry cue_phrases[] = {
	{ "according to", C_ACCORD },
	{ "went on to say", SCB }, { "goes on to say", SCB },
	{ "go on to say", SCB }, { "going on to say", SCB },
	{ "was quoted as saying", SCB }, { "were quoted as saying", SCB },
	{ "is quoted as saying", SCB }, { "was quoted as telling", SCB },
	/* "She went on: “…”", "“…,” he went on.": a continued quotation. */
	{ "went on", C_SAY | C_NOPART }, { "goes on", C_SAY | C_NOPART },
	{ "pointed out", SC }, { "points out", SC }, { "point out", SC },
	{ "pointing out", SC },
	{ "continued saying", SCB }, { "continued to say", SCB },
	{ "continues to say", SCB }, { "continuing to say", SCB },
	{ "made clear", SC }, { "made it clear", SC }, { "makes clear", SC },
	{ "refers to", C_LABEL }, { "referred to", C_LABEL },
	{ "refer to", C_LABEL }, { "referring to", C_LABEL },
	{ "spoke of", C_LABEL }, { "speaks of", C_LABEL },
};

static bool in_list(const char *list, const char *w)
{
	size_t n = strlen(w);
	const char *p = list;

	if (n == 0)
		return false;
	while ((p = strstr(p, w)) != NULL) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == 0))
			return true;
		p += n;
	}
	return false;
}

static bool ends_with(const char *w, const char *suffix)
{
	size_t n = strlen(w), m = strlen(suffix);
	return n > m && !strcmp(w + n - m, suffix);
}

/*
 * The single-word cues, indexed: lex_cue runs for nearly every token of an
 * article, and searching the forms of cue_words with strstr, list after
 * list, was most of the extractor's time.  Each form maps to the first entry
 * that lists it, as the search did.  The index is filled once, on first use
 * (pthread_once), and only read after that, so threads share it safely.
 */
#define CUE_SLOTS 1024u /* a power of two, more than twice the forms */

struct cue_slot {
	const char *form; /* in cue_words[entry].forms; NULL: empty slot */
	size_t n;
	size_t entry;
};

static struct cue_slot cue_index[CUE_SLOTS];
static bool cue_index_ok; /* false: too many forms, search the lists */
static pthread_once_t cue_index_once = PTHREAD_ONCE_INIT;

static uint32_t form_hash(const char *w, size_t n)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	for (size_t k = 0; k < n; k++)
		h = (h ^ (unsigned char)w[k]) * 16777619u;
	return h;
}

/* The slot of form w[0..n): where it is, or the empty slot it would take. */
static struct cue_slot *cue_slot_of(const char *w, size_t n)
{
	uint32_t h = form_hash(w, n);

	for (uint32_t k = 0; k < CUE_SLOTS; k++) {
		struct cue_slot *s = &cue_index[(h + k) & (CUE_SLOTS - 1)];
		if (!s->form || (s->n == n && !memcmp(s->form, w, n)))
			return s;
	}
	return NULL;
}

static void cue_index_build(void)
{
	size_t used = 0;

	for (size_t k = 0; k < sizeof cue_words / sizeof *cue_words; k++) {
		for (const char *p = cue_words[k].forms; *p;) {
			size_t n = strcspn(p, " ");
			struct cue_slot *s;
			if (n > 0 && (s = cue_slot_of(p, n)) && !s->form) {
				if (++used > CUE_SLOTS / 2)
					return; /* cue_index_ok stays false */
				s->form = p;
				s->n = n;
				s->entry = k;
			}
			p += n;
			p += strspn(p, " ");
		}
	}
	cue_index_ok = true;
}

/* The flags of the single-word cue w (lowercase), or 0. */
static unsigned cue_word(const char *w)
{
	size_t n = strlen(w);

	if (n == 0)
		return 0;
	pthread_once(&cue_index_once, cue_index_build);
	if (cue_index_ok) {
		const struct cue_slot *s = cue_slot_of(w, n);
		return s && s->form ? cue_words[s->entry].flags : 0;
	}
	for (size_t k = 0; k < sizeof cue_words / sizeof *cue_words; k++)
		if (in_list(cue_words[k].forms, w))
			return cue_words[k].flags;
	return 0;
}

unsigned lex_cue(const struct blk *b, size_t i, size_t limit, size_t *last)
{
	char w0[40], w[40];
	size_t n0;
	unsigned f;

	if (!tk_word(b, i))
		return 0;
	tk_copy_lower(b, i, w0, sizeof w0);
	n0 = strlen(w0);
	for (size_t k = 0; k < sizeof cue_phrases / sizeof *cue_phrases && i < limit; k++) {
		const char *p = cue_phrases[k].forms;
		size_t n, j = i + 1;
		bool ok = true;
		/* Most tokens start no phrase: compare the first word alone. */
		if (p[0] != w0[0] || (n = strcspn(p, " ")) != n0 || memcmp(w0, p, n))
			continue;
		memcpy(w, w0, n0 + 1);
		p += n;
		p += strspn(p, " ");
		while (*p && ok) {
			n = strcspn(p, " ");
			if (j >= limit || n >= sizeof w) {
				ok = false;
				break;
			}
			tk_copy_lower(b, j, w, sizeof w);
			ok = strlen(w) == n && !memcmp(w, p, n);
			p += n;
			if (*p == ' ')
				p++;
			j++;
		}
		if (ok) {
			*last = j - 1;
			return cue_phrases[k].flags |
			       (ends_with(w, "ing") || tk_is(b, i, "going") ? C_ING : 0);
		}
	}
	if (b->t[i].flags & TF_POSS)
		return 0;
	f = cue_word(w0);
	if (f) {
		*last = i;
		return f | (ends_with(w0, "ing") ? C_ING : 0);
	}
	return 0;
}

static const char titles[] =
	"minister president director spokesman spokeswoman spokesperson "
	"secretary adviser advisor chairman chairwoman chair chairperson mayor "
	"councillor councilor senator governor professor leader chief head "
	"commissioner ambassador envoy general officer economist analyst "
	"representative lawmaker legislator premier chancellor king queen prince "
	"princess judge justice attorney prosecutor ceo executive manager founder "
	"editor correspondent researcher scientist official diplomat negotiator "
	"coach captain commander admiral colonel sergeant lieutenant marshal "
	"inspector superintendent sheriff dean provost rector treasurer auditor "
	"ombudsman organiser organizer activist lawyer counsel deputy strategist "
	"mp congressman congresswoman speaker pope cardinal bishop rabbi imam "
	"vice-president chairmain sen rep gov gen col lt sgt capt adm cmdr "
	"superintendent administrator coordinator president-elect premier-elect "
	"spokespeople owner partner consultant expert member";

bool lex_title(const char *w)
{
	return in_list(titles, w);
}

static const char orgs[] =
	"ministry university group union association council party agency "
	"department committee institute bank court times herald news post "
	"government administration office house army navy forces nations states "
	"company corp corporation inc ltd llc plc partners authority commission "
	"chamber alliance federation league foundation centre center hospital "
	"school college laboratory bureau service police media network press "
	"society organization organisation fund club church airlines airways "
	"port board parliament assembly congress senate cabinet kremlin pentagon "
	"journal gazette tribune telegraph guardian reuters ap afp bbc cnn "
	"yonhap kcna institute academy museum trust bureau coalition front "
	"movement embassy consulate secretariat directorate inc. co. ltd. "
	"group's agency's council's ministry's division unit team holdings "
	"industries systems motors energy capital securities exchange market "
	"markets station channel radio television tv newspaper magazine review "
	"daily weekly";

bool lex_org(const char *w)
{
	return in_list(orgs, w);
}

static const char places[] =
	"korea korean koreans russia russian russians ukraine ukrainian china "
	"chinese japan japanese america american americans u.s. u.s.a. "
	"u.k. britain british england english france french germany german "
	"italy italian spain spanish canada canadian mexico mexican brazil "
	"india indian pakistan iran iranian iraq iraqi israel israeli syria "
	"syrian turkey turkish egypt egyptian saudi arabia europe european "
	"africa african asia asian pacific atlantic moscow beijing washington "
	"seoul pyongyang tokyo kyiv kiev london paris berlin brussels taiwan "
	"vietnam cuba u.n. west western east eastern north "
	"northern south southern australia australian poland polish sweden "
	"norway finland denmark netherlands dutch belgium austria switzerland "
	"greece portugal ireland scotland wales nigeria kenya ethiopia "
	"indonesia philippines thailand malaysia singapore argentina chile "
	"peru colombia venezuela gaza lebanon jordan qatar yemen afghanistan "
	"kremlin donbas crimea luhansk donetsk kharkiv peninsula sea ocean "
	"gulf strait region province state county city district island islands "
	"road street avenue square hall bridge river valley mountain mountains "
	"republic kingdom federation union emirates island capital";

bool lex_place(const char *w)
{
	return in_list(places, w);
}

bool lex_honorific(const char *w)
{
	return in_list("mr mrs ms miss mx dr prof sir dame rev fr mr. mrs. ms. "
	               "dr. prof.", w);
}

static const char stops[] =
	"the a an this that these those his her its their our my your some any "
	"each every no all both either neither and or but nor so yet for of in "
	"on at to from by with about against between into through during before "
	"after above below up down out off over under again further then once "
	"here there when where why how what which who whom whose while as if "
	"because although though since until unless than too very can will just "
	"it he she they we i you him them us me is are was were be been being "
	"have has had do does did not also however meanwhile moreover despite "
	"among amid across along around behind beyond near per via without within "
	"according instead including such other another more most many much "
	"few less least own same only whether";

bool lex_stop(const char *w)
{
	return in_list(stops, w);
}

bool lex_aux(const char *w)
{
	return in_list("is are was were will would could can may might must "
	               "should shall has have had does did do isn't aren't wasn't "
	               "weren't won't wouldn't couldn't can't cannot hasn't "
	               "haven't hadn't doesn't didn't don't it's it'll they'll "
	               "he'll she'll we'll there's", w);
}

bool lex_time(const char *w)
{
	return in_list("monday tuesday wednesday thursday friday saturday sunday "
	               "january february march april may june july august "
	               "september october november december jan feb mar apr jun "
	               "jul aug sep sept oct nov dec morning afternoon evening "
	               "night week weekend month year day today yesterday tonight "
	               "earlier later", w);
}

bool lex_doc(const char *w)
{
	return in_list("statement statements report release letter communique "
	               "communiqué editorial commentary dispatch notice "
	               "announcement memo document filing message declaration "
	               "post tweet", w);
}

bool lex_adverb(const char *w)
{
	if (in_list("also again then later earlier further once still already "
	            "previously recently repeatedly reportedly now first last "
	            "even only separately subsequently often never ever just "
	            "too however meanwhile thus yesterday today", w))
		return true;
	return ends_with(w, "ly") && !in_list("only family italy july rely reply "
	                                      "supply apply ally", w);
}

bool lex_lead(const char *w)
{
	return in_list("in on at after before during since shortly earlier later "
	               "last meanwhile however but and yet still despite for with "
	               "without under as when while although though if speaking "
	               "asked addressing writing also separately additionally "
	               "moreover furthermore then thus instead following amid "
	               "ahead from by over within throughout upon because", w) ||
	       ends_with(w, "ing") || ends_with(w, "ly");
}

bool lex_nonrole(const char *w)
{
	return in_list("who which whose whom that when where while during in on "
	               "at after before speaking asked according despite with "
	               "without for from by like as although though if because "
	               "since until and or but also who's recently earlier later "
	               "said says told added however", w) ||
	       ends_with(w, "ing") || ends_with(w, "ly");
}

bool lex_abbrev(const char *w)
{
	return in_list("mr mrs ms dr prof st sr jr gen col lt sgt capt gov sen rep "
	               "rev jan feb mar apr jun jul aug sep sept oct nov dec no nos "
	               "vs etc mt ft ave fig approx dept est", w);
}

bool lex_prep(const char *w)
{
	return in_list("of at in with from for to on by over under about between "
	               "among against within across", w);
}
