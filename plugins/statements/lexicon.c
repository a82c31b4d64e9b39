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
	/* "elaborate" is as often the adjective ("an elaborate plan") */
	{ "explain explains explained explaining elaborates elaborated elaborating",
	  SC },
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
	{ "announce announces announced announcing", SC | C_RBARE },
	{ "acknowledge acknowledges acknowledged acknowledging admit admits "
	  "admitted admitting concede concedes conceded conceding", SCB },
	{ "confirm confirms confirmed confirming", SCB | C_NP },
	{ "deny denies denied denying", SC },
	{ "declare declares declared declaring", SC | C_LABEL },
	{ "suggest suggests suggested suggesting", SC | C_RBARE },
	{ "write writes wrote writing", SC },
	{ "reported reporting", SC },
	{ "reply replies replied replying respond responds responded responding "
	  "answer answers answered answering", SC },
	{ "ask asks asked asking", C_SAY | C_ADDR | C_RNP },
	{ "predict predicts predicted predicting estimate estimated", SCB },
	{ "maintain maintains maintained maintaining", SC },
	{ "complain complains complained complaining lament laments lamented "
	  "lamenting bemoan bemoans bemoaned bemoaning", SC | C_LABEL },
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
	/* "“…,” agrees Ana Ruiz", "“…,” she concluded": they attribute a
	 * quotation too, never a fragment ("agreed to “a fair deal”"). */
	{ "agree agrees agreed agreeing conclude concludes concluded concluding",
	  C_SAY | C_CLAUSE | C_NOPART },
	{ "testify testifies testified testifying tweet tweets tweeted tweeting",
	  SC },
	{ "inform informs informed informing assure assures assured assuring "
	  "remind reminds reminded reminding", SC | C_ADDR },
	{ "exclaim exclaimed quip quipped joke joked shout shouted", C_SAY },
	/* How the words were said: these attribute a quotation, never a
	 * clause ("“…,” she mused").  Past forms only: the others are as
	 * often nouns ("a retort", "whispers of a deal"). */
	{ "mused retorted scoffed yelled screamed whispered marveled marvelled "
	  "griped grumbled fumed gushed sighed deadpanned chimed posted "
	  "sang sings boomed bellowed", C_SAY },
	/* The same, never before a fragment: "charged with “reckless
	 * endangerment”", "pleaded guilty to “two counts”". */
	{ "barked snapped cracked laughed wondered interjected chided bragged "
	  "teased roared thundered intoned pleaded murmured muttered stammered "
	  "sniffed snorted growled hissed shrieked groaned mumbled ventured "
	  "pressed retaliated chanted jeered", C_SAY | C_NOPART },
	/* "Residents charged that the survey …", never a fragment ("charged
	 * with “two counts”"); the present form is as often a noun. */
	{ "charged charging", C_SAY | C_CLAUSE | C_NOPART },
	/* These take a clause too ("countered that the plan was late"). */
	{ "countered reasoned surmised opined speculated clarified recounted "
	  "proclaim proclaims proclaimed proclaiming", SC },
	{ "boast boasts boasted boasting", SC },
	{ "echoed", SC }, /* "echoes" is as often a noun */
	{ "demand demands demanded demanding", SC | C_LABEL },
	{ "urge urges urged urging", C_SAY | C_LABEL | C_RNP },
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
	/* "mocked the mayor for “…”", "thanked the crew “for …”": the
	 * quoted words are the subject's ("thanks" is as often a noun). */
	{ "mock mocks mocked mocking ridicule ridicules ridiculed ridiculing "
	  "thank thanked thanking apologize apologizes apologized apologizing "
	  "apologise apologises apologised apologising", C_LABEL },
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
	/* "went on to call her “…”": the verb after "to" is the cue; a
	 * phrase of no flags is no cue. */
	{ "went on to", 0 }, { "goes on to", 0 }, { "go on to", 0 },
	{ "going on to", 0 },
	{ "went on", C_SAY | C_NOPART }, { "goes on", C_SAY | C_NOPART },
	/* "As Ana Ruiz put it: “…”", "“…,” as one driver put it." */
	{ "put it", C_SAY | C_NOPART }, { "puts it", C_SAY | C_NOPART },
	/* "“…,” the mayor shot back." */
	{ "shot back", C_SAY | C_NOPART }, { "fired back", C_SAY | C_NOPART },
	{ "pointed out", SC }, { "points out", SC }, { "point out", SC },
	{ "pointing out", SC },
	{ "continued saying", SCB }, { "continued to say", SCB },
	{ "continues to say", SCB }, { "continuing to say", SCB },
	{ "made clear", SC }, { "made it clear", SC }, { "makes clear", SC },
	{ "refers to", C_LABEL }, { "referred to", C_LABEL },
	{ "refer to", C_LABEL }, { "referring to", C_LABEL },
	{ "spoke of", C_LABEL }, { "speaks of", C_LABEL },
};

