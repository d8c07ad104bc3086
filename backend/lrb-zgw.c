/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Cases: the ZGW APIs as Open Zaak serves them — Zaken API 1.5 (zaken,
 * statussen, rollen, zaakinformatieobjecten), a read-only Catalogi API 1.3
 * subset (catalogussen, zaaktypen, statustypen, roltypen,
 * informatieobjecttypen) and Documenten API enkelvoudiginformatieobjecten.
 * JWT HS256 client authentication, Accept-Crs/Content-Crs on /zaken, paged
 * {count,next,previous,results}, and Open Zaak's error bodies.
 */
#define G_LOG_DOMAIN "loket-backend"

#include "config.h"

#include <gio/gio.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "loket-bsn.h"
#include "lrb.h"

typedef struct
{
  const char *component;
  const char *resource;
  gboolean writable;
  const char *const *required;
} ZgwResource;

static const char *const zaak_required[] = {
  "zaaktype", "bronorganisatie", "verantwoordelijkeOrganisatie", "startdatum", NULL
};
static const char *const status_required[] = { "zaak", "statustype", "datumStatusGezet", NULL };
static const char *const rol_required[] = {
  "zaak", "betrokkeneType", "roltype", "roltoelichting", NULL
};
static const char *const zio_required[] = { "zaak", "informatieobject", NULL };
static const char *const eio_required[] = {
  "bronorganisatie", "creatiedatum", "titel", "auteur", "taal", "informatieobjecttype", NULL
};

static const ZgwResource resources[] = {
  { "zaken", "zaken", TRUE, zaak_required },
  { "zaken", "statussen", TRUE, status_required },
  { "zaken", "rollen", TRUE, rol_required },
  { "zaken", "zaakinformatieobjecten", TRUE, zio_required },
  { "catalogi", "catalogussen", FALSE, NULL },
  { "catalogi", "zaaktypen", FALSE, NULL },
  { "catalogi", "statustypen", FALSE, NULL },
  { "catalogi", "roltypen", FALSE, NULL },
  { "catalogi", "informatieobjecttypen", FALSE, NULL },
  { "documenten", "enkelvoudiginformatieobjecten", TRUE, eio_required },
};

struct _LrbZgw
{
  char *base_url;
  GHashTable *collections;      /* resource → GPtrArray of JsonObject */
  GHashTable *by_url;           /* url → JsonObject (borrowed) */
  GHashTable *templates;        /* resource → JsonObject */
  char *intake_zaaktype;
  guint zaak_counter;
  guint document_counter;
};

static const ZgwResource *
find_resource (const char *component,
               const char *resource)
{
  for (gsize i = 0; i < G_N_ELEMENTS (resources); i++)
    if (g_str_equal (resources[i].component, component)
        && g_str_equal (resources[i].resource, resource))
      return &resources[i];
  return NULL;
}

static GPtrArray *
collection (LrbZgw     *zgw,
            const char *resource)
{
  GPtrArray *array = g_hash_table_lookup (zgw->collections, resource);

  if (array == NULL)
    {
      array = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
      g_hash_table_insert (zgw->collections, g_strdup (resource), array);
    }
  return array;
}

static void
store (LrbZgw     *zgw,
       const char *resource,
       JsonObject *object)
{
  g_ptr_array_add (collection (zgw, resource), object);
  g_hash_table_insert (zgw->by_url, g_strdup (json_object_get_string_member (object, "url")),
                       object);
}

static JsonObject *
lookup_url (LrbZgw     *zgw,
            const char *url)
{
  return url ? g_hash_table_lookup (zgw->by_url, url) : NULL;
}

/* ---- Open Zaak error bodies ---- */

static JsonObject *
fout_new (LrbZgw     *zgw,
          guint       status,
          const char *type_name,
          const char *code,
          const char *title,
          const char *detail)
{
  JsonObject *fout = json_object_new ();
  g_autofree char *type = g_strdup_printf ("%s/ref/fouten/%s/", zgw->base_url, type_name);
  g_autofree char *uuid = lrb_uuid ();
  g_autofree char *instance = g_strconcat ("urn:uuid:", uuid, NULL);

  json_object_set_string_member (fout, "type", type);
  json_object_set_string_member (fout, "code", code);
  json_object_set_string_member (fout, "title", title);
  json_object_set_int_member (fout, "status", status);
  json_object_set_string_member (fout, "detail", detail);
  json_object_set_string_member (fout, "instance", instance);
  return fout;
}

/* Open Zaak sends its Fout bodies as application/json (recorded). */
static void
send_fout (SoupServerMessage *msg,
           JsonObject        *fout)
{
  lrb_send_json_object (msg, json_object_get_int_member (fout, "status"), fout);
}

