/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-test-sign-in"

#include "config.h"

#include <string.h>

#include "loket-brp-client.h"
#include "loket-device-flow.h"
#include "loket-error.h"
#include "loket-person.h"
#include "loket-session.h"
#include "loket-sign-in.h"
#include "loket-test-shim.h"

/*
 * Sign-in and "what we already know", in the core (no display): the BRP person model for every
 * date and residence form, the RFC 8628 client against a scripted server, the session's wipe,
 * the recorded BRP exchanges replayed through the client, and the whole journey against the real
 * reference back-end with each kind of bad answer.
 */

static void
iterate_until (gboolean (*done) (gpointer),
               gpointer  data,
               guint     timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static LoketPerson *
person_from_json (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  LoketPerson *person;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  person = loket_person_new_from_json (json_node_get_object (json_parser_get_root (parser)), &error);
  g_assert_no_error (error);
  return person;
}

/* ---- the person model ---- */

static void
test_dates (void)
{
  struct { const char *json; LoketDateKind kind; const char *text; } cases[] = {
    { "{\"type\":\"Datum\",\"datum\":\"1904-02-15\",\"langFormaat\":\"15 februari 1904\"}",
      LOKET_DATE_FULL, "15 February 1904" },
    { "{\"type\":\"JaarMaandDatum\",\"jaar\":1948,\"maand\":5,\"langFormaat\":\"mei 1948\"}",
      LOKET_DATE_YEAR_MONTH, "May 1948 (day unknown)" },
    { "{\"type\":\"JaarDatum\",\"jaar\":1971,\"langFormaat\":\"1971\"}",
      LOKET_DATE_YEAR, "1971 (day and month unknown)" },
    { "{\"type\":\"DatumOnbekend\",\"onbekend\":true,\"langFormaat\":\"onbekend\"}",
      LOKET_DATE_UNKNOWN, "Unknown" },
    { "{\"type\":\"Datum\",\"datum\":\"1904-02-30\"}", LOKET_DATE_NONE, NULL },
    { "{\"type\":\"JaarMaandDatum\",\"jaar\":1948,\"maand\":13}", LOKET_DATE_NONE, NULL },
    { "{\"type\":\"Tijdstip\"}", LOKET_DATE_NONE, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (cases[i].json, NULL);
      g_autofree char *text = NULL;
      LoketDate date;

      g_assert_cmpint (loket_date_parse (node, &date), ==, cases[i].kind != LOKET_DATE_NONE);
      g_assert_cmpint (date.kind, ==, cases[i].kind);
      text = loket_date_format (&date);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_residences (void)
{
  g_autoptr(LoketPerson) adressering = person_from_json (
    "{\"verblijfplaats\":{\"type\":\"Adres\",\"verblijfadres\":{\"korteStraatnaam\":\"Spui\",\"huisnummer\":70}},"
    "\"adressering\":{\"adresregel1\":\"Spui 70\",\"adresregel2\":\"2511 BT  'S-GRAVENHAGE\"},"
    "\"gemeenteVanInschrijving\":{\"code\":\"0518\",\"omschrijving\":\"'s-Gravenhage\"}}");
  g_autoptr(LoketPerson) adres = person_from_json (
    "{\"verblijfplaats\":{\"type\":\"Adres\",\"verblijfadres\":{\"officieleStraatnaam\":\"Kerkstraat\","
    "\"huisnummer\":12,\"huisletter\":\"a\",\"huisnummertoevoeging\":\"bis\",\"postcode\":\"3011AB\","
    "\"woonplaats\":\"Rotterdam\"}}}");
  g_autoptr(LoketPerson) abroad = person_from_json (
    "{\"verblijfplaats\":{\"type\":\"VerblijfplaatsBuitenland\",\"verblijfadres\":{\"regel1\":\"Atatürk Caddesi 15\","
    "\"regel2\":\"35210 Izmir\",\"land\":{\"code\":\"6043\",\"omschrijving\":\"Turkije\"}}}}");
  g_autoptr(LoketPerson) unknown = person_from_json (
    "{\"verblijfplaats\":{\"type\":\"VerblijfplaatsOnbekend\",\"datumVan\":{\"type\":\"Datum\",\"datum\":\"2023-03-01\"}}}");
  g_autoptr(LoketPerson) location = person_from_json (
    "{\"verblijfplaats\":{\"type\":\"Locatie\",\"verblijfadres\":{\"locatiebeschrijving\":\"Woonboot bij de Amstel\"}}}");
  g_autoptr(LoketPerson) none = person_from_json ("{\"burgerservicenummer\":\"999993653\"}");
  const char * const *lines;

  g_assert_cmpint (loket_person_get_address_kind (adressering), ==, LOKET_ADDRESS_DUTCH);
  lines = loket_person_get_address_lines (adressering);
  g_assert_cmpstr (lines[0], ==, "Spui 70");
  g_assert_cmpstr (lines[1], ==, "2511 BT  'S-GRAVENHAGE");
  g_assert_null (lines[2]);
  g_assert_cmpstr (loket_person_get_municipality (adressering), ==, "'s-Gravenhage");

  lines = loket_person_get_address_lines (adres);
  g_assert_cmpstr (lines[0], ==, "Kerkstraat 12a bis");
  g_assert_cmpstr (lines[1], ==, "3011 AB Rotterdam");

  g_assert_cmpint (loket_person_get_address_kind (abroad), ==, LOKET_ADDRESS_ABROAD);
  lines = loket_person_get_address_lines (abroad);
  g_assert_cmpstr (lines[0], ==, "Atatürk Caddesi 15");
  g_assert_cmpstr (lines[2], ==, "Turkije");

  g_assert_cmpint (loket_person_get_address_kind (unknown), ==, LOKET_ADDRESS_UNKNOWN);
  g_assert_null (loket_person_get_address_lines (unknown)[0]);

  g_assert_cmpint (loket_person_get_address_kind (location), ==, LOKET_ADDRESS_LOCATION);
  g_assert_cmpstr (loket_person_get_address_lines (location)[0], ==, "Woonboot bij de Amstel");

  g_assert_cmpint (loket_person_get_address_kind (none), ==, LOKET_ADDRESS_NONE);
  g_assert_null (loket_person_get_name (none));
}

static void
test_relatives (void)
{
  /* A widow (Loket-made 999980002) and a deceased person (recorded 999990421). */
  g_autoptr(LoketPerson) widow = person_from_json (
    "{\"naam\":{\"voornamen\":\"Johanna Maria\",\"geslachtsnaam\":\"Bakker\"},"
    "\"geboorte\":{\"datum\":{\"type\":\"JaarMaandDatum\",\"jaar\":1948,\"maand\":5}},"
    "\"partners\":[{\"burgerservicenummer\":\"999980014\",\"naam\":{\"voornamen\":\"Hendrik\",\"voorvoegsel\":\"de\","
    "\"geslachtsnaam\":\"Vries\"},\"soortVerbintenis\":{\"code\":\"H\"},"
    "\"aangaanHuwelijkPartnerschap\":{\"datum\":{\"type\":\"Datum\",\"datum\":\"1970-06-20\"}},"
    "\"ontbindingHuwelijkPartnerschap\":{\"datum\":{\"type\":\"Datum\",\"datum\":\"2024-11-03\"},"
    "\"reden\":{\"code\":\"O\",\"omschrijving\":\"overlijden\"}}},"
    "{\"naam\":{\"geslachtsnaam\":\"Jansen\"},\"ontbindingHuwelijkPartnerschap\":{\"datum\":{\"type\":\"JaarDatum\",\"jaar\":1969}}}],"
    "\"kinderen\":[{\"naam\":{\"voornamen\":\"Kees\",\"geslachtsnaam\":\"Vries\",\"voorvoegsel\":\"de\"},"
    "\"geboorte\":{\"datum\":{\"type\":\"DatumOnbekend\",\"onbekend\":true}}}]}");
  g_autoptr(LoketPerson) deceased = person_from_json (
    "{\"naam\":{\"voornamen\":\"Adrianus Hendrikus\",\"geslachtsnaam\":\"Holthuizen\",\"volledigeNaam\":\"Adrianus Hendrikus Holthuizen\"},"
    "\"opschortingBijhouding\":{\"datum\":{\"type\":\"Datum\",\"datum\":\"1998-08-15\"},\"reden\":{\"code\":\"O\"}}}");
  const LoketRelative *partner, *ex, *child;

  g_assert_cmpstr (loket_person_get_name (widow), ==, "Johanna Maria Bakker");
  g_assert_cmpint (loket_person_get_birth (widow)->kind, ==, LOKET_DATE_YEAR_MONTH);
  g_assert_cmpuint (loket_person_get_n_partners (widow), ==, 2);
  partner = loket_person_get_partner (widow, 0);
  g_assert_cmpstr (partner->name, ==, "Hendrik de Vries");
  g_assert_cmpstr (partner->union_kind, ==, "H");
  g_assert_cmpuint (partner->union_start.year, ==, 1970);
  g_assert_cmpint (partner->union_end.kind, ==, LOKET_DATE_FULL);
  g_assert_true (partner->union_ended_by_death);
  ex = loket_person_get_partner (widow, 1);
  g_assert_cmpstr (ex->name, ==, "Jansen");
  g_assert_cmpint (ex->union_end.kind, ==, LOKET_DATE_YEAR);
  g_assert_false (ex->union_ended_by_death);
  child = loket_person_get_child (widow, 0);
  g_assert_cmpstr (child->name, ==, "Kees de Vries");
  g_assert_null (child->bsn);
  g_assert_cmpint (child->birth.kind, ==, LOKET_DATE_UNKNOWN);

  g_assert_cmpint (loket_person_get_death (deceased)->kind, ==, LOKET_DATE_FULL);
  g_assert_cmpuint (loket_person_get_death (deceased)->year, ==, 1998);
}

/* ---- the device flow against a scripted token endpoint ---- */

typedef struct
{
  SoupServer *server;
  char       *url;
  GPtrArray  *script;    /* token answers, in order; the last repeats */
  guint       polls;
  gint64      poll_time[16];
  guint       expires_in;
} Scripted;

static void
scripted_cb (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  Scripted *s = user_data;
  g_autofree char *body = NULL;
  const char *answer;

  if (g_str_equal (path, "/device"))
    {
      body = g_strdup_printf ("{\"device_code\":\"dc-secret\",\"user_code\":\"WDJB-MJHT\","
                              "\"verification_uri\":\"%s/verify\",\"verification_uri_complete\":"
                              "\"%s/verify?user_code=WDJB-MJHT\",\"expires_in\":%u,\"interval\":1}",
                              s->url, s->url, s->expires_in);
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
      return;
    }
  if (s->polls < G_N_ELEMENTS (s->poll_time))
    s->poll_time[s->polls] = g_get_monotonic_time ();
  answer = s->script->pdata[MIN (s->polls, s->script->len - 1)];
  s->polls++;
  soup_server_message_set_status (msg, g_str_has_prefix (answer, "{\"access_token") ? 200 : 400, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, answer, strlen (answer));
}

typedef struct
{
  gboolean          done;
  LoketAccessToken *token;
  GError           *error;
  LoketDeviceCode  *code;
} FlowResult;

static void
on_code_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  FlowResult *r = user_data;

  r->code = loket_device_flow_start_finish (LOKET_DEVICE_FLOW (object), result, &r->error);
  r->done = TRUE;
}

static void
on_token_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  FlowResult *r = user_data;

  r->token = loket_device_flow_poll_finish (LOKET_DEVICE_FLOW (object), result, &r->error);
  r->done = TRUE;
}

static gboolean
flow_done (gpointer data)
{
  return ((FlowResult *) data)->done;
}

/* Runs a flow whose token endpoint answers @first..., NULL-terminated. */
static LoketDeviceFlow *
run_flow (Scripted   *s,
          FlowResult *r,
          const char *first,
          ...)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  LoketEndpoints endpoints = { 0 };
  LoketDeviceFlow *flow;
  va_list ap;

  s->server = soup_server_new (NULL, NULL);
  s->script = g_ptr_array_new ();
  if (s->expires_in == 0)
    s->expires_in = 60;
  va_start (ap, first);
  for (const char *a = first; a; a = va_arg (ap, const char *))
    g_ptr_array_add (s->script, (char *) a);
  va_end (ap);
  soup_server_add_handler (s->server, NULL, scripted_cb, s, NULL);
  soup_server_listen_local (s->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (s->server);
  s->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  endpoints.device_authorization_endpoint = g_strconcat (s->url, "/device", NULL);
  endpoints.token_endpoint = g_strconcat (s->url, "/token", NULL);
  endpoints.client_id = "loket-kiosk";
  flow = loket_device_flow_new (session, &endpoints);
  g_free (endpoints.device_authorization_endpoint);
  g_free (endpoints.token_endpoint);
  loket_device_flow_set_time_unit (flow, 20);

  loket_device_flow_start_async (flow, NULL, on_code_cb, r);
  iterate_until (flow_done, r, 5000);
  g_assert_no_error (r->error);
  g_assert_cmpstr (r->code->user_code, ==, "WDJB-MJHT");
  g_assert_true (g_str_has_suffix (r->code->verification_uri_complete, "?user_code=WDJB-MJHT"));
  r->done = FALSE;
  loket_device_flow_poll_async (flow, NULL, on_token_cb, r);
  iterate_until (flow_done, r, 10000);
  return flow;
}

static void
scripted_free (Scripted *s, FlowResult *r)
{
  soup_server_disconnect (s->server);
  g_object_unref (s->server);
  g_ptr_array_unref (s->script);
  g_free (s->url);
  loket_device_code_free (r->code);
  loket_access_token_free (r->token);
  g_clear_error (&r->error);
}

#define PENDING "{\"error\":\"authorization_pending\"}"
#define SLOW "{\"error\":\"slow_down\"}"
#define TOKEN "{\"access_token\":\"tok-123\",\"token_type\":\"Bearer\",\"expires_in\":900}"

static void
test_flow_slow_down (void)
{
  Scripted s = { 0 };
  FlowResult r = { 0 };
  g_autoptr(LoketDeviceFlow) flow = run_flow (&s, &r, PENDING, SLOW, PENDING, TOKEN, NULL);

  g_assert_no_error (r.error);
  g_assert_cmpstr (r.token->access_token, ==, "tok-123");
  g_assert_cmpuint (r.token->expires_in, ==, 900);
  g_assert_cmpuint (s.polls, ==, 4);
  /* interval 1 (20 ms here); after slow_down 1 + 5 = 6 (120 ms) for this and every later poll */
  g_assert_cmpuint (loket_device_flow_get_interval (flow), ==, 6);
  g_assert_cmpint (s.poll_time[1] - s.poll_time[0], >=, 20 * 1000);
  g_assert_cmpint (s.poll_time[2] - s.poll_time[1], >=, 120 * 1000);
  g_assert_cmpint (s.poll_time[3] - s.poll_time[2], >=, 120 * 1000);
  scripted_free (&s, &r);
}

static void
test_flow_errors (void)
{
  struct { const char *answer; int code; } cases[] = {
    { "{\"error\":\"expired_token\"}", LOKET_ERROR_EXPIRED },
    { "{\"error\":\"access_denied\"}", LOKET_ERROR_DENIED },
    { "{\"error\":\"invalid_grant\"}", LOKET_ERROR_INVALID_DATA },
    { "{not json", LOKET_ERROR_INVALID_DATA },
    { "{\"access_token\":42}", LOKET_ERROR_INVALID_DATA },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Scripted s = { 0 };
      FlowResult r = { 0 };
      g_autoptr(LoketDeviceFlow) flow = run_flow (&s, &r, PENDING, cases[i].answer, NULL);

      g_assert_error (r.error, LOKET_ERROR, cases[i].code);
      g_assert_null (r.token);
      scripted_free (&s, &r);
    }
}

static void
test_flow_local_expiry (void)
{
  Scripted s = { .expires_in = 2 };
  FlowResult r = { 0 };
  g_autoptr(LoketDeviceFlow) flow = run_flow (&s, &r, PENDING, NULL);

  /* 2 "seconds" of 20 ms: the code's own lifetime ends the polling. */
  g_assert_error (r.error, LOKET_ERROR, LOKET_ERROR_EXPIRED);
  g_assert_cmpuint (s.polls, <=, 3);
  scripted_free (&s, &r);
}

static void
on_cancelled_token_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  FlowResult *r = user_data;

  r->token = loket_device_flow_poll_finish (LOKET_DEVICE_FLOW (object), result, &r->error);
  r->done = TRUE;
}

static void
test_flow_cancel (void)
{
  Scripted s = { 0 };
  FlowResult r = { 0 };
  g_autoptr(LoketDeviceFlow) flow = run_flow (&s, &r, TOKEN, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  loket_access_token_free (g_steal_pointer (&r.token));
  /* A second poll, cancelled while it waits: it ends at once, cancelled. */
  r.done = FALSE;
  loket_device_flow_poll_async (flow, cancellable, on_cancelled_token_cb, &r);
  g_cancellable_cancel (cancellable);
  iterate_until (flow_done, &r, 1000);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  scripted_free (&s, &r);
}

/* ---- the session ---- */

static void
count_cb (gpointer counter)
{
  (*(guint *) counter)++;
}

static void
test_session_wipe (void)
{
  g_autoptr(LoketSession) session = loket_session_new ();
  g_autoptr(LoketPerson) person = person_from_json (
    "{\"burgerservicenummer\":\"999970124\",\"naam\":{\"volledigeNaam\":\"Pieter van Paassen\"},"
    "\"adressering\":{\"adresregel1\":\"Kerkstraat 12 bis\"},\"partners\":[{\"naam\":{\"voornamen\":\"Pia\"}}]}");
  GCancellable *cancellable = loket_session_get_cancellable (session);
  guint notified = 0, wiped = 0;

  g_object_ref (cancellable);
  g_signal_connect_swapped (session, "notify::signed-in", G_CALLBACK (count_cb), &notified);
  g_signal_connect_swapped (session, "wiped", G_CALLBACK (count_cb), &wiped);

  loket_session_sign_in (session, "tok-123", 900, "999970124", person);
  g_assert_true (loket_session_get_signed_in (session));
  g_assert_cmpstr (loket_session_get_access_token (session), ==, "tok-123");
  g_assert_true (loket_session_get_person (session) == person);
  g_assert_cmpuint (notified, ==, 1);

  loket_session_wipe (session);
  g_assert_true (g_cancellable_is_cancelled (cancellable));
  g_assert_false (loket_session_get_signed_in (session));
  g_assert_null (loket_session_get_access_token (session));
  g_assert_null (loket_session_get_bsn (session));
  g_assert_null (loket_session_get_person (session));
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpuint (wiped, ==, 1);
  /* A reference kept elsewhere holds nothing personal any more. */
  g_assert_null (loket_person_get_name (person));
  g_assert_null (loket_person_get_bsn (person));
  g_assert_null (loket_person_get_address_lines (person)[0]);
  g_assert_cmpuint (loket_person_get_n_partners (person), ==, 0);
  g_object_unref (cancellable);

  /* The token's lifetime ends the sign-in by itself. */
  loket_session_sign_in (session, "tok-456", 1, "999970124", person);
  g_assert_true (loket_session_get_signed_in (session));
  {
    gint64 end = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

    while (loket_session_get_signed_in (session) && g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_false (loket_session_get_signed_in (session));
  g_assert_true (loket_session_get_sign_in_expired (session));
  loket_session_wipe (session);
  g_assert_false (loket_session_get_sign_in_expired (session));
}

/* ---- the recorded BRP exchanges, replayed through the client ---- */

typedef struct
{
  JsonObject *request;  /* (unowned) the recorded request */
  JsonObject *response; /* (unowned) */
  char       *method;
  char       *path;
  char       *body;
  char       *content_type;
} Replay;

static void
replay_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Replay *r = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  JsonObject *status = json_object_get_object_member (r->response, "status");
  const char *answer = json_object_get_string_member (json_object_get_object_member (r->response, "body"), "string");

  r->method = g_strdup (soup_server_message_get_method (msg));
  r->path = g_strdup (path);
  r->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  r->content_type = g_strdup (soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL));
  soup_server_message_set_status (msg, json_object_get_int_member (status, "code"), NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, answer, strlen (answer));
}

typedef struct
{
  gboolean   done;
  GPtrArray *persons;
  GError    *error;
} QueryResult;

static void
on_query_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  QueryResult *q = user_data;

  q->persons = loket_brp_client_query_finish (LOKET_BRP_CLIENT (object), result, &q->error);
  q->done = TRUE;
}

static gboolean
query_done (gpointer data)
{
  return ((QueryResult *) data)->done;
}

static GStrv
strv_from_array (JsonArray *array)
{
  GStrv strv = g_new0 (char *, json_array_get_length (array) + 1);

  for (guint i = 0; i < json_array_get_length (array); i++)
    strv[i] = g_strdup (json_array_get_string_element (array, i));
  return strv;
}

/* Sends the recorded request through the client, checks what was sent, and returns the
 * persons parsed from the recorded answer. */
static GPtrArray *
replay (JsonObject *interaction)
{
  Replay r = { 0 };
  QueryResult q = { 0 };
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autoptr(GUri) recorded_uri = NULL;
  g_autoptr(JsonNode) recorded_body = NULL;
  g_autoptr(JsonNode) sent_body = NULL;
  g_autoptr(LoketBrpClient) client = NULL;
  g_auto(GStrv) bsns = NULL;
  g_auto(GStrv) fields = NULL;
  g_autofree char *endpoint = NULL;
  JsonObject *recorded, *sent;
  const char *members[] = { "type", "burgerservicenummer", "fields" };

  r.request = json_object_get_object_member (interaction, "request");
  r.response = json_object_get_object_member (interaction, "response");
  recorded_uri = g_uri_parse (json_object_get_string_member (r.request, "uri"), G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  recorded_body = json_from_string (json_object_get_string_member (r.request, "body"), &error);
  g_assert_no_error (error);
  recorded = json_node_get_object (recorded_body);

  soup_server_add_handler (server, NULL, replay_cb, &r, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  endpoint = g_strdup_printf ("http://127.0.0.1:%d%s", g_uri_get_port (uris->data),
                              g_uri_get_path (recorded_uri));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  bsns = strv_from_array (json_object_get_array_member (recorded, "burgerservicenummer"));
  fields = strv_from_array (json_object_get_array_member (recorded, "fields"));
  client = loket_brp_client_new (session, endpoint);
  loket_brp_client_query_async (client, "recorded-token", (const char * const *) bsns,
                                (const char * const *) fields, NULL, on_query_cb, &q);
  iterate_until (query_done, &q, 5000);
  g_assert_no_error (q.error);

  /* The request the client sent is the recorded one: method, path, and the body's members. */
  g_assert_cmpstr (r.method, ==, json_object_get_string_member (r.request, "method"));
  g_assert_cmpstr (r.path, ==, g_uri_get_path (recorded_uri));
  g_assert_true (g_str_has_prefix (r.content_type, "application/json"));
  sent_body = json_from_string (r.body, &error);
  g_assert_no_error (error);
  sent = json_node_get_object (sent_body);
  g_assert_cmpuint (json_object_get_size (sent), ==, json_object_get_size (recorded));
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    g_assert_true (json_node_equal (json_object_get_member (sent, members[i]),
                                    json_object_get_member (recorded, members[i])));

  g_free (r.method);
  g_free (r.path);
  g_free (r.body);
  g_free (r.content_type);
  soup_server_disconnect (server);
  return q.persons;
}

static JsonArray *
load_cassette (const char *name,
               JsonNode  **root)
{
  g_autofree char *path = g_build_filename (g_getenv ("LOKET_SOURCE_ROOT"), "..", "shared", "reference",
                                            "open-forms-recordings", name, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  *root = lb_yaml_load (path);
  return json_object_get_array_member (json_node_get_object (*root), "interactions");
}

static void
test_replay (void)
{
  g_autoptr(JsonNode) a = NULL, f = NULL, n = NULL, nf = NULL, p = NULL;
  JsonArray *adressering = load_cassette ("brp-adressering-999990421.yaml", &a);
  JsonArray *family = load_cassette ("brp-family-members-999970124.yaml", &f);
  JsonArray *naam = load_cassette ("brp-naam-999990676.yaml", &n);
  JsonArray *notfound = load_cassette ("brp-not-found-111222333.yaml", &nf);
  JsonArray *partners = load_cassette ("brp-partners-include-deceased.yaml", &p);
  g_autoptr(GPtrArray) persons = NULL;
  LoketPerson *person;
  const LoketRelative *relative;

  if (adressering == NULL || family == NULL || naam == NULL || notfound == NULL || partners == NULL)
    {
      g_test_skip ("The recordings in ../shared/reference/ are not here");
      return;
    }

  /* A real acceptance gateway: a deceased man in 's-Gravenhage, with his wife's name. */
  persons = replay (json_array_get_object_element (adressering, 0));
  g_assert_cmpuint (persons->len, ==, 1);
  person = persons->pdata[0];
  g_assert_cmpstr (loket_person_get_bsn (person), ==, "999990421");
  g_assert_cmpstr (loket_person_get_name (person), ==, "Adrianus Hendrikus Holthuizen");
  g_assert_cmpstr (loket_person_get_given_names (person), ==, "Adrianus Hendrikus");
  g_assert_cmpuint (loket_person_get_birth (person)->year, ==, 1904);
  g_assert_cmpuint (loket_person_get_birth (person)->day, ==, 15);
  g_assert_cmpint (loket_person_get_death (person)->kind, ==, LOKET_DATE_FULL);
  g_assert_cmpuint (loket_person_get_death (person)->year, ==, 1998);
  g_assert_cmpint (loket_person_get_address_kind (person), ==, LOKET_ADDRESS_DUTCH);
  g_assert_cmpstr (loket_person_get_address_lines (person)[0], ==, "Nieuwe Parklaan 58");
  g_assert_cmpstr (loket_person_get_address_lines (person)[1], ==, "2597 LD  'S-GRAVENHAGE");
  g_assert_cmpstr (loket_person_get_municipality (person), ==, "'s-Gravenhage");
  relative = loket_person_get_partner (person, 0);
  g_assert_cmpstr (relative->name, ==, "Wiegman");
  g_assert_cmpuint (relative->union_start.year, ==, 1926);
  g_clear_pointer (&persons, g_ptr_array_unref);

  /* The RvIG mock: four children and a partner, then the five of them at once. */
  persons = replay (json_array_get_object_element (family, 0));
  person = persons->pdata[0];
  g_assert_cmpuint (loket_person_get_n_children (person), ==, 4);
  relative = loket_person_get_child (person, 0);
  g_assert_cmpstr (relative->name, ==, "Pero van Paassen");
  g_assert_cmpstr (relative->bsn, ==, "999970409");
  g_assert_cmpuint (relative->birth.year, ==, 2023);
  g_assert_cmpuint (relative->birth.month, ==, 2);
  g_assert_cmpstr (loket_person_get_child (person, 3)->name, ==, "Pep van Paassen");
  g_assert_cmpuint (loket_person_get_n_partners (person), ==, 1);
  g_assert_cmpstr (loket_person_get_partner (person, 0)->name, ==, "Pia Pauw");
  g_assert_cmpint (loket_person_get_partner (person, 0)->union_end.kind, ==, LOKET_DATE_NONE);
  g_clear_pointer (&persons, g_ptr_array_unref);

  persons = replay (json_array_get_object_element (family, 1));
  g_assert_cmpuint (persons->len, ==, 5);
  person = persons->pdata[2];
  g_assert_cmpstr (loket_person_get_bsn (person), ==, "999970173");
  g_assert_cmpint (loket_person_get_death (person)->kind, ==, LOKET_DATE_FULL);
  g_assert_cmpuint (loket_person_get_death (person)->year, ==, 2025);
  g_assert_cmpint (loket_person_get_death (persons->pdata[0])->kind, ==, LOKET_DATE_NONE);
  g_clear_pointer (&persons, g_ptr_array_unref);

  persons = replay (json_array_get_object_element (naam, 0));
  g_assert_cmpstr (loket_person_get_name (persons->pdata[0]), ==, "Cornelia Francisca Wiegman");
  g_assert_cmpint (loket_person_get_birth (persons->pdata[0])->kind, ==, LOKET_DATE_NONE);
  g_clear_pointer (&persons, g_ptr_array_unref);

  /* Not found is an answer: an empty list. */
  persons = replay (json_array_get_object_element (notfound, 0));
  g_assert_cmpuint (persons->len, ==, 0);
  g_clear_pointer (&persons, g_ptr_array_unref);

  persons = replay (json_array_get_object_element (partners, 0));
  relative = loket_person_get_partner (persons->pdata[0], 0);
  g_assert_cmpstr (relative->name, ==, "Brand Berendsen");
  g_assert_cmpuint (relative->birth.year, ==, 1972);
}

/* ---- the journey against the real reference back-end ---- */

typedef struct
{
  LoketSignIn *sign_in;
  guint        state;
} Wait;

static gboolean
state_reached (gpointer data)
{
  Wait *w = data;
  LoketSignInState state = loket_sign_in_get_state (w->sign_in);

  return state == w->state || state == LOKET_SIGN_IN_FAILED;
}

static LoketSignInState
wait_for (LoketSignIn      *sign_in,
          LoketSignInState  state)
{
  Wait w = { sign_in, state };

  iterate_until (state_reached, &w, 20000);
  return loket_sign_in_get_state (sign_in);
}

typedef struct
{
  LbServer       *backend;
  LoketTestShim  *shim;
  LoketDiscovery *discovery;
  LoketSession   *session;
  LoketSignIn    *sign_in;
} Journey;

static void
journey_start (Journey    *j,
               const char *ttl)
{
  j->backend = lb_start ("--interval", "0", "--token-ttl", ttl ? ttl : "900", NULL);
  j->shim = loket_test_shim_new (j->backend);
  j->discovery = loket_discovery_new (loket_test_shim_get_url (j->shim));
  j->session = loket_session_new ();
  j->sign_in = loket_sign_in_new (j->discovery, j->session);
  loket_sign_in_set_time_unit (j->sign_in, 100);
}

static void
journey_stop (Journey *j)
{
  g_clear_object (&j->sign_in);
  g_clear_object (&j->session);
  g_clear_object (&j->discovery);
  loket_test_shim_free (j->shim);
  lb_stop (j->backend);
}

/* Signs in as @bsn: returns the final state. */
static LoketSignInState
sign_in_as (Journey    *j,
            const char *bsn,
            gboolean    approve)
{
  loket_sign_in_start (j->sign_in);
  g_assert_cmpint (wait_for (j->sign_in, LOKET_SIGN_IN_WAITING), ==, LOKET_SIGN_IN_WAITING);
  loket_test_shim_approve (j->shim, loket_sign_in_get_code (j->sign_in)->user_code, bsn, approve);
  return wait_for (j->sign_in, LOKET_SIGN_IN_DONE);
}

static void
test_journey (void)
{
  Journey j = { 0 };
  LoketPerson *person;
  g_autofree char *log = NULL;

  journey_start (&j, NULL);
  g_assert_cmpint (sign_in_as (&j, "999970124", TRUE), ==, LOKET_SIGN_IN_DONE);
  g_assert_true (loket_session_get_signed_in (j.session));
  g_assert_cmpstr (loket_session_get_bsn (j.session), ==, "999970124");
  person = loket_session_get_person (j.session);
  g_assert_cmpstr (loket_person_get_name (person), ==, "Pieter van Paassen");
  g_assert_cmpstr (loket_person_get_address_lines (person)[0], ==, "Kerkstraat 12 bis");
  g_assert_cmpuint (loket_person_get_n_partners (person), ==, 1);
  g_assert_cmpuint (loket_person_get_n_children (person), ==, 4);

  /* Another person, with a partly unknown birth date and a deceased husband. */
  g_assert_cmpint (sign_in_as (&j, "999980002", TRUE), ==, LOKET_SIGN_IN_DONE);
  person = loket_session_get_person (j.session);
  g_assert_cmpint (loket_person_get_birth (person)->kind, ==, LOKET_DATE_YEAR_MONTH);
  g_assert_cmpint (loket_person_get_partner (person, 0)->union_end.kind, ==, LOKET_DATE_FULL);

  loket_session_wipe (j.session);
  g_assert_null (loket_session_get_person (j.session));
  log = lb_read_log (j.backend);
  g_assert_null (strstr (log, "999970124"));
  journey_stop (&j);
}

static void
expect_failure (Journey    *j,
                const char *bsn,
                gboolean    approve,
                int         code)
{
  g_assert_cmpint (sign_in_as (j, bsn, approve), ==, LOKET_SIGN_IN_FAILED);
  g_assert_error ((GError *) loket_sign_in_get_error (j->sign_in), LOKET_ERROR, code);
  g_assert_false (loket_session_get_signed_in (j->session));
  g_assert_null (loket_session_get_person (j->session));
}

static void
test_bad_answers (void)
{
  Journey j = { 0 };

  journey_start (&j, NULL);

  /* Unknown BSN: the BRP answers with an empty list. */
  expect_failure (&j, "111222333", TRUE, LOKET_ERROR_NOT_FOUND);
  /* The citizen refuses on their phone. */
  expect_failure (&j, "999993653", FALSE, LOKET_ERROR_DENIED);

  /* A 400 from the BRP. */
  loket_test_shim_fault (j.shim, "brp:status:400");
  expect_failure (&j, "999993653", TRUE, LOKET_ERROR_INVALID_DATA);
  loket_test_shim_fault (j.shim, NULL);

  /* A slow BRP: the deadline ends the wait. */
  loket_test_shim_fault (j.shim, "brp:delay:3000");
  loket_sign_in_set_brp_deadline (j.sign_in, 500);
  expect_failure (&j, "999993653", TRUE, LOKET_ERROR_TIMEOUT);
  loket_test_shim_fault (j.shim, NULL);

  /* A dead BRP: the connection closes without an answer. */
  loket_test_shim_fault (j.shim, "brp:drop");
  g_assert_cmpint (sign_in_as (&j, "999993653", TRUE), ==, LOKET_SIGN_IN_FAILED);
  g_assert_true (loket_sign_in_get_error (j.sign_in)->domain == LOKET_ERROR);
  loket_test_shim_fault (j.shim, NULL);

  /* A malformed token response. */
  loket_sign_in_start (j.sign_in);
  g_assert_cmpint (wait_for (j.sign_in, LOKET_SIGN_IN_WAITING), ==, LOKET_SIGN_IN_WAITING);
  loket_test_shim_fault (j.shim, "token:malformed");
  g_assert_cmpint (wait_for (j.sign_in, LOKET_SIGN_IN_DONE), ==, LOKET_SIGN_IN_FAILED);
  g_assert_error ((GError *) loket_sign_in_get_error (j.sign_in), LOKET_ERROR, LOKET_ERROR_INVALID_DATA);
  loket_test_shim_fault (j.shim, NULL);

  /* And after all that, a sign-in still works. */
  g_assert_cmpint (sign_in_as (&j, "999993653", TRUE), ==, LOKET_SIGN_IN_DONE);
  journey_stop (&j);
}

static void
test_token_expires (void)
{
  Journey j = { 0 };
  QueryResult q = { 0 };
  g_autoptr(LoketBrpClient) client = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *token = NULL;
  g_autofree char *endpoint = NULL;
  const char *bsns[] = { "999993653", NULL };
  gint64 end;

  journey_start (&j, "2");
  g_assert_cmpint (sign_in_as (&j, "999993653", TRUE), ==, LOKET_SIGN_IN_DONE);
  token = g_strdup (loket_session_get_access_token (j.session));

  /* Mid-journey the token's two seconds run out: the session signs out by itself. */
  end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (loket_session_get_signed_in (j.session) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (loket_session_get_signed_in (j.session));
  g_assert_true (loket_session_get_sign_in_expired (j.session));

  /* The kiosk ends a sign-in no later than the back-end does (g_timeout_add_seconds() may fire up
   * to a second early); by now the back-end has ended it too, and refuses the old token. */
  g_usleep (1500 * 1000);
  endpoint = lb_url (j.backend, "/haalcentraal/api/brp/personen");
  client = loket_brp_client_new (session, endpoint);
  loket_brp_client_query_async (client, token, bsns, NULL, NULL, on_query_cb, &q);
  iterate_until (query_done, &q, 5000);
  g_assert_error (q.error, LOKET_ERROR, LOKET_ERROR_EXPIRED);
  g_clear_error (&q.error);
  journey_stop (&j);
}

int
main (int   argc,
      char *argv[])
{
  lb_init (&argc, &argv);
  g_setenv ("LANGUAGE", "en", TRUE);

  g_test_add_func ("/loket/person/dates", test_dates);
  g_test_add_func ("/loket/person/residences", test_residences);
  g_test_add_func ("/loket/person/relatives", test_relatives);
  g_test_add_func ("/loket/device-flow/slow-down", test_flow_slow_down);
  g_test_add_func ("/loket/device-flow/errors", test_flow_errors);
  g_test_add_func ("/loket/device-flow/local-expiry", test_flow_local_expiry);
  g_test_add_func ("/loket/device-flow/cancel", test_flow_cancel);
  g_test_add_func ("/loket/session/wipe", test_session_wipe);
  g_test_add_func ("/loket/brp/replay", test_replay);
  g_test_add_func ("/loket/sign-in/journey", test_journey);
  g_test_add_func ("/loket/sign-in/bad-answers", test_bad_answers);
  g_test_add_func ("/loket/sign-in/token-expires", test_token_expires);
  return g_test_run ();
}