static bool ends_with(const char *w, size_t n, const char *suffix)
{
	size_t m = strlen(suffix);
	return n > m && !memcmp(w + n - m, suffix, m);
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
	"spokespeople owner partner consultant expert member aide pollster "
	"candidate nominee republican democrat engineer librarian trustee clerk "
	"teacher nurse doctor pilot farmer baker editor-in-chief attorney-general "
	"director-general"; /* LEX_KEY bytes a word at most */

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
	"markets station channel radio television tv newspaper paper tabloid "
	"magazine review "
	"daily weekly caucus caucuses convention conference summit "
	/* the last word of a company's or a campaign group's name */
	"computer computers technologies technology software pharmaceuticals "
	"foods stores brands entertainment communications studios labs "
	"electric steel petroleum chemical chemicals insurance financial "
	"ventures associates solutions services products enterprises resources "
	"international global worldwide initiative project campaign pac watch "
	"airline";

static const char places[] =
	"korea korean koreans russia russian russians ukraine ukrainian china "
	"chinese japan japanese america american americans u.s. u.s.a. "
	"u.k. britain british england english france french germany german "
	"italy italian spain spanish canada canadian mexico mexican brazil "
	"india indian pakistan iran iranian iraq iraqi israel israeli syria "
	"syrian turkey turkish egypt egyptian saudi arabia europe european "
	"africa african asia asian pacific atlantic moscow beijing washington "
	"seoul pyongyang tokyo kyiv kiev london paris berlin brussels taiwan "
	"vietnam cuba u.n. west western east eastern north san santa los las county "
	"northern south southern australia australian poland polish sweden "
	"norway finland denmark netherlands dutch belgium austria switzerland "
	"greece portugal ireland scotland wales nigeria kenya ethiopia "
	"indonesia philippines thailand malaysia singapore argentina chile "
	"peru colombia venezuela gaza lebanon jordan qatar yemen afghanistan "
	"kremlin donbas crimea luhansk donetsk kharkiv peninsula sea ocean "
	"gulf strait region province state county city district island islands "
	"road street avenue square hall bridge river valley mountain mountains "
	"republic kingdom federation union emirates island capital "
	/* US states and big cities, which US news names more than any other
	 * place; given names and surnames among them (Virginia, Georgia,
	 * Carolina, Dakota, Montana, Dallas, Phoenix) left out, the compass
	 * word already marking "West Virginia" or "North Carolina". */
	"alabama alaska arizona arkansas california colorado connecticut "
	"delaware florida hawaii idaho illinois indiana iowa kansas kentucky "
	"louisiana maine maryland massachusetts michigan minnesota mississippi "
	"missouri nebraska nevada ohio oklahoma oregon pennsylvania tennessee "
	"texas utah vermont wisconsin wyoming hampshire jersey "
	"chicago boston philadelphia detroit atlanta miami houston denver "
	"seattle baltimore pittsburgh manhattan brooklyn queens bronx "
	/* what names a place, never a person, in its last word */
	"bay beach springs falls heights harbor harbour creek canyon coast "
	"airport capitol statehouse tower towers plaza";

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
	"few less least own same only whether like unlike even";

static const char honorifics[] =
	"mr mrs ms miss mx dr prof sir dame rev fr mr. mrs. ms. dr. prof.";

static const char auxiliaries[] =
	"is are was were will would could can may might must should shall has "
	"have had does did do isn't aren't wasn't weren't won't wouldn't couldn't "
	"can't cannot hasn't haven't hadn't doesn't didn't don't it's it'll "
	"they'll he'll she'll we'll there's";

static const char times[] =
	"monday tuesday wednesday thursday friday saturday sunday january "
	"february march april may june july august september october november "
	"december jan feb mar apr jun jul aug sep sept oct nov dec morning "
	"afternoon evening night week weekend month year day today yesterday "
	"tonight earlier later spring summer autumn winter";

static const char documents[] =
	"statement statements report release letter communique communiqué "
	"editorial commentary dispatch notice announcement memo document filing "
	"message declaration post tweet";

static const char adverbs[] =
	"also again then later earlier further once still already previously "
	"recently repeatedly reportedly now first last even only separately "
	"subsequently often never ever just too however meanwhile thus yesterday "
	"today almost nearly soon rather quite perhaps maybe here always";

/* Words in -ly that are no adverbs. */
static const char not_adverbs[] =
	"only family italy july rely reply supply apply ally "
	"daily weekly monthly yearly quarterly hourly nightly elderly";

static const char leads[] =
	"in on at after before during since shortly earlier later last meanwhile "
	"however but and yet still despite for with without under as when while "
	"although though if speaking asked addressing writing also separately "
	"additionally moreover furthermore then thus instead following amid "
	"ahead from by over within throughout upon because like unlike "
	"alongside beside besides among against given of back absent";

static const char nonroles[] =
	"who which whose whom that when where while during in on at after before "
	"speaking asked according despite with without for from by like as "
	"although though if because since until and or but also who's recently "
	"earlier later said says told added however";

/* Titles written short before a name, and the nouns a description of
 * that person uses later: "Sen. Ana Ruiz ... the senator", "Gov. Tom
 * Dane ... the governor".  General English news usage (AP style). */
static const struct {
	const char *abbrev; /* as written, with its full stop */
	const char *noun;
} title_abbrevs[] = {
	{ "sen.", "senator" }, { "sen.", "lawmaker" },
	{ "rep.", "representative" }, { "rep.", "congressman" },
	{ "rep.", "congresswoman" }, { "rep.", "lawmaker" },
	{ "gov.", "governor" }, { "lt.", "lieutenant" }, { "gen.", "general" },
	{ "col.", "colonel" }, { "sgt.", "sergeant" }, { "capt.", "captain" },
	{ "adm.", "admiral" }, { "cmdr.", "commander" }, { "prof.", "professor" },
};

size_t lex_title_abbrevs(const char *noun, const char **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < sizeof title_abbrevs / sizeof title_abbrevs[0] && n < max; i++)
		if (!strcmp(title_abbrevs[i].noun, noun))
			out[n++] = title_abbrevs[i].abbrev;
	return n;
}