static void
send_simple_fout (LrbZgw            *zgw,
                  SoupServerMessage *msg,
                  guint              status,
                  const char        *type_name,
                  const char        *code,
                  const char        *title,
                  const char        *detail)
{
  g_autoptr(JsonObject) fout = fout_new (zgw, status, type_name, code, title, detail);

  send_fout (msg, fout);
}

/* ---- JWT HS256 (Open Zaak's client authentication) ---- */

static guint8 *
b64url_decode (const char *text,
               gsize       len,
               gsize      *out_len)
{
  guint8 *out = g_malloc (len + 1);

  if (sodium_base642bin (out, len + 1, text, len, NULL, out_len, NULL,
                         sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    {
      g_free (out);
      return NULL;
    }
  return out;
}

static JsonObject *
decode_json_part (const char *text,
                  gsize       len)
{
  gsize size = 0;
  g_autofree guint8 *raw = b64url_decode (text, len, &size);
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (raw == NULL || !json_parser_load_from_data (parser, (const char *) raw, size, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  return json_node_dup_object (json_parser_get_root (parser));
}

static gboolean
jwt_signature_ok (const char *token,
                  gsize       signed_len,
                  const char *signature,
                  const char *secret)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret));
  guint8 digest[32];
  gsize digest_len = sizeof digest, sig_len = 0;
  g_autofree guint8 *sig = b64url_decode (signature, strlen (signature), &sig_len);

  g_hmac_update (hmac, (const guchar *) token, signed_len);
  g_hmac_get_digest (hmac, digest, &digest_len);
  return sig != NULL && sig_len == digest_len && sodium_memcmp (sig, digest, digest_len) == 0;
}

static const char *
jwt_check (LrbServer  *self,
           const char *token)
{
  const char *dot1, *dot2, *client = NULL;
  g_autoptr(JsonObject) header = NULL;
  g_autoptr(JsonObject) payload = NULL;
  const char *alg = NULL;
  JsonNode *iat;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  dot1 = strchr (token, '.');
  dot2 = dot1 ? strchr (dot1 + 1, '.') : NULL;
  if (dot2 == NULL || strchr (dot2 + 1, '.') != NULL)
    return "The token is not a JWT.";
  header = decode_json_part (token, dot1 - token);
  payload = decode_json_part (dot1 + 1, dot2 - dot1 - 1);
  if (header == NULL || payload == NULL)
    return "The token is not a JWT.";
  if (!lrb_json_get_string (header, "alg", &alg) || !g_str_equal (alg, "HS256"))
    return "Only HS256 is accepted.";
  if (!jwt_signature_ok (token, dot2 - token, dot2 + 1, self->config->zgw_secret))
    return "The signature is not valid.";
  if (!lrb_json_get_string (payload, "client_id", &client))
    lrb_json_get_string (payload, "iss", &client);
  if (g_strcmp0 (client, self->config->zgw_client_id) != 0)
    return "Unknown client_id.";
  iat = json_object_get_member (payload, "iat");
  if (iat == NULL || !JSON_NODE_HOLDS_VALUE (iat)
      || (json_node_get_value_type (iat) != G_TYPE_INT64
          && json_node_get_value_type (iat) != G_TYPE_DOUBLE))
    return "The iat claim is missing.";
  if (json_node_get_int (iat) > now + 60)
    return "The token was issued in the future.";
  if (now - json_node_get_int (iat) > self->config->jwt_max_age)
    return "The token has expired.";
  return NULL;
}

static gboolean
check_auth (LrbServer         *self,
            SoupServerMessage *msg)
{
  const char *token = lrb_bearer_token (msg);
  const char *failure;

  if (token == NULL)
    {
      send_simple_fout (self->zgw, msg, SOUP_STATUS_FORBIDDEN, "NotAuthenticated",
                        "not_authenticated", "Authenticatiegegevens zijn niet opgegeven.",
                        "Authenticatiegegevens zijn niet opgegeven.");
      return FALSE;
    }
  failure = jwt_check (self, token);
  if (failure != NULL)
    {
      send_simple_fout (self->zgw, msg, SOUP_STATUS_FORBIDDEN, "PermissionDenied",
                        "permission_denied",
                        "Je hebt geen toestemming om deze actie uit te voeren.", failure);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_crs (LrbZgw            *zgw,
           SoupServerMessage *msg,
           const char        *header)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *value = soup_message_headers_get_one (headers, header);
  g_autofree char *detail = NULL;

  if (value == NULL)
    {
      detail = g_strdup_printf ("'%s' header ontbreekt", header);
      send_simple_fout (zgw, msg, SOUP_STATUS_PRECONDITION_FAILED, "PreconditionFailed",
                        "precondition_failed", "Voorwaarde is niet vervuld", detail);
      return FALSE;
    }
  if (!g_str_equal (value, "EPSG:4326"))
    {
      detail = g_strdup_printf ("CRS '%s' is niet ondersteund", value);
      send_simple_fout (zgw, msg, SOUP_STATUS_NOT_ACCEPTABLE, "NotAcceptable",
                        "not_acceptable", "CRS-negotiatie niet mogelijk", detail);
      return FALSE;
    }
  return TRUE;
}

/* ---- listing ---- */

static gboolean
zaak_has_bsn (LrbZgw     *zgw,
              JsonObject *zaak,
              const char *bsn)
{
  GPtrArray *rollen = collection (zgw, "rollen");
  const char *url = json_object_get_string_member (zaak, "url");

  for (guint i = 0; i < rollen->len; i++)
    {
      JsonObject *rol = rollen->pdata[i];
      JsonObject *who;
      const char *inp = NULL;

      if (g_strcmp0 (json_object_get_string_member (rol, "zaak"), url) != 0
          || !json_object_has_member (rol, "betrokkeneIdentificatie")
          || json_object_get_null_member (rol, "betrokkeneIdentificatie"))
        continue;
      who = json_object_get_object_member (rol, "betrokkeneIdentificatie");
      if (lrb_json_get_string (who, "inpBsn", &inp) && g_str_equal (inp, bsn))
        return TRUE;
    }
  return FALSE;
}

static gboolean
valid_on (JsonObject *object,
          const char *date)
{
  const char *begin = NULL, *end = NULL;

  lrb_json_get_string (object, "beginGeldigheid", &begin);
  lrb_json_get_string (object, "eindeGeldigheid", &end);
  return (begin == NULL || g_strcmp0 (begin, date) <= 0)
      && (end == NULL || g_strcmp0 (date, end) <= 0);
}

static gboolean
matches_query (LrbZgw     *zgw,
               JsonObject *object,
               GHashTable *query)
{
  GHashTableIter iter;
  gpointer key, value;

  if (query == NULL)
    return TRUE;
  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      JsonNode *member;
      g_autofree char *text = NULL;

      if (g_str_equal (key, "rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn"))
        {
          if (!zaak_has_bsn (zgw, object, value))
            return FALSE;
          continue;
        }
      if (g_str_equal (key, "datumGeldigheid"))
        {
          if (!valid_on (object, value))
            return FALSE;
          continue;
        }
      member = json_object_get_member (object, key);
      if (member == NULL || !JSON_NODE_HOLDS_VALUE (member))
        continue;       /* unknown filters are ignored, as django-filter does */
      if (json_node_get_value_type (member) == G_TYPE_STRING)
        text = g_strdup (json_node_get_string (member));
      else if (json_node_get_value_type (member) == G_TYPE_BOOLEAN)
        text = g_strdup (json_node_get_boolean (member) ? "true" : "false");
      else
        text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (member));
      if (!g_str_equal (text, value))
        return FALSE;
    }
  return TRUE;
}

