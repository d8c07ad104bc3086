/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Sign-in: OAuth 2.0 Device Authorization Grant (RFC 8628) with a small HTML
 * verification page where a tester enters the user code and picks a test
 * person. Tokens are opaque; which BSN a token belongs to is known only here.
 */
#define G_LOG_DOMAIN "loket-backend"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "loket-bsn.h"
#include "lrb.h"

#define DEVICE_GRANT_TYPE "urn:ietf:params:oauth:grant-type:device_code"
/* RFC 8628 §6.1: consonants only, no vowels and no lookalikes. */
#define USER_CODE_ALPHABET "BCDFGHJKLMNPQRSTVWXZ"

typedef enum
{
  GRANT_PENDING,
  GRANT_APPROVED,
  GRANT_DENIED,
  GRANT_REDEEMED,
} GrantState;

typedef struct
{
  char *device_code;
  char *user_code;              /* normalised: 8 letters, no dash */
  gint64 expires;               /* monotonic µs */
  int interval;                 /* seconds; grows by 5 on slow_down */
  gint64 last_poll;             /* monotonic µs, 0 before the first poll */
  GrantState state;
  char *bsn;
} DeviceGrant;

typedef struct
{
  char *bsn;
  gint64 expires;
} TokenInfo;

struct _LrbOAuth
{
  GHashTable *grants;           /* device_code → DeviceGrant (owned) */
  GHashTable *user_codes;       /* user_code → DeviceGrant */
  GHashTable *tokens;           /* access token → TokenInfo (owned) */
  guint8 pseudonym_key[32];     /* keys the userinfo `sub` pseudonyms of this run */
};

static void
device_grant_free (gpointer data)
{
  DeviceGrant *grant = data;

  g_free (grant->device_code);
  g_free (grant->user_code);
  if (grant->bsn)
    sodium_memzero (grant->bsn, strlen (grant->bsn));
  g_free (grant->bsn);
  g_free (grant);
}

static void
token_info_free (gpointer data)
{
  TokenInfo *info = data;

  g_free (info->bsn);
  g_free (info);
}

LrbOAuth *
lrb_oauth_new (void)
{
  LrbOAuth *oauth = g_new0 (LrbOAuth, 1);

  oauth->grants = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, device_grant_free);
  oauth->user_codes = g_hash_table_new (g_str_hash, g_str_equal);
  oauth->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, token_info_free);
  randombytes_buf (oauth->pseudonym_key, sizeof oauth->pseudonym_key);
  return oauth;
}

void
lrb_oauth_free (LrbOAuth *oauth)
{
  if (oauth == NULL)
    return;
  g_hash_table_unref (oauth->user_codes);
  g_hash_table_unref (oauth->grants);
  g_hash_table_unref (oauth->tokens);
  g_free (oauth);
}

static char *
new_user_code (void)
{
  char code[9];

  for (int i = 0; i < 8; i++)
    code[i] = USER_CODE_ALPHABET[randombytes_uniform (sizeof USER_CODE_ALPHABET - 1)];
  code[8] = '\0';
  return g_strdup (code);
}

/* "wdjb-mjht", "WDJB MJHT" → "WDJBMJHT" */
static char *
normalise_user_code (const char *input)
{
  GString *out = g_string_new (NULL);

  for (const char *p = input; p && *p; p++)
    if (g_ascii_isalpha (*p))
      g_string_append_c (out, g_ascii_toupper (*p));
  return g_string_free (out, FALSE);
}

static char *
display_user_code (const char *code)
{
  return g_strdup_printf ("%.4s-%s", code, code + 4);
}

const char *
lrb_oauth_token_bsn (LrbServer  *self,
                     const char *token)
{
  TokenInfo *info;

  if (token == NULL)
    return NULL;
  info = g_hash_table_lookup (self->oauth->tokens, token);
  if (info == NULL)
    return NULL;
  if (g_get_monotonic_time () >= info->expires)
    {
      g_hash_table_remove (self->oauth->tokens, token);
      return NULL;
    }
  return info->bsn;
}

/* The gateway rule: a valid citizen's bearer token. Sends 401 if missing. */
const char *
lrb_require_citizen (LrbServer         *self,
                     SoupServerMessage *msg)
{
  const char *token = lrb_bearer_token (msg);
  const char *bsn = lrb_oauth_token_bsn (self, token);
  g_autoptr(JsonObject) problem = NULL;

  if (bsn != NULL)
    return bsn;

  problem = lrb_problem_new (msg, SOUP_STATUS_UNAUTHORIZED, "Niet correct geauthenticeerd.",
                             token ? "The access token is unknown or has expired."
                                   : "The request requires a citizen's access token.");
  json_object_set_string_member (problem, "code", "authentication");
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "WWW-Authenticate",
                                token ? "Bearer error=\"invalid_token\"" : "Bearer");
  lrb_send_problem_object (msg, problem);
  return NULL;
}