static const char abbreviations[] =
	"mr mrs ms dr prof st sr jr gen col lt sgt capt gov sen rep rev jan feb "
	"mar apr jun jul aug sep sept oct nov dec no nos vs etc mt ft ave fig "
	"approx dept est";

static const char prepositions[] =
	"of at in with from for to on by over under about between among against "
	"within across";

static const char determiners[] =
	"the a an this these those his her its their our one two three some many "
	"several both other another most few";

static const char pronouns[] = "he she they it who we i";

#define LX_NOTADVERB 0x10000u /* in not_adverbs; never in a token */

static const struct {
	const char *words; /* space-separated */
	unsigned bit;
} word_lists[] = {
	{ titles, LX_TITLE }, { orgs, LX_ORG }, { places, LX_PLACE },
	{ honorifics, LX_HONORIFIC }, { stops, LX_STOP }, { auxiliaries, LX_AUX },
	{ times, LX_TIME }, { documents, LX_DOC }, { adverbs, LX_ADVERB },
	{ not_adverbs, LX_NOTADVERB }, { leads, LX_LEAD }, { nonroles, LX_NONROLE },
	{ abbreviations, LX_ABBREV }, { prepositions, LX_PREP },
	{ determiners, LX_DET }, { pronouns, LX_PRONOUN },
};

/*
 * All the words above in one hash table: the lists are asked about nearly
 * every token of an article, several times, and searching them with
 * strstr was most of the extractor's time.  The table is filled once, on
 * first use (pthread_once), and only read after that, so threads share it
 * safely.  A word is stored once with the bits of every list holding it and
 * the flags of the first cue_words entry listing it, as the searches found.
 *
 * A word's key is its bytes zero-padded to LEX_KEY bytes and read as two
 * 64-bit integers (struct lex_key): every listed word fits (lex_put marks
 * the table full otherwise, which the unit test catches).  A text's word
 * (4.6 million on a 21 MB text) is never lowercased: its hash is of its
 * key with bit 5 of every byte set, blind to ASCII case, and it matches a
 * listed word when the keys are equal but for bit 5 where the listed word
 * has a letter (struct lex_word's `exact`): a few integer operations, not
 * a loop over its bytes.
 *
 * The table is a cuckoo hash: a word can only be in one of two slots, so
 * a look-up has no probing loop (whose exits, hit or miss at any probe,
 * were mispredicted branches).  It reads the two slots' tags (8 KB, which
 * stay in the cache while the text streams by), takes the slot whose tag
 * matches, or else an empty slot that is always at hand, and compares its
 * word.  Most unlisted words so touch no other memory; the listed ones a
 * text has are mostly a few hundred frequent words, whose slots stay in
 * the cache too.  Words longer than any listed word are answered by their
 * length alone.
 */
#define LEX_KEY 16u     /* bytes of a key: the longest listed word may have */
#define LEX_SLOTS 4096u /* a power of two, over three times the words */
#define LEX_SLOT_BITS 12 /* log2(LEX_SLOTS) */

struct lex_key {
	uint64_t lo, hi; /* bytes [0, 8) and [8, 16), as memcpy reads them */
};

struct lex_word {
	struct lex_key k;     /* the listed word, lowercase */
	struct lex_key exact; /* the bits a text's word must have as k has:
	                       * all but bit 5 of k's letters a-z */
	uint32_t lists; /* LX_* */
	uint8_t cue;    /* its single-word cue's index in lex_cue_flags, else 0 */
	uint8_t n;      /* bytes of the word; 0: an empty slot, which no key of
	                 * a word (n > 0) matches */
};

/* The words, and the slots' tags (0: empty) apart from them.  The slot
 * after the last stays empty: where a look-up that matches no tag reads. */
static struct lex_word lex_table[LEX_SLOTS + 1];
static uint16_t lex_tags[LEX_SLOTS];
#define N_PHRASES (sizeof cue_phrases / sizeof *cue_phrases)
static size_t phrase_first[N_PHRASES]; /* bytes of each phrase's first word */
static bool lex_full;  /* the table ran out of room: see lex_ready() */
uint16_t lex_cue_flags[LEX_CUES]; /* [0] stays 0: no cue */
static size_t lex_n_cues = 1;
static size_t lex_longest; /* bytes of the longest word in the table */
static pthread_once_t lex_once = PTHREAD_ONCE_INIT;

/* ASCII lowercase by a table (filled first by lex_build): the endings'
 * tests (lists_of) read single bytes. */
static unsigned char lower[256];

static unsigned char fold(char c)
{
	return lower[(unsigned char)c];
}

#define BYTES8(b) ((uint64_t)(b) * 0x0101010101010101u)

/* 0xff bytes then zeros: from LEX_KEY - n on, the mask of n bytes. */
static const unsigned char lex_mask[2 * LEX_KEY] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