static const char *ordering_key;
static gboolean ordering_desc;

static int
compare_ordering (gconstpointer a,
                  gconstpointer b)
{
  JsonObject *x = *(JsonObject *const *) a, *y = *(JsonObject *const *) b;
  const char *sx = NULL, *sy = NULL;
  int cmp;

  lrb_json_get_string (x, ordering_key, &sx);
  lrb_json_get_string (y, ordering_key, &sy);
  cmp = g_strcmp0 (sx, sy);
  return ordering_desc ? -cmp : cmp;
}

static char *
page_url (LrbZgw     *zgw,
          const char *path,
          GHashTable *query,
          guint       page)
{
  g_autoptr(GHashTable) params = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *page_text = g_strdup_printf ("%u", page);
  g_autofree char *encoded = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (query != NULL)
    {
      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (params, key, value);
    }
  g_hash_table_insert (params, "page", page_text);
  encoded = soup_form_encode_hash (params);
  return g_strdup_printf ("%s%s?%s", zgw->base_url, path, encoded);
}

static void
send_list (LrbServer         *self,
           SoupServerMessage *msg,
           const char        *path,
           const char        *resource,
           GHashTable        *query)
{
  LrbZgw *zgw = self->zgw;
  GPtrArray *all = collection (zgw, resource);
  g_autoptr(GPtrArray) hits = g_ptr_array_new ();
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonArray *results = json_array_new ();
  const char *page_text = query ? g_hash_table_lookup (query, "page") : NULL;
  const char *ordering = query ? g_hash_table_lookup (query, "ordering") : NULL;
  guint64 page = 1;
  guint size = MAX (1, self->config->zgw_page_size);
  guint first, last;

  if (page_text != NULL && !g_ascii_string_to_unsigned (page_text, 10, 1, G_MAXUINT, &page, NULL))
    page = 0;
  for (guint i = 0; i < all->len; i++)
    if (matches_query (zgw, all->pdata[i], query))
      g_ptr_array_add (hits, all->pdata[i]);
  if (ordering != NULL && *ordering)
    {
      ordering_desc = ordering[0] == '-';
      ordering_key = ordering + (ordering_desc ? 1 : 0);
      g_ptr_array_sort (hits, compare_ordering);
    }

  first = (page - 1) * size;
  if (page == 0 || (page > 1 && first >= hits->len))
    {
      json_array_unref (results);
      send_simple_fout (zgw, msg, SOUP_STATUS_NOT_FOUND, "NotFound", "not_found",
                        "Niet gevonden.", "Ongeldige pagina.");
      return;
    }
  last = MIN (first + size, hits->len);
  for (guint i = first; i < last; i++)
    json_array_add_object_element (results, lrb_json_object_deep_copy (hits->pdata[i]));

  json_object_set_int_member (reply, "count", hits->len);
  if (last < hits->len)
    {
      g_autofree char *next = page_url (zgw, path, query, page + 1);

      json_object_set_string_member (reply, "next", next);
    }
  else
    json_object_set_null_member (reply, "next");
  if (page > 1)
    {
      g_autofree char *previous = page_url (zgw, path, query, page - 1);

      json_object_set_string_member (reply, "previous", previous);
    }
  else
    json_object_set_null_member (reply, "previous");
  json_object_set_array_member (reply, "results", results);
  lrb_send_json_object (msg, SOUP_STATUS_OK, reply);
}