static gboolean
check_client (LrbServer         *self,
              SoupServerMessage *msg,
              GHashTable        *form)
{
  const char *client_id = g_hash_table_lookup (form, "client_id");

  if (g_strcmp0 (client_id, self->config->client_id) == 0)
    return TRUE;
  lrb_send_oauth_error (msg, SOUP_STATUS_UNAUTHORIZED, "invalid_client",
                        client_id ? "Unknown client." : "client_id is required.");
  return FALSE;
}

static gboolean
check_form_post (SoupServerMessage *msg)
{
  if (!lrb_method_is (msg, "POST"))
    {
      lrb_send_method_not_allowed (msg, "POST");
      return FALSE;
    }
  if (!lrb_content_type_is (msg, "application/x-www-form-urlencoded"))
    {
      lrb_send_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                            "The body must be application/x-www-form-urlencoded.");
      return FALSE;
    }
  return TRUE;
}

void
lrb_oauth_device_handle (LrbServer         *self,
                         SoupServerMessage *msg,
                         const char        *path,
                         GHashTable        *query)
{
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(JsonObject) reply = json_object_new ();
  g_autofree char *verification_uri = NULL;
  g_autofree char *complete = NULL;
  g_autofree char *display = NULL;
  DeviceGrant *grant;

  if (!check_form_post (msg))
    return;
  form = lrb_read_form (msg);
  if (!check_client (self, msg, form))
    return;

  grant = g_new0 (DeviceGrant, 1);
  grant->device_code = lrb_random_token (32);
  do
    {
      g_free (grant->user_code);
      grant->user_code = new_user_code ();
    }
  while (g_hash_table_contains (self->oauth->user_codes, grant->user_code));
  grant->expires = g_get_monotonic_time () + (gint64) self->config->device_code_ttl * G_USEC_PER_SEC;
  grant->interval = self->config->interval;
  g_hash_table_insert (self->oauth->grants, grant->device_code, grant);
  g_hash_table_insert (self->oauth->user_codes, grant->user_code, grant);

  display = display_user_code (grant->user_code);
  verification_uri = lrb_server_url (self, "/device");
  complete = g_strdup_printf ("%s?user_code=%s", verification_uri, display);
  json_object_set_string_member (reply, "device_code", grant->device_code);
  json_object_set_string_member (reply, "user_code", display);
  json_object_set_string_member (reply, "verification_uri", verification_uri);
  json_object_set_string_member (reply, "verification_uri_complete", complete);
  json_object_set_int_member (reply, "expires_in", self->config->device_code_ttl);
  json_object_set_int_member (reply, "interval", grant->interval);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  lrb_send_json_object (msg, SOUP_STATUS_OK, reply);
}

static void
issue_token (LrbServer         *self,
             SoupServerMessage *msg,
             DeviceGrant       *grant)
{
  g_autoptr(JsonObject) reply = json_object_new ();
  TokenInfo *info = g_new0 (TokenInfo, 1);
  char *token = lrb_random_token (32);

  info->bsn = g_strdup (grant->bsn);
  info->expires = g_get_monotonic_time () + (gint64) self->config->token_ttl * G_USEC_PER_SEC;
  g_hash_table_insert (self->oauth->tokens, token, info);
  grant->state = GRANT_REDEEMED;

  json_object_set_string_member (reply, "access_token", token);
  json_object_set_string_member (reply, "token_type", "Bearer");
  json_object_set_int_member (reply, "expires_in", self->config->token_ttl);
  json_object_set_string_member (reply, "scope", "openid bsn");
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  lrb_send_json_object (msg, SOUP_STATUS_OK, reply);
}