/* The key of w[0..n), n <= LEX_KEY; `avail` bytes from w on may be read
 * (at least n).  With LEX_KEY of them at hand it reads them at once and
 * masks what is past the word; else it copies the word first.  The bytes
 * stay as they are: memcpy gives the same integers for the same bytes. */
static inline struct lex_key lex_key_of(const char *w, size_t n, size_t avail)
{
	unsigned char buf[LEX_KEY];
	uint64_t a, b, ma, mb;
	const char *p = w;

	if (avail < LEX_KEY) {
		memset(buf, 0, sizeof buf);
		for (size_t i = 0; i < n; i++)
			buf[i] = (unsigned char)w[i];
		p = (const char *)buf;
	}
	memcpy(&a, p, 8);
	memcpy(&b, p + 8, 8);
	memcpy(&ma, lex_mask + LEX_KEY - n, 8);
	memcpy(&mb, lex_mask + LEX_KEY - n + 8, 8);
	return (struct lex_key){ a & ma, b & mb };
}

/* The key's two slots and its tag (never 0), from a hash of all of it:
 * a multiplication's high bits depend on all the lower bits of what it
 * multiplies. */
static inline uint16_t lex_slots(struct lex_key k, uint32_t *s1, uint32_t *s2)
{
	uint64_t lo = k.lo | BYTES8(0x20), hi = k.hi | BYTES8(0x20); /* case blind */
	uint64_t h = (lo ^ (hi * 0x9e3779b97f4a7c15u)) * 0xff51afd7ed558ccdu;

	*s1 = (uint32_t)(h >> (64 - LEX_SLOT_BITS));
	*s2 = (uint32_t)(h >> (64 - 2 * LEX_SLOT_BITS)) & (LEX_SLOTS - 1);
	return (uint16_t)(h >> (64 - 2 * LEX_SLOT_BITS - 16)) | 1u;
}

/* Whether slot s holds the n-byte word of key k, ASCII case aside: one
 * test of all the differences, as `&&` would be compiled into branches on
 * each. */
static inline bool lex_is(const struct lex_word *s, struct lex_key k, size_t n)
{
	return (((s->k.lo ^ k.lo) & s->exact.lo) | ((s->k.hi ^ k.hi) & s->exact.hi) |
	        (s->n ^ (uint64_t)n)) == 0;
}

/* The index of the cue flags `cue` in lex_cue_flags, added when new; 0
 * (and the table marked full) when there is no room. */
static uint8_t lex_cue_index(unsigned cue)
{
	size_t k = 1;

	while (k < lex_n_cues && lex_cue_flags[k] != cue)
		k++;
	if (k == lex_n_cues) {
		if (k == LEX_CUES) {
			lex_full = true;
			return 0;
		}
		lex_cue_flags[lex_n_cues++] = (uint16_t)cue;
	}
	return (uint8_t)k;
}

/* Puts the word w[0..n) in the table with `bit`, and `cue` when it has no
 * cue flags yet.  w must live as long as the table (a string literal).
 * A new word takes one of its two slots, moving the word there to its
 * other slot, and so on (cuckoo hashing). */
static void lex_put(const char *w, size_t n, unsigned bit, unsigned cue)
{
	struct lex_key k;
	struct lex_word *s, x;
	uint32_t s1, s2;

	if (n == 0 || lex_full)
		return;
	if (n > LEX_KEY) {
		lex_full = true; /* a longer key is needed */
		return;
	}
	k = lex_key_of(w, n, n);
	lex_slots(k, &s1, &s2);
	if (lex_is(&lex_table[s1], k, n)) {
		s = &lex_table[s1];
	} else if (lex_is(&lex_table[s2], k, n)) {
		s = &lex_table[s2];
	} else {
		uint32_t at = lex_table[s1].n ? s2 : s1;
		unsigned char exact[LEX_KEY];
		memset(&x, 0, sizeof x);
		x.k = k;
		x.n = (uint8_t)n;
		for (size_t i = 0; i < LEX_KEY; i++)
			exact[i] = i < n && w[i] >= 'a' && w[i] <= 'z' ? 0xdf : 0xff;
		memcpy(&x.exact.lo, exact, 8);
		memcpy(&x.exact.hi, exact + 8, 8);
		/* Both slots taken: x takes its first, and the word it moves
		 * goes to its other slot, and so on. */
		if (lex_table[at].n)
			at = s1;
		for (int moves = 0; lex_table[at].n; moves++) {
			struct lex_word out = lex_table[at];
			uint32_t o1, o2;
			if (moves == 500) {
				lex_full = true; /* a word is lost: never ready */
				return;
			}
			lex_table[at] = x;
			x = out;
			lex_slots(x.k, &o1, &o2);
			at = o1 == at ? o2 : o1;
		}
		lex_table[at] = x;
		if (n > lex_longest)
			lex_longest = n;
		/* Where w is now: it may have been moved on. */
		s = lex_is(&lex_table[s1], k, n) ? &lex_table[s1] : &lex_table[s2];
	}
	s->lists |= bit;
	if (!s->cue && cue)
		s->cue = lex_cue_index(cue | (ends_with(w, n, "ing") ? C_ING : 0));
}