/* ---- creating ---- */

static void
merge_into (JsonObject *target,
            JsonObject *source,
            gboolean    only_known)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, source);
  while (json_object_iter_next (&iter, &name, &value))
    {
      JsonNode *existing = json_object_get_member (target, name);

      if (existing == NULL && only_known)
        continue;
      if (existing != NULL && JSON_NODE_HOLDS_OBJECT (existing) && JSON_NODE_HOLDS_OBJECT (value))
        merge_into (json_node_get_object (existing), json_node_get_object (value), FALSE);
      else
        json_object_set_member (target, name, lrb_json_deep_copy (value));
    }
}

static gboolean
is_empty_string_member (JsonObject *object,
                        const char *member)
{
  const char *value = NULL;

  return !lrb_json_get_string (object, member, &value) || *value == '\0';
}

static void
append_url (JsonObject *object,
            const char *member,
            const char *url)
{
  if (!json_object_has_member (object, member) || json_object_get_null_member (object, member))
    json_object_set_array_member (object, member, json_array_new ());
  json_array_add_string_element (json_object_get_array_member (object, member), url);
}

static int
days_of_duration (const char *duration)
{
  int days = 0;

  if (duration != NULL && sscanf (duration, "P%dD", &days) == 1)
    return days;
  return 0;
}

static void
finish_zaak (LrbZgw     *zgw,
             JsonObject *zaak)
{
  g_autofree char *now = lrb_now_iso8601 ();
  g_autofree char *today = lrb_today ();
  const char *start = json_object_get_string_member (zaak, "startdatum");
  JsonObject *zaaktype = lookup_url (zgw, json_object_get_string_member (zaak, "zaaktype"));
  int y, m, d;

  if (is_empty_string_member (zaak, "identificatie"))
    {
      g_autofree char *id = g_strdup_printf ("ZAAK-%.4s-%010u", today, ++zgw->zaak_counter);

      json_object_set_string_member (zaak, "identificatie", id);
    }
  if (is_empty_string_member (zaak, "registratiedatum"))
    json_object_set_string_member (zaak, "registratiedatum", today);
  json_object_set_string_member (zaak, "laatstGemuteerd", now);
  if (is_empty_string_member (zaak, "uiterlijkeEinddatumAfdoening")
      && start != NULL && sscanf (start, "%d-%d-%d", &y, &m, &d) == 3 && g_date_valid_dmy (d, m, y))
    {
      g_autoptr(GDateTime) date = g_date_time_new_utc (y, m, d, 0, 0, 0);
      g_autoptr(GDateTime) due = NULL;
      g_autofree char *text = NULL;
      const char *doorlooptijd = NULL;

      if (zaaktype != NULL)
        lrb_json_get_string (zaaktype, "doorlooptijd", &doorlooptijd);
      due = g_date_time_add_days (date, days_of_duration (doorlooptijd));
      text = g_date_time_format (due, "%Y-%m-%d");
      json_object_set_string_member (zaak, "uiterlijkeEinddatumAfdoening", text);
    }
}