/* RFC 8628 §3.4–3.5 */
void
lrb_oauth_token_handle (LrbServer         *self,
                        SoupServerMessage *msg,
                        const char        *path,
                        GHashTable        *query)
{
  g_autoptr(GHashTable) form = NULL;
  const char *grant_type, *device_code;
  DeviceGrant *grant;
  gint64 now = g_get_monotonic_time ();

  if (!check_form_post (msg))
    return;
  form = lrb_read_form (msg);
  grant_type = g_hash_table_lookup (form, "grant_type");
  device_code = g_hash_table_lookup (form, "device_code");

  if (grant_type == NULL)
    {
      lrb_send_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                            "grant_type is required.");
      return;
    }
  if (!g_str_equal (grant_type, DEVICE_GRANT_TYPE))
    {
      lrb_send_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "unsupported_grant_type",
                            "Only the device authorization grant is supported.");
      return;
    }
  if (!check_client (self, msg, form))
    return;
  if (device_code == NULL)
    {
      lrb_send_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                            "device_code is required.");
      return;
    }

  grant = g_hash_table_lookup (self->oauth->grants, device_code);
  if (grant == NULL || grant->state == GRANT_REDEEMED)
    {
      lrb_send_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                            "The device code is unknown or was already used.");
      return;
    }
  if (now >= grant->expires)
    {
      lrb_send_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "expired_token",
                            "The device code has expired.");
      return;
    }
  if (grant->state == GRANT_DENIED)
    {
      lrb_send_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "access_denied",
                            "The citizen refused the sign-in.");
      return;
    }
  if (grant->state == GRANT_APPROVED)
    {
      issue_token (self, msg, grant);
      return;
    }
  if (grant->last_poll != 0
      && now - grant->last_poll < (gint64) grant->interval * G_USEC_PER_SEC)
    {
      grant->interval += 5;
      grant->last_poll = now;
      lrb_send_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "slow_down",
                            "Polling too fast; the interval grew by 5 seconds.");
      return;
    }
  grant->last_poll = now;
  lrb_send_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "authorization_pending",
                        "The citizen has not signed in yet.");
}

/* ---- verification page ---- */

static const char page_head[] =
  "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
  "<meta name=\"viewport\" content=\"width=device-width\">"
  "<title>Loket test sign-in</title>"
  "<style>body{font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em}"
  ".warn{background:#fff3cd;padding:.5em 1em;border:1px solid #e0c060}"
  "label{display:block;margin:.6em 0}</style></head><body>\n"
  "<p class=\"warn\"><strong>Test double.</strong> This is the Loket reference back-end, "
  "not DigiD. Only fictitious test persons exist here.</p>\n";

static void
send_page (SoupServerMessage *msg,
           guint              status,
           const char        *body_html)
{
  g_autofree char *page = g_strconcat (page_head, body_html, "</body></html>\n", NULL);

  lrb_send_text (msg, status, "text/html; charset=utf-8", page);
}

static void
send_message_page (SoupServerMessage *msg,
                   guint              status,
                   const char        *title,
                   const char        *text)
{
  g_autofree char *t = g_markup_escape_text (title, -1);
  g_autofree char *x = g_markup_escape_text (text, -1);
  g_autofree char *html = g_strdup_printf ("<h1>%s</h1>\n<p>%s</p>\n", t, x);

  send_page (msg, status, html);
}

static void
show_form (LrbServer         *self,
           SoupServerMessage *msg,
           GHashTable        *query)
{
  const char *code = query ? g_hash_table_lookup (query, "user_code") : NULL;
  g_autofree char *code_html = g_markup_escape_text (code ? code : "", -1);
  g_autoptr(GPtrArray) persons = lrb_brp_list_persons (self->brp);
  g_autoptr(GString) html = g_string_new (NULL);

  g_string_append (html, "<h1>Sign in on the kiosk</h1>\n"
                         "<form method=\"post\" action=\"/device\">\n"
                         "<label>Code shown on the kiosk "
                         "<input name=\"user_code\" autocomplete=\"off\" required value=\"");
  g_string_append (html, code_html);
  g_string_append (html, "\"></label>\n<label>Test person <select name=\"bsn_choice\" "
                         "onchange=\"this.form.bsn.value=this.value\">"
                         "<option value=\"\">— choose —</option>\n");
  for (guint i = 0; i < persons->len; i += 2)
    {
      g_autofree char *label = g_markup_printf_escaped ("<option value=\"%s\">%s — %s</option>\n",
                                                        (char *) persons->pdata[i],
                                                        (char *) persons->pdata[i],
                                                        (char *) persons->pdata[i + 1]);
      g_string_append (html, label);
    }
  g_string_append (html, "</select></label>\n"
                         "<label>or any BSN that passes the 11-check "
                         "<input name=\"bsn\" inputmode=\"numeric\" pattern=\"[0-9]{9}\"></label>\n"
                         "<button name=\"action\" value=\"approve\">Sign in</button> "
                         "<button name=\"action\" value=\"deny\" formnovalidate>Refuse</button>\n"
                         "</form>\n");
  send_page (msg, SOUP_STATUS_OK, html->str);
}