static void lex_put_all(const char *words, unsigned bit, unsigned cue)
{
	for (const char *p = words; *p;) {
		size_t n = strcspn(p, " ");
		lex_put(p, n, bit, cue);
		p += n;
		p += strspn(p, " ");
	}
}

static void rule_lens_build(void);

static void lex_build(void)
{
	for (unsigned c = 0; c < 256; c++)
		lower[c] = (unsigned char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	for (size_t k = 0; k < sizeof word_lists / sizeof *word_lists; k++)
		lex_put_all(word_lists[k].words, word_lists[k].bit, 0);
	/* In list order: a form takes the flags of the first entry. */
	for (size_t k = 0; k < sizeof cue_words / sizeof *cue_words; k++)
		lex_put_all(cue_words[k].forms, 0, cue_words[k].flags);
	for (size_t k = 0; k < N_PHRASES; k++) {
		phrase_first[k] = strcspn(cue_phrases[k].forms, " ");
		lex_put(cue_phrases[k].forms, phrase_first[k], LX_PHRASE, 0);
	}
	for (uint32_t at = 0, s1, s2; at < LEX_SLOTS; at++)
		if (lex_table[at].n)
			lex_tags[at] = lex_slots(lex_table[at].k, &s1, &s2);
	rule_lens_build();
}

bool lex_ready(void)
{
	pthread_once(&lex_once, lex_build);
	return !lex_full;
}

/* What the table says of a word: its lists, its cue index. */
struct lex_hit {
	uint32_t lists;
	uint8_t cue;
};

/* The table's entry for w[0..n), of which `avail` bytes (n or more) may be
 * read: zeros for an unlisted word.  lex_build must have run.  The slot to
 * compare is chosen by its tag (see above); when both slots' tags match
 * (one in 32768 words) and the first holds another word, the second is
 * compared. */
static inline struct lex_hit lex_find(const char *w, size_t n, size_t avail)
{
	struct lex_key k;
	const struct lex_word *x;
	uint32_t s1, s2, at, in1, in2, m;
	uint16_t tag;

	if (n == 0 || n > lex_longest)
		return (struct lex_hit){ 0, 0 }; /* most long words: no hashing */
	k = lex_key_of(w, n, avail);
	tag = lex_slots(k, &s1, &s2);
	in1 = lex_tags[s1] == tag;
	in2 = lex_tags[s2] == tag;
	at = in2 ? s2 : LEX_SLOTS;
	at = in1 ? s1 : at;
	x = &lex_table[at];
	if ((in1 & in2) && !lex_is(x, k, n))
		x = &lex_table[s2]; /* s1's tag matched for another word */
	m = 0u - (uint32_t)lex_is(x, k, n);
	return (struct lex_hit){ x->lists & m, (uint8_t)(x->cue & m) };
}

/* Whether w[0..n) ends in a contraction after a mark, ' or ’ (U+2019):
 * -n't (isn't, won’t) or -'d -'ll -'re -'ve -'m (he’d, they're, I’m).
 * Either is an auxiliary, which opens a reported clause as "will" does;
 * the lists spell only the ASCII forms, and news text mostly has ’.
 * ’s is not here: a token cuts it as a possessive ending (he’s reads he). */
static inline bool contracted(const char *w, size_t n)
{
	unsigned char c = fold(w[n - 1]);
	size_t k, m; /* the ending is w[k..n); the mark ends at k, begins at m */

	if (c == 't' || c == 'd' || c == 'm')
		k = n - 1;
	else if ((c == 'l' && fold(w[n - 2]) == 'l') ||
	         (c == 'e' && (fold(w[n - 2]) == 'r' || fold(w[n - 2]) == 'v')))
		k = n - 2;
	else
		return false;
	if (k >= 2 && w[k - 1] == '\'')
		m = k - 1;
	else if (k >= 4 && (unsigned char)w[k - 3] == 0xe2 && (unsigned char)w[k - 2] == 0x80 &&
	         (unsigned char)w[k - 1] == 0x99)
		m = k - 3;
	else
		return false;
	return c != 't' || fold(w[m - 1]) == 'n';
}

/* The bits of the lists the word w[0..n) is in (`l` of the table), the
 * rules on endings (-ly, -ing, ASCII case-insensitive; contractions)
 * included. */
static inline unsigned lists_of(unsigned l, const char *w, size_t n)
{
	if (n > 2 && contracted(w, n))
		l |= LX_AUX;
	if (n > 2 && fold(w[n - 2]) == 'l' && fold(w[n - 1]) == 'y') {
		l |= LX_LEAD | LX_NONROLE;
		if (!(l & LX_NOTADVERB))
			l |= LX_ADVERB;
	} else if (n > 3 && fold(w[n - 3]) == 'i' && fold(w[n - 2]) == 'n' &&
	           fold(w[n - 1]) == 'g') {
		l |= LX_LEAD | LX_NONROLE;
	}
	return l;
}

unsigned lex_lists(const char *w)
{
	size_t n = strlen(w);

	pthread_once(&lex_once, lex_build);
	return lists_of(lex_find(w, n, n).lists, w, n) & LX_ALL;
}

void lex_init(void)
{
	pthread_once(&lex_once, lex_build);
}

void lex_look_up(struct tok *t, const char *text, size_t len)
{
	size_t n = tok_word_len(t, text);
	const char *w = text + t->s;
	struct lex_hit x = lex_find(w, n, len - t->s);

	unsigned l = lists_of(x.lists, w, n);

	/* "Holly said", "Emily Tran said": a capitalised word in -ly with no
	 * comma after it is a name, not an adverb ("Finally, ..." is one, and
	 * so is one in capitals: "QUICKLY"). */
	if ((t->flags & TF_CAP) && n > 2 && w[1] >= 'a' && w[1] <= 'z' &&
	    fold(w[n - 2]) == 'l' && fold(w[n - 1]) == 'y' &&
	    !(t->e < len && text[t->e] == ','))
		l &= ~((LX_ADVERB | LX_LEAD | LX_NONROLE) & ~x.lists);
	t->lists = (uint16_t)(l & (LX_ALL | LX_PHRASE));
	t->cue = x.cue;
	if (n > TK_SHORT)
		t->flags |= TF_LONG;
}

/*
 * For the unit test (tests/test-extract.c): what the table answers,
 * found the plain way, by reading the lists word by word as their first
 * version did with strstr.  Never used by the extractor.
 */
static bool plain_in(const char *words, const char *w, size_t n)
{
	char low[64];

	if (n == 0 || n >= sizeof low || memchr(w, 0, n))
		return false; /* no listed word is so */
	for (size_t i = 0; i < n; i++)
		low[i] = (char)fold(w[i]);
	low[n] = 0;
	for (const char *p = words; (p = strstr(p, low)) != NULL; p++)
		if ((p == words || p[-1] == ' ') && (p[n] == ' ' || p[n] == 0))
			return true;
	return false;
}

/* Whether the phrase's first word (n bytes) is w. */
static bool plain_first(const char *phrase, const char *w, size_t n)
{
	size_t i = 0;

	while (i < n && (unsigned char)phrase[i] == fold(w[i]))
		i++;
	return i == n;
}

void lex_plain(const char *w, size_t n, unsigned *lists, unsigned *cue)
{
	unsigned l = 0;

	pthread_once(&lex_once, lex_build);
	*cue = 0;
	if (n > 0) {
		for (size_t k = 0; k < sizeof word_lists / sizeof *word_lists; k++)
			if (plain_in(word_lists[k].words, w, n))
				l |= word_lists[k].bit;
		for (size_t k = 0; k < N_PHRASES; k++)
			if (phrase_first[k] == n && plain_first(cue_phrases[k].forms, w, n))
				l |= LX_PHRASE;
		for (size_t k = 0; k < sizeof cue_words / sizeof *cue_words && !*cue; k++)
			if (plain_in(cue_words[k].forms, w, n))
				*cue = cue_words[k].flags |
				       (n > 3 && fold(w[n - 3]) == 'i' && fold(w[n - 2]) == 'n' &&
				        fold(w[n - 1]) == 'g' ? C_ING : 0);
	}
	*lists = lists_of(l, w, n) & (LX_ALL | LX_PHRASE);
}

void lex_each_word(void (*fn)(const char *w, size_t n, void *arg), void *arg)
{
	for (size_t k = 0; k < sizeof word_lists / sizeof *word_lists; k++)
		for (const char *p = word_lists[k].words; *p; p += strspn(p, " ")) {
			size_t m = strcspn(p, " ");
			fn(p, m, arg);
			p += m;
		}
	for (size_t k = 0; k < sizeof cue_words / sizeof *cue_words; k++)
		for (const char *p = cue_words[k].forms; *p; p += strspn(p, " ")) {
			size_t m = strcspn(p, " ");
			fn(p, m, arg);
			p += m;
		}
	for (size_t k = 0; k < N_PHRASES; k++)
		fn(cue_phrases[k].forms, strcspn(cue_phrases[k].forms, " "), arg);
}

unsigned tk_lists_cut(const struct blk *b, size_t i, size_t room)
{
	size_t n;
	const char *w = tk_lower_bytes(b, i, &n);

	if (!w)
		return 0;
	if (n > room - 1)
		n = room - 1;
	pthread_once(&lex_once, lex_build);
	return lists_of(lex_find(w, n, b->len - b->t[i].s).lists, w, n) & LX_ALL;
}

unsigned lex_cue_phrase(const struct blk *b, size_t i, size_t limit, size_t *last)
{
	size_t len;
	/* Token i's word, read once for all the phrases: "was" and "is"
	 * open some, and are asked about for every cue. */
	const char *w = tk_lower_bytes(b, i, &len);

	if (!w)
		return 0;
	for (size_t k = 0; k < N_PHRASES; k++) {
		const char *p = cue_phrases[k].forms, *lw = p;
		size_t n = phrase_first[k], ln = n, j = i + 1;
		bool ok = true;
		if (n != len || !tk_fold_eq(w, p, n))
			continue;
		p += n;
		p += strspn(p, " ");
		while (*p && ok) {
			n = strcspn(p, " ");
			ok = j < limit && tk_word_eq(b, j, p, n);
			lw = p;
			ln = n;
			p += n;
			if (*p == ' ')
				p++;
			j++;
		}
		if (ok) {
			/* "went on to call": a phrase of no flags is no cue */
			if (cue_phrases[k].flags == 0)
				return 0;
			/* "as she put it:", "put it this way", "put it
			 * bluntly", not "put it to a vote", "put it in the
			 * safe" */
			if ((tk_word_is(b, i, "put") || tk_word_is(b, i, "puts")) && tk_word(b, j) &&
			    !tk_word_is(b, j, "this") && !(tk_lists(b, j, TK_ROOM) & LX_ADVERB))
				return 0;
			*last = j - 1;
			return cue_phrases[k].flags |
			       (ends_with(lw, ln, "ing") || tk_is(b, i, "going") ? C_ING : 0);
		}
	}
	return 0;
}

/* ---- short word lists of the rules (lex_word_in) ----
 *
 * Each list is read by one or two rules, which name it by its LW_ tag
 * (st-internal.h).  General English news usage only. */

/* Words that open a clause, ending the noun phrase before them. */
static const char *const clause_words[] = { "that", "who", "which", "when", "as", "after",
	"while", "because", "if" };

/* Words that open an adverbial clause: "as donors waited, ...". */
static const char *const subordinators[] = { "as", "while", "when", "because", "after",
	"before", "since", "if", "though", "although", "until", "once", "unless", "whereas" };

/* Prepositions that put the cue in a phrase of the main clause's subject:
 * "interjected to say", "erred in saying", "by saying", "after saying". */
static const char *const subject_preps[] = { "to", "in", "by", "after", "before", "without",
	"upon", "while", "when", "of", "for" };

/* "was called", "is described": a label cue in the passive. */
static const char *const passive_aux[] = { "was", "were", "is", "are", "been", "be" };

/* "a fourth term", "two calls": a cue word after an ordinal or a number
 * is a noun. */
static const char *const ordinals[] = { "first", "second", "third", "fourth", "fifth",
	"sixth", "seventh", "eighth", "ninth", "tenth", "last", "next", "two", "three",
	"four", "five", "several", "many", "few" };

/* Listeners news names by a common noun: "told reporters the ...". */
static const char *const listeners[] = { "reporters", "journalists", "lawmakers", "supporters",
	"voters", "students", "investors", "delegates", "residents" };

/* Words that open a reported clause without "that": "asked whether ...". */
static const char *const clause_openers[] = { "there", "if", "whether", "how", "why" };

/* Words that open a clause before a name: its subject is after them. */
static const char *const openers[] = { "that", "which", "who", "after", "before",
	"while", "because", "although", "since", "when", "if" };

/* The last word of a time phrase opening a sentence: "Eight years ago,". */
static const char *const time_units[] = { "ago", "years", "months", "weeks", "days",
	"hours", "decades" };

/* The other words of such a phrase: counts and determiners. */
static const char *const time_words[] = { "a", "an", "the", "this", "that", "last", "next",
	"few", "several", "one", "two", "three", "four", "five", "six", "seven", "eight",
	"nine", "ten", "twenty", "hundred", "early", "late" };

/* Words that end a subject naming no one: "the same", "nothing". */
static const char *const not_speakers[] = { "same", "so", "this", "that", "it", "nothing",
	"something", "anything", "otherwise", "much", "more", "little", "less", "too", "also",
	"yes", "no", "none" };

/* Counts that stand for people when no noun follows: "“…,” the two
 * said", "both wrote", "many said": a cue after one is a verb. */
static const char *const counts[] = { "one", "two", "three", "four", "both", "some", "many",
	"several", "few", "others", "another", "other", "most" };

/* "was quick to say", "was the first to say", "were more likely to say"
 * (a poll's answer): the cue after "to" is said, as it is not after
 * "declined to", "wants to" or "hesitant to" (cue.c went_on_to). */
static const char *const said_to[] = { "quick", "careful", "eager", "keen", "first", "likely",
	"proud", "happy", "glad", "pains" };
/* The forms of "be" and "take" before them (not "be": "would be glad to"). */
static const char *const be_done[] = { "was", "were", "is", "are", "am", "been" };
static const char *const take_forms[] = { "take", "takes", "took", "taking", "taken" };

/* Auxiliaries in the present: after "said A, and", a clause with one of
 * them goes on with what was said (reported.c new_clause_at). */
static const char *const present_aux[] = { "is", "are", "am", "has", "have", "do", "does",
	"can", "will", "isn't", "aren't", "hasn't", "haven't", "don't", "doesn't", "can't",
	"won't", "isn\u2019t", "aren\u2019t", "hasn\u2019t", "haven\u2019t", "don\u2019t",
	"doesn\u2019t", "can\u2019t", "won\u2019t" };

/* Cues in the past that st_past_verb does not know (its list has verbs
 * that are not cues; these two are cues alone): reported.c. */
static const char *const past_said[] = { "said", "told" };

/* What a cue's object is when nothing is reported: "said nothing", "said
 * little, offering only ...", unless a verb follows ("said nothing would
 * change"; reported.c). */
static const char *const no_content[] = { "nothing", "little" };

/* What a finding comes from, not who: "according to a yearly poll", "a
 * new study said".  Such a phrase is no person a "she" can stand for.
 * Singular only: a phrase ending in -s is typed a group before this list
 * is read (chains.c). */
static const char *const findings[] = { "poll", "survey", "study", "index", "count",
	"tally", "data", "estimate", "audit", "ranking" };

static const struct {
	const char *const *w;
	size_t n;
} rule_lists[LW_COUNT] = {
	[LW_CLAUSE_WORDS] = { clause_words, sizeof clause_words / sizeof *clause_words },
	[LW_SUBORDINATORS] = { subordinators, sizeof subordinators / sizeof *subordinators },
	[LW_SUBJECT_PREPS] = { subject_preps, sizeof subject_preps / sizeof *subject_preps },
	[LW_PASSIVE_AUX] = { passive_aux, sizeof passive_aux / sizeof *passive_aux },
	[LW_ORDINALS] = { ordinals, sizeof ordinals / sizeof *ordinals },
	[LW_LISTENERS] = { listeners, sizeof listeners / sizeof *listeners },
	[LW_CLAUSE_OPENERS] = { clause_openers, sizeof clause_openers / sizeof *clause_openers },
	[LW_OPENERS] = { openers, sizeof openers / sizeof *openers },
	[LW_TIME_UNITS] = { time_units, sizeof time_units / sizeof *time_units },
	[LW_COUNTS] = { counts, sizeof counts / sizeof *counts },
	[LW_TIME_WORDS] = { time_words, sizeof time_words / sizeof *time_words },
	[LW_NOT_SPEAKERS] = { not_speakers, sizeof not_speakers / sizeof *not_speakers },
	[LW_SAID_TO] = { said_to, sizeof said_to / sizeof *said_to },
	[LW_BE_DONE] = { be_done, sizeof be_done / sizeof *be_done },
	[LW_TAKE] = { take_forms, sizeof take_forms / sizeof *take_forms },
	[LW_FINDINGS] = { findings, sizeof findings / sizeof *findings },
	[LW_NO_CONTENT] = { no_content, sizeof no_content / sizeof *no_content },
	[LW_PRESENT_AUX] = { present_aux, sizeof present_aux / sizeof *present_aux },
	[LW_PAST_SAID] = { past_said, sizeof past_said / sizeof *past_said },
};

/* The lengths of each list's words, bit n for n bytes, and their first
 * bytes, bit c % 32 for c, filled by lex_build (0 before: then every
 * list is read word by word).  Most tokens the rules ask about have a
 * length or a first letter no word of the list has. */
static uint32_t rule_lens[LW_COUNT], rule_firsts[LW_COUNT];

/* The lengths of the irregular past forms, bit n for n bytes, by their
 * first letter (a word of 32 bytes or more: none is).  Built by
 * lex_build. */
static uint32_t past_lens[26];

static void rule_lens_build(void)
{
	for (const char *p = lex_irregular_past + strspn(lex_irregular_past, " "); *p;) {
		size_t m = strcspn(p, " ");
		if (*p >= 'a' && *p <= 'z' && m < 32)
			past_lens[*p - 'a'] |= 1u << m;
		p += m;
		p += strspn(p, " ");
	}
	for (size_t k = 0; k < LW_COUNT; k++)
		for (size_t j = 0; j < rule_lists[k].n; j++) {
			size_t len = strlen(rule_lists[k].w[j]);
			/* a word of 32 bytes or more: found by the full read */
			rule_lens[k] |= len < 32 ? 1u << len : 0;
			rule_firsts[k] |= 1u << (rule_lists[k].w[j][0] & 31);
		}
}

bool lex_word_in(const struct blk *b, size_t i, enum lex_words w)
{
	size_t n;
	const char *p;

	p = tk_lower_bytes(b, i, &n);
	if (!rule_lens[w] || (p && n >= 32))
		return tk_word_in(b, i, rule_lists[w].w, rule_lists[w].n);
	if (!p || !(rule_lens[w] >> n & 1u) ||
	    !(rule_firsts[w] >> (tk_fold(p[0]) & 31) & 1u))
		return false;
	/* As tk_word_in().  tk_fold_eq() stops at the first byte that
	 * differs, a shorter word's NUL at the latest (a word token has no
	 * NUL), so w[n] is read only when the word is that long. */
	for (size_t k = 0; k < rule_lists[w].n; k++) {
		const char *x = rule_lists[w].w[k];
		if (x[0] == tk_fold(p[0]) && tk_fold_eq(p, x, n) && !x[n])
			return true;
	}
	return false;
}

const char lex_irregular_past[] =
	" took made gave held kept left met put ran saw sent set spent stood "
	"went won came became began brought bought built chose drew fell found "
	"got grew heard hit knew led lost paid rose sold spoke struck taught "
	"thought wrote cut shut sought felt meant drove broke fought caught dealt "
	"sat forgot threw understood withdrew woke wore shook swore tore fled "
	"flew froze stole stuck sank overcame rebuilt upheld undertook ";

bool lex_irregular_past_has(const char *w, size_t n)
{
	char key[34];

	pthread_once(&lex_once, lex_build);
	/* Most words: a first letter and a length no irregular form has
	 * (the list is all a-z, each form under 32 bytes). */
	if (n == 0 || n + 3 > sizeof key || w[0] < 'a' || w[0] > 'z' ||
	    !(past_lens[w[0] - 'a'] >> n & 1u))
		return false;
	key[0] = ' ';
	memcpy(key + 1, w, n);
	key[n + 1] = ' ';
	key[n + 2] = 0;
	return strstr(lex_irregular_past, key) != NULL;
}