static void
finish_status (LrbZgw     *zgw,
               JsonObject *status)
{
  const char *zaak_url = json_object_get_string_member (status, "zaak");
  JsonObject *zaak = lookup_url (zgw, zaak_url);
  JsonObject *statustype = lookup_url (zgw, json_object_get_string_member (status, "statustype"));
  GPtrArray *statussen = collection (zgw, "statussen");

  for (guint i = 0; i < statussen->len; i++)
    if (g_strcmp0 (json_object_get_string_member (statussen->pdata[i], "zaak"), zaak_url) == 0)
      json_object_set_boolean_member (statussen->pdata[i], "indicatieLaatstGezetteStatus", FALSE);
  json_object_set_boolean_member (status, "indicatieLaatstGezetteStatus", TRUE);
  json_object_set_string_member (zaak, "status", json_object_get_string_member (status, "url"));
  if (statustype != NULL && json_object_get_boolean_member_with_default (statustype,
                                                                         "isEindstatus", FALSE))
    {
      g_autofree char *date = g_strndup (json_object_get_string_member (status, "datumStatusGezet"), 10);

      json_object_set_string_member (zaak, "einddatum", date);
    }
}

/* Open Zaak answers a verblijfsadres with every member, empty where not sent. */
static void
complete_address (JsonObject *rol)
{
  static const char *const members[] = {
    "aoaIdentificatie", "wplWoonplaatsNaam", "gorOpenbareRuimteNaam", "aoaPostcode",
    "aoaHuisletter", "aoaHuisnummertoevoeging", "inpLocatiebeschrijving",
  };
  JsonNode *who = json_object_get_member (rol, "betrokkeneIdentificatie");
  JsonNode *address;
  JsonObject *object;

  if (who == NULL || !JSON_NODE_HOLDS_OBJECT (who))
    return;
  address = json_object_get_member (json_node_get_object (who), "verblijfsadres");
  if (address == NULL || !JSON_NODE_HOLDS_OBJECT (address))
    return;
  object = json_node_get_object (address);
  for (gsize i = 0; i < G_N_ELEMENTS (members); i++)
    if (!json_object_has_member (object, members[i]))
      json_object_set_string_member (object, members[i], "");
  if (!json_object_has_member (object, "aoaHuisnummer"))
    json_object_set_int_member (object, "aoaHuisnummer", 0);
}

static void
finish_rol (LrbZgw     *zgw,
            JsonObject *rol)
{
  g_autofree char *now = lrb_now_iso8601 ();
  JsonObject *roltype = lookup_url (zgw, json_object_get_string_member (rol, "roltype"));
  JsonObject *zaak = lookup_url (zgw, json_object_get_string_member (rol, "zaak"));

  json_object_set_string_member (rol, "registratiedatum", now);
  complete_address (rol);
  if (roltype != NULL)
    {
      json_object_set_string_member (rol, "omschrijving",
                                     json_object_get_string_member (roltype, "omschrijving"));
      json_object_set_string_member (rol, "omschrijvingGeneriek",
                                     json_object_get_string_member (roltype, "omschrijvingGeneriek"));
    }
  append_url (zaak, "rollen", json_object_get_string_member (rol, "url"));
}

static void
finish_zio (LrbZgw     *zgw,
            JsonObject *zio)
{
  g_autofree char *now = lrb_now_iso8601 ();
  JsonObject *zaak = lookup_url (zgw, json_object_get_string_member (zio, "zaak"));

  json_object_set_string_member (zio, "registratiedatum", now);
  append_url (zaak, "zaakinformatieobjecten", json_object_get_string_member (zio, "url"));
}

static void
finish_document (LrbZgw     *zgw,
                 JsonObject *eio,
                 JsonObject *body)
{
  g_autofree char *now = lrb_now_iso8601 ();
  g_autofree char *today = lrb_today ();
  g_autofree char *download = g_strconcat (json_object_get_string_member (eio, "url"),
                                           "/download?versie=1", NULL);
  const char *inhoud = NULL;
  gsize size = 0;

  if (is_empty_string_member (eio, "identificatie"))
    {
      g_autofree char *id = g_strdup_printf ("DOCUMENT-%.4s-%010u", today, ++zgw->document_counter);

      json_object_set_string_member (eio, "identificatie", id);
    }
  if (lrb_json_get_string (body, "inhoud", &inhoud))
    g_free (g_base64_decode (inhoud, &size));
  json_object_set_int_member (eio, "bestandsomvang", size);
  json_object_set_string_member (eio, "inhoud", download);
  json_object_set_int_member (eio, "versie", 1);
  json_object_set_string_member (eio, "beginRegistratie", now);
}