static void
handle_form (LrbServer         *self,
             SoupServerMessage *msg)
{
  g_autoptr(GHashTable) form = lrb_read_form (msg);
  g_autofree char *code = normalise_user_code (g_hash_table_lookup (form, "user_code"));
  const char *bsn = g_hash_table_lookup (form, "bsn");
  const char *action = g_hash_table_lookup (form, "action");
  DeviceGrant *grant = g_hash_table_lookup (self->oauth->user_codes, code);

  if (bsn == NULL || *bsn == '\0')
    bsn = g_hash_table_lookup (form, "bsn_choice");

  if (grant == NULL || grant->state != GRANT_PENDING)
    {
      send_message_page (msg, SOUP_STATUS_BAD_REQUEST, "Unknown code",
                         "This code is unknown or was already used. Check the code on the kiosk.");
      return;
    }
  if (g_get_monotonic_time () >= grant->expires)
    {
      send_message_page (msg, SOUP_STATUS_BAD_REQUEST, "Code expired",
                         "This code has expired. Start again on the kiosk.");
      return;
    }
  if (g_strcmp0 (action, "deny") == 0)
    {
      grant->state = GRANT_DENIED;
      send_message_page (msg, SOUP_STATUS_OK, "Sign-in refused",
                         "The kiosk will not be signed in.");
      return;
    }
  if (!loket_bsn_is_valid (bsn))
    {
      send_message_page (msg, SOUP_STATUS_BAD_REQUEST, "Invalid BSN",
                         "A BSN has nine digits and passes the 11-check.");
      return;
    }
  grant->bsn = g_strdup (bsn);
  grant->state = GRANT_APPROVED;
  send_message_page (msg, SOUP_STATUS_OK, "Signed in",
                     "You are signed in on the kiosk. You can go back to it now.");
}

void
lrb_oauth_verify_handle (LrbServer         *self,
                         SoupServerMessage *msg,
                         const char        *path,
                         GHashTable        *query)
{
  if (!g_str_equal (path, "/device"))
    {
      lrb_send_problem (msg, SOUP_STATUS_NOT_FOUND, NULL, "No such resource.");
      return;
    }
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  if (lrb_method_is (msg, "GET") || lrb_method_is (msg, "HEAD"))
    show_form (self, msg, query);
  else if (lrb_method_is (msg, "POST"))
    handle_form (self, msg);
  else
    lrb_send_method_not_allowed (msg, "GET, POST");
}

/*
 * OpenID Connect UserInfo (OIDC Core §5.3): tells the bearer of a citizen's token whose token it
 * is. `sub` is a pseudonym, stable per citizen and per run of the back-end; `bsn` is the claim
 * a Dutch identity provider releases to a government service. GET or POST; a missing, unknown or
 * expired token gets 401 with a WWW-Authenticate challenge (RFC 6750 §3).
 */
void
lrb_oauth_userinfo_handle (LrbServer         *self,
                           SoupServerMessage *msg,
                           const char        *path,
                           GHashTable        *query)
{
  g_autoptr(JsonObject) reply = NULL;
  g_autofree char *sub = NULL;
  const char *bsn;

  if (!g_str_equal (path, "/oauth/userinfo"))
    {
      lrb_send_problem (msg, SOUP_STATUS_NOT_FOUND, NULL, "No such resource.");
      return;
    }
  if (!lrb_method_is (msg, "GET") && !lrb_method_is (msg, "POST"))
    {
      lrb_send_method_not_allowed (msg, "GET, POST");
      return;
    }

  bsn = lrb_oauth_token_bsn (self, lrb_bearer_token (msg));
  if (bsn == NULL)
    {
      const char *token = lrb_bearer_token (msg);

      /* the challenge is Bearer here (RFC 6750 §3), not the client's Basic one */
      lrb_send_oauth_error (msg, SOUP_STATUS_UNAUTHORIZED, "invalid_token",
                            token ? "The access token is unknown or has expired."
                                  : "The request requires a citizen's access token.");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate",
                                    token ? "Bearer error=\"invalid_token\"" : "Bearer");
      return;
    }

  sub = g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) self->oauth->pseudonym_key,
                                   sizeof self->oauth->pseudonym_key, bsn, -1);
  reply = json_object_new ();
  json_object_set_string_member (reply, "sub", sub);
  json_object_set_string_member (reply, "bsn", bsn);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  lrb_send_json_object (msg, SOUP_STATUS_OK, reply);
}
