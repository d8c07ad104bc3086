/* SPDX-License-Identifier: EUPL-1.2 */
/* The catalog document the back-end serves (GET /catalog), through the same decoder as a sync:
 * loket_catalog_new_from_document(). A catalog that decodes is walked as the pages walk it. */

#include "fuzz-common.h"
#include "loket-catalog.h"
#include "loket-catalog-items.h"

static void
walk (LoketCatalog *catalog)
{
  GListModel *events = loket_catalog_get_life_events (catalog);

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(LoketLifeEvent) event = g_list_model_get_item (events, i);
      GListModel *steps = loket_life_event_get_steps (event);

      loket_text_get (loket_life_event_get_title (event), LOKET_LANGUAGE_AR, NULL);
      for (guint j = 0; j < g_list_model_get_n_items (steps); j++)
        {
          g_autoptr(LoketStep) step = g_list_model_get_item (steps, j);
          LoketService *service = loket_step_get_service (step);

          loket_text_get (loket_step_get_title (step), LOKET_LANGUAGE_NL, NULL);
          if (service != NULL)
            loket_service_get_form (service);
        }
      loket_catalog_lookup_life_event (catalog, loket_life_event_get_id (event));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GBytes) document = g_bytes_new (data, size);
  g_autoptr(LoketCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;

  catalog = loket_catalog_new_from_document ("catalog", document, &error);
  g_assert ((catalog == NULL) == (error != NULL));
  if (catalog != NULL)
    walk (catalog);
  return 0;
}