/* Creates and stores an object; BODY must have been validated. */
static JsonObject *
create_object (LrbZgw            *zgw,
               const ZgwResource *resource,
               JsonObject        *body,
               const char        *uuid)
{
  JsonObject *tmpl = g_hash_table_lookup (zgw->templates, resource->resource);
  JsonObject *object = lrb_json_object_deep_copy (tmpl);
  g_autofree char *new_uuid = uuid ? g_strdup (uuid) : lrb_uuid ();
  g_autofree char *url = g_strdup_printf ("%s/%s/api/v1/%s/%s", zgw->base_url,
                                          resource->component, resource->resource, new_uuid);

  merge_into (object, body, TRUE);
  json_object_set_string_member (object, "url", url);
  if (json_object_has_member (object, "uuid"))
    json_object_set_string_member (object, "uuid", new_uuid);
  store (zgw, resource->resource, object);

  if (g_str_equal (resource->resource, "zaken"))
    finish_zaak (zgw, object);
  else if (g_str_equal (resource->resource, "statussen"))
    finish_status (zgw, object);
  else if (g_str_equal (resource->resource, "rollen"))
    finish_rol (zgw, object);
  else if (g_str_equal (resource->resource, "zaakinformatieobjecten"))
    finish_zio (zgw, object);
  else
    finish_document (zgw, object, body);
  return object;
}

static void
check_reference (LrbZgw     *zgw,
                 JsonObject *body,
                 const char *member,
                 const char *resource,
                 JsonObject *fout)
{
  const char *url = NULL;
  JsonObject *target;
  g_autofree char *expected = NULL;

  if (!lrb_json_get_string (body, member, &url))
    return;
  target = lookup_url (zgw, url);
  expected = g_strdup_printf ("/%s/", resource);
  if (target == NULL || strstr (url, expected) == NULL)
    lrb_problem_add_invalid (fout, member, "bad-url", "De URL is ongeldig.");
}

static void
check_identification (JsonObject *body,
                      JsonObject *fout)
{
  JsonObject *who;
  const char *value = NULL;

  if (!json_object_has_member (body, "betrokkeneIdentificatie")
      || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (body, "betrokkeneIdentificatie")))
    return;
  who = json_object_get_object_member (body, "betrokkeneIdentificatie");
  if (lrb_json_get_string (who, "inpBsn", &value) && *value)
    {
      if (!loket_bsn_is_valid (value))
        lrb_problem_add_invalid (fout, "betrokkeneIdentificatie.inpBsn", "invalid", "Onjuist BSN nummer");
      if (strlen (value) < 9)
        lrb_problem_add_invalid (fout, "betrokkeneIdentificatie.inpBsn", "min_length",
                                 "Dit veld moet ten minste 9 karakters bevatten.");
    }
  if (lrb_json_get_string (who, "innNnpId", &value) && *value)
    {
      if (!loket_bsn_is_valid (value))
        lrb_problem_add_invalid (fout, "betrokkeneIdentificatie.innNnpId", "invalid",
                                 "Onjuist RSIN nummer");
      if (strlen (value) < 9)
        lrb_problem_add_invalid (fout, "betrokkeneIdentificatie.innNnpId", "min_length",
                                 "Dit veld moet ten minste 9 karakters bevatten.");
    }
}

static void
validate_create (LrbZgw            *zgw,
                 const ZgwResource *resource,
                 JsonObject        *body,
                 JsonObject        *fout)
{
  for (gsize i = 0; resource->required[i]; i++)
    {
      JsonNode *node = json_object_get_member (body, resource->required[i]);

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        lrb_problem_add_invalid (fout, resource->required[i], "required", "Dit veld is vereist.");
    }
  check_reference (zgw, body, "zaaktype", "zaaktypen", fout);
  check_reference (zgw, body, "statustype", "statustypen", fout);
  check_reference (zgw, body, "roltype", "roltypen", fout);
  check_reference (zgw, body, "informatieobjecttype", "informatieobjecttypen", fout);
  if (!g_str_equal (resource->resource, "zaken"))
    check_reference (zgw, body, "zaak", "zaken", fout);
  check_reference (zgw, body, "informatieobject", "enkelvoudiginformatieobjecten", fout);
  if (g_str_equal (resource->resource, "rollen"))
    check_identification (body, fout);
}

static void
handle_create (LrbServer         *self,
               SoupServerMessage *msg,
               const ZgwResource *resource)
{
  LrbZgw *zgw = self->zgw;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = lrb_read_json (msg, &error);
  g_autoptr(JsonObject) fout = fout_new (zgw, SOUP_STATUS_BAD_REQUEST, "ValidationError",
                                         "invalid", "Ongeldige invoer.", "Ongeldige invoer.");
  JsonObject *created;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      send_simple_fout (zgw, msg, SOUP_STATUS_BAD_REQUEST, "ParseError", "parse_error",
                        "Malformed request.", error ? error->message : "Expected a JSON object.");
      return;
    }
  validate_create (zgw, resource, json_node_get_object (root), fout);
  if (json_object_has_member (fout, "invalidParams"))
    {
      send_fout (msg, fout);
      return;
    }
  created = create_object (zgw, resource, json_node_get_object (root), NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location",
                                json_object_get_string_member (created, "url"));
  lrb_send_json_object (msg, SOUP_STATUS_CREATED, created);
}

