/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-search"

#include "config.h"

#include <string.h>

#include "loket-search.h"

/**
 * LoketSearchResult:
 *
 * One hit of a catalog search: a life event, a step or a service, with its title and summary in
 * the language of the interface, and the window location (`win.navigate`) that opens it.
 */
struct _LoketSearchResult
{
  GObject          parent_instance;

  LoketSearchKind  kind;
  char            *location; /* (owned) */
  char            *title;    /* (owned) */
  char            *summary;  /* (owned) (nullable) */
};

G_DEFINE_FINAL_TYPE (LoketSearchResult, loket_search_result, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_KIND,
  PROP_LOCATION,
  PROP_TITLE,
  PROP_SUMMARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The most tokens and characters taken from what a citizen typed: a search box, not an essay. */
#define MAX_TOKENS 8
#define MAX_INPUT_CHARS 200

static gboolean
is_token_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

static void
loket_search_result_finalize (GObject *object)
{
  LoketSearchResult *self = LOKET_SEARCH_RESULT (object);

  g_clear_pointer (&self->location, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (loket_search_result_parent_class)->finalize (object);
}

static void
loket_search_result_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LoketSearchResult *self = LOKET_SEARCH_RESULT (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_uint (value, self->kind);
      break;
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
loket_search_result_class_init (LoketSearchResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = loket_search_result_finalize;
  object_class->get_property = loket_search_result_get_property;

  properties[PROP_KIND] =
    g_param_spec_uint ("kind", NULL, NULL, LOKET_SEARCH_KIND_LIFE_EVENT, LOKET_SEARCH_KIND_SERVICE,
                       LOKET_SEARCH_KIND_LIFE_EVENT, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCATION] =
    g_param_spec_string ("location", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
loket_search_result_init (LoketSearchResult *self)
{
}

/**
 * loket_search_result_new:
 * @location: what `win.navigate` opens, for example "step:moving/report-move"
 *
 * Returns: (transfer full): a result
 */
LoketSearchResult *
loket_search_result_new (LoketSearchKind  kind,
                         const char      *location,
                         const char      *title,
                         const char      *summary)
{
  LoketSearchResult *self;

  g_return_val_if_fail (kind <= LOKET_SEARCH_KIND_SERVICE, NULL);
  g_return_val_if_fail (location != NULL, NULL);
  g_return_val_if_fail (title != NULL, NULL);

  self = g_object_new (LOKET_TYPE_SEARCH_RESULT, NULL);
  self->kind = kind;
  self->location = g_strdup (location);
  self->title = g_strdup (title);
  self->summary = summary && *summary ? g_strdup (summary) : NULL;
  return self;
}

LoketSearchKind
loket_search_result_get_kind (LoketSearchResult *self)
{
  g_return_val_if_fail (LOKET_IS_SEARCH_RESULT (self), LOKET_SEARCH_KIND_LIFE_EVENT);
  return self->kind;
}

const char *
loket_search_result_get_location (LoketSearchResult *self)
{
  g_return_val_if_fail (LOKET_IS_SEARCH_RESULT (self), NULL);
  return self->location;
}

const char *
loket_search_result_get_title (LoketSearchResult *self)
{
  g_return_val_if_fail (LOKET_IS_SEARCH_RESULT (self), NULL);
  return self->title;
}

/**
 * loket_search_result_get_summary:
 *
 * Returns: (nullable): one sentence about the result
 */
const char *
loket_search_result_get_summary (LoketSearchResult *self)
{
  g_return_val_if_fail (LOKET_IS_SEARCH_RESULT (self), NULL);
  return self->summary;
}

/* Folds one character: appends what it becomes to @out: nothing for a mark, a space for any
 * other character that is not part of a word, and letters in lower case (ASCII ones excepted,
 * which the index's tokenizer folds itself). */
static void
fold_char (GString  *out,
           gunichar  ch)
{
  gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gsize n = g_unichar_fully_decompose (ch, TRUE, decomposed, G_N_ELEMENTS (decomposed));

  for (gsize i = 0; i < n; i++)
    {
      gunichar c = decomposed[i];

      if (c < 0x80)
        {
          g_string_append_c (out, (char) c);
          continue;
        }
      if (g_unichar_ismark (c) || c == 0x0640 /* Arabic tatweel */)
        continue;
      switch (c)
        {
        case 0x0141: /* Ł */
          c = 'L';
          break;
        case 0x0142: /* ł */
          c = 'l';
          break;
        case 0x0131: /* ı, Turkish dotless i */
          c = 'i';
          break;
        case 0x00D8: /* Ø */
          c = 'O';
          break;
        case 0x00F8: /* ø */
          c = 'o';
          break;
        case 0x0110: /* Đ */
          c = 'D';
          break;
        case 0x0111: /* đ */
          c = 'd';
          break;
        case 0x00DF: /* ß */
          g_string_append (out, "ss");
          continue;
        default:
          break;
        }
      if (!is_token_char (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c < 0x80 ? c : g_unichar_tolower (c));
    }
}

/* What each character of the Basic Multilingual Plane folds to, worked out the first time it is
 * seen: FOLD_UNKNOWN, FOLD_DROP (a mark), FOLD_MANY (more than one character; folded each time),
 * or the character it becomes plus FOLD_BASE. Every thread that fills in an entry writes the
 * same value, so the entries need no lock. Indexing a catalog folds millions of characters, and
 * decomposing each of them again was a fifth of the time it took. */
enum
{
  FOLD_UNKNOWN,
  FOLD_DROP,
  FOLD_MANY,
  FOLD_BASE
};

static gint fold_cache[0x10000];

static void
fold_char_cached (GString  *out,
                  gunichar  ch)
{
  gint entry;

  if (ch >= G_N_ELEMENTS (fold_cache))
    {
      fold_char (out, ch);
      return;
    }

  entry = g_atomic_int_get (&fold_cache[ch]);
  if (entry == FOLD_UNKNOWN)
    {
      g_autoptr(GString) folded = g_string_new (NULL);

      fold_char (folded, ch);
      if (folded->len == 0)
        entry = FOLD_DROP;
      else if (g_utf8_strlen (folded->str, folded->len) == 1)
        entry = (gint) g_utf8_get_char (folded->str) + FOLD_BASE;
      else
        entry = FOLD_MANY;
      g_atomic_int_set (&fold_cache[ch], entry);
    }

  if (entry == FOLD_MANY)
    fold_char (out, ch);
  else if (entry != FOLD_DROP)
    g_string_append_unichar (out, (gunichar) (entry - FOLD_BASE));
}

/**
 * loket_search_normalize:
 *
 * Folds @text the same way for the index and for what a citizen types, before SQLite's `ascii`
 * tokenizer (which folds the case of ASCII letters and splits words at ASCII punctuation and
 * spaces) sees it: compatibility decomposition, then every combining mark dropped, other letters
 * in lower case, and every other character that is not a letter or a digit made a space. So
 * words are split the same way in the index and in a query, in every script (GLib's Unicode
 * tables, not SQLite's older ones, decide what a letter is), and "café" matches "cafe",
 * Arabic with or without vowel marks (harakat) and with or without hamza on the alif matches the
 * same words, and Polish "zasiłek" matches "zasilek". Ge'ez syllables do not decompose and stay
 * as they are. Letters that Unicode does not decompose but that people type without their stroke
 * are mapped by hand.
 *
 * Returns: (transfer full): the folded text
 */
char *
loket_search_normalize (const char *text)
{
  GString *out;
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    return g_strdup ("");

  /* Character by character rather than g_utf8_normalize() on the whole text: ASCII, most of what
   * the catalog holds, is copied as it is, and every other character is folded on its own.
   * That gives the same result as NFKD followed by dropping the marks, because canonical
   * reordering only moves combining marks, and those are all dropped. */
  out = g_string_sized_new (strlen (text));
  p = text;
  while (*p)
    {
      const char *run = p;

      while (*p != '\0' && (guchar) *p < 0x80)
        p++;
      if (p > run)
        g_string_append_len (out, run, p - run);
      if (*p == '\0')
        break;
      fold_char_cached (out, g_utf8_get_char (p));
      p = g_utf8_next_char (p);
    }
  return g_string_free (out, FALSE);
}

/**
 * loket_search_build_query:
 * @input: what a citizen typed
 *
 * Builds a safe FTS5 prefix query from free text. Only letters, digits and combining marks make
 * up tokens; every token is quoted and gets a prefix star, so no FTS syntax (quotes, `*`, `-`,
 * `NEAR`, `OR`, column filters, parentheses) typed by anyone ever reaches the parser. Tokens are
 * joined by spaces, which FTS5 reads as AND.
 *
 * Returns: (transfer full) (nullable): the query, or %NULL when @input holds no token
 */
char *
loket_search_build_query (const char *input)
{
  g_autofree char *valid = NULL;
  g_autofree char *folded = NULL;
  g_autoptr(GString) query = g_string_new (NULL);
  const char *p;
  guint n_chars = 0;
  guint n_tokens = 0;

  g_return_val_if_fail (input != NULL, NULL);

  valid = g_utf8_make_valid (input, -1);
  folded = loket_search_normalize (valid);

  p = folded;
  while (*p && n_tokens < MAX_TOKENS && n_chars < MAX_INPUT_CHARS)
    {
      const char *start;

      while (*p && !is_token_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (*p == '\0')
        break;

      start = p;
      while (*p && is_token_char (g_utf8_get_char (p)) && n_chars < MAX_INPUT_CHARS)
        {
          p = g_utf8_next_char (p);
          n_chars++;
        }

      if (query->len > 0)
        g_string_append_c (query, ' ');
      /* The token holds no '"' (only letters, digits and marks), so quoting it is enough. */
      g_string_append_c (query, '"');
      g_string_append_len (query, start, p - start);
      g_string_append (query, "\"*");
      n_tokens++;
    }

  if (n_tokens == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&query), FALSE);
}
