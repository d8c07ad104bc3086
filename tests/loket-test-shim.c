/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "loket-test"

#include "config.h"

#include "loket-test-shim.h"

/*
 * What a phone and a test operator do to the reference back-end while the kiosk signs in: approve
 * or refuse a code on the verification page, and switch faults on and off through the control
 * API. The kiosk talks to the real back-end directly; nothing here stands in for it.
 */
struct _LoketTestShim
{
  LbServer *backend;   /* (unowned) */
};

LoketTestShim *
loket_test_shim_new (LbServer *backend)
{
  LoketTestShim *shim = g_new0 (LoketTestShim, 1);

  shim->backend = backend;
  return shim;
}

/* The base URL a kiosk is configured with. */
const char *
loket_test_shim_get_url (LoketTestShim *shim)
{
  return shim->backend->base_url;
}

/* Approves (or refuses) @user_code on the back-end's verification page, as a phone would. */
void
loket_test_shim_approve (LoketTestShim *shim,
                         const char    *user_code,
                         const char    *bsn,
                         gboolean       approve)
{
  g_autoptr(LbResponse) page = lb_post_form (shim->backend, "/device", "user_code", user_code,
                                             "bsn", bsn, "action", approve ? "approve" : "deny",
                                             NULL);

  g_assert_cmpuint (page->status, ==, 200);
}

/* A fault on the back-end, through its control API: "brp:status:400", "token:malformed", … */
void
loket_test_shim_fault (LoketTestShim *shim,
                       const char    *spec)
{
  g_autoptr(LbResponse) response = NULL;

  if (spec == NULL)
    {
      response = lb_request (shim->backend, "DELETE", "/_control/faults", NULL, NULL, NULL, 0);
    }
  else
    {
      g_autofree char *body = g_strdup_printf ("{\"spec\":\"%s\"}", spec);

      response = lb_post_json (shim->backend, "/_control/faults", NULL, body);
    }
  g_assert_cmpuint (response->status / 100, ==, 2);
}

void
loket_test_shim_free (LoketTestShim *shim)
{
  g_free (shim);
}