static void
handle_detail (LrbServer         *self,
               SoupServerMessage *msg)
{
  LrbZgw *zgw = self->zgw;
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *url = g_strconcat (zgw->base_url, g_uri_get_path (uri), NULL);
  JsonObject *object = lookup_url (zgw, url);

  if (object == NULL)
    {
      send_simple_fout (zgw, msg, SOUP_STATUS_NOT_FOUND, "NotFound", "not_found",
                        "Niet gevonden.", "Niet gevonden.");
      return;
    }
  lrb_send_json_object (msg, SOUP_STATUS_OK, object);
}

static const char *
api_version (const char *component)
{
  if (g_str_equal (component, "zaken"))
    return "1.5.1";
  if (g_str_equal (component, "catalogi"))
    return "1.3.1";
  return "1.4.2";
}

void
lrb_zgw_handle (LrbServer         *self,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query)
{
  LrbZgw *zgw = self->zgw;
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  g_auto(GStrv) parts = g_strsplit (path + 1, "/", -1);  /* component, api, v1, resource, uuid */
  guint n = g_strv_length (parts);
  const ZgwResource *resource = n >= 4 ? find_resource (parts[0], parts[3]) : NULL;
  gboolean is_zaken;

  soup_message_headers_replace (response, "API-version", api_version (parts[0]));
  if (resource == NULL || n > 5 || (n == 5 && *parts[4] == '\0'))
    {
      send_simple_fout (zgw, msg, SOUP_STATUS_NOT_FOUND, "NotFound", "not_found",
                        "Niet gevonden.", "Niet gevonden.");
      return;
    }
  if (!check_auth (self, msg))
    return;

  is_zaken = g_str_equal (resource->resource, "zaken");
  if (is_zaken)
    soup_message_headers_replace (response, "Content-Crs", "EPSG:4326");
  if (is_zaken && (lrb_method_is (msg, "GET") || lrb_method_is (msg, "POST"))
      && !check_crs (zgw, msg, "Accept-Crs"))
    return;

  if (lrb_method_is (msg, "GET") && n == 4)
    send_list (self, msg, path, resource->resource, query);
  else if (lrb_method_is (msg, "GET"))
    handle_detail (self, msg);
  else if (lrb_method_is (msg, "POST") && n == 4 && resource->writable)
    {
      if (is_zaken && !check_crs (zgw, msg, "Content-Crs"))
        return;
      handle_create (self, msg, resource);
    }
  else
    {
      soup_message_headers_replace (response, "Allow", resource->writable && n == 4
                                                       ? "GET, POST, HEAD, OPTIONS"
                                                       : "GET, HEAD, OPTIONS");
      send_simple_fout (zgw, msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "MethodNotAllowed",
                        "method_not_allowed", "Methode niet toegestaan.",
                        "Deze methode is hier niet toegestaan.");
    }
}

/* ---- set-up ---- */

static JsonObject *
find_statustype (LrbZgw     *zgw,
                 const char *zaaktype,
                 gint64      volgnummer)
{
  GPtrArray *all = collection (zgw, "statustypen");

  for (guint i = 0; i < all->len; i++)
    if (g_strcmp0 (json_object_get_string_member (all->pdata[i], "zaaktype"), zaaktype) == 0
        && json_object_get_int_member (all->pdata[i], "volgnummer") == volgnummer)
      return all->pdata[i];
  return NULL;
}

static void
add_status (LrbZgw     *zgw,
            JsonObject *zaak,
            gint64      volgnummer,
            const char *when)
{
  JsonObject *statustype = find_statustype (zgw, json_object_get_string_member (zaak, "zaaktype"),
                                            volgnummer);
  g_autoptr(JsonObject) body = json_object_new ();

  if (statustype == NULL)
    return;
  json_object_set_string_member (body, "zaak", json_object_get_string_member (zaak, "url"));
  json_object_set_string_member (body, "statustype", json_object_get_string_member (statustype, "url"));
  json_object_set_string_member (body, "datumStatusGezet", when);
  create_object (zgw, find_resource ("zaken", "statussen"), body, NULL);
}

static void
add_initiator (LrbZgw     *zgw,
               JsonObject *zaak,
               const char *bsn)
{
  JsonObject *zaaktype = lookup_url (zgw, json_object_get_string_member (zaak, "zaaktype"));
  g_autoptr(JsonObject) body = json_object_new ();
  JsonObject *who = json_object_new ();
  JsonArray *roltypen = json_object_get_array_member (zaaktype, "roltypen");

  json_object_set_string_member (body, "zaak", json_object_get_string_member (zaak, "url"));
  json_object_set_string_member (body, "betrokkeneType", "natuurlijk_persoon");
  json_object_set_string_member (body, "roltype", json_array_get_string_element (roltypen, 0));
  json_object_set_string_member (body, "roltoelichting", "Indiener via Loket");
  json_object_set_string_member (who, "inpBsn", bsn);
  json_object_set_object_member (body, "betrokkeneIdentificatie", who);
  create_object (zgw, find_resource ("zaken", "rollen"), body, NULL);
}

/* A zaak of the Loket intake zaaktype with its initiator and the first status. */
JsonObject *
lrb_zgw_create_intake_zaak (LrbZgw     *zgw,
                            const char *uuid,
                            const char *identificatie,
                            const char *bsn,
                            const char *omschrijving,
                            const char *startdatum)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *now = lrb_now_iso8601 ();
  g_autofree char *today = lrb_today ();
  JsonObject *zaak;

  json_object_set_string_member (body, "zaaktype", zgw->intake_zaaktype);
  json_object_set_string_member (body, "bronorganisatie", "000000000");
  json_object_set_string_member (body, "verantwoordelijkeOrganisatie", "000000000");
  json_object_set_string_member (body, "startdatum", startdatum ? startdatum : today);
  json_object_set_string_member (body, "omschrijving", omschrijving ? omschrijving : "");
  json_object_set_string_member (body, "communicatiekanaalNaam", "Loket-zuil");
  if (identificatie != NULL)
    json_object_set_string_member (body, "identificatie", identificatie);
  zaak = create_object (zgw, find_resource ("zaken", "zaken"), body, uuid);
  if (bsn != NULL)
    add_initiator (zgw, zaak, bsn);
  add_status (zgw, zaak, 1, now);
  return zaak;
}

static void
seed_zaken (LrbZgw    *zgw,
            JsonArray *seeds)
{
  for (guint i = 0; seeds && i < json_array_get_length (seeds); i++)
    {
      JsonObject *seed = json_array_get_object_element (seeds, i);
      const char *start = json_object_get_string_member (seed, "startdatum");
      JsonArray *statussen = json_object_get_array_member (seed, "statussen");
      JsonObject *zaak;

      zaak = lrb_zgw_create_intake_zaak (zgw, json_object_get_string_member (seed, "uuid"),
                                         json_object_get_string_member (seed, "identificatie"),
                                         json_object_get_string_member (seed, "bsn"),
                                         json_object_get_string_member (seed, "omschrijving"),
                                         start);
      for (guint j = 1; j < json_array_get_length (statussen); j++)
        {
          g_autofree char *when = g_strdup_printf ("%sT09:%02u:00Z", start, j);

          add_status (zgw, zaak, json_array_get_int_element (statussen, j), when);
        }
    }
}

static gboolean
load_seed (LrbZgw  *zgw,
           GError **error)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (LRB_RESOURCE_BASE "/zgw-seed.json", 0, error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) text = NULL;
  JsonObject *root, *catalogi, *templates;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (bytes == NULL)
    return FALSE;
  text = g_string_new_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_string_replace (text, "{base}", zgw->base_url, 0);
  if (!json_parser_load_from_data (parser, text->str, text->len, error))
    return FALSE;
  root = json_node_get_object (json_parser_get_root (parser));

  catalogi = json_object_get_object_member (root, "catalogi");
  json_object_iter_init (&iter, catalogi);
  while (json_object_iter_next (&iter, &name, &node))
    {
      JsonArray *items = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *item = lrb_json_object_deep_copy (json_array_get_object_element (items, i));

          json_object_remove_member (item, "_source");
          store (zgw, name, item);
        }
    }
  templates = json_object_get_object_member (root, "templates");
  json_object_iter_init (&iter, templates);
  while (json_object_iter_next (&iter, &name, &node))
    g_hash_table_insert (zgw->templates, g_strdup (name),
                         lrb_json_object_deep_copy (json_node_get_object (node)));
  zgw->intake_zaaktype = g_strdup (json_object_get_string_member (root, "intake_zaaktype"));
  seed_zaken (zgw, json_object_get_array_member (root, "seed_zaken"));
  return TRUE;
}

LrbZgw *
lrb_zgw_new (const char  *base_url,
             GError     **error)
{
  LrbZgw *zgw = g_new0 (LrbZgw, 1);

  zgw->base_url = g_strdup (base_url);
  zgw->collections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_ptr_array_unref);
  zgw->by_url = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  zgw->templates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) json_object_unref);
  if (!load_seed (zgw, error))
    {
      lrb_zgw_free (zgw);
      return NULL;
    }
  return zgw;
}

void
lrb_zgw_free (LrbZgw *zgw)
{
  if (zgw == NULL)
    return;
  g_hash_table_unref (zgw->by_url);
  g_hash_table_unref (zgw->collections);
  g_hash_table_unref (zgw->templates);
  g_free (zgw->intake_zaaktype);
  g_free (zgw->base_url);
  g_free (zgw);
}
