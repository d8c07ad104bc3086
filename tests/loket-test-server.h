/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * LoketTestFault:
 *
 * How the loopback back-end answers `GET /catalog`.
 */
typedef enum
{
  LOKET_TEST_FAULT_NONE,          /* 200 with the catalog and its ETag, 304 to a matching If-None-Match */
  LOKET_TEST_FAULT_NOT_FOUND,     /* 404 */
  LOKET_TEST_FAULT_SERVER_ERROR,  /* 500 */
  LOKET_TEST_FAULT_HANG,          /* accepts, never answers */
  LOKET_TEST_FAULT_DROP,          /* closes the connection without a word */
  LOKET_TEST_FAULT_TRUNCATED,     /* announces the whole body, sends half, closes */
  LOKET_TEST_FAULT_MALFORMED,     /* 200, not JSON */
  LOKET_TEST_FAULT_WRONG_SHAPE,   /* 200, valid JSON that is no catalog */
  LOKET_TEST_FAULT_TOO_BIG,       /* 200, Content-Length over the limit */
  LOKET_TEST_FAULT_TOO_BIG_CHUNKED, /* 200, chunked, no length, endless enough */
  LOKET_TEST_FAULT_DEEP,          /* 200, arrays nested 100,000 deep */
  LOKET_TEST_FAULT_WRONG_TYPE,    /* 200, text/html */
  LOKET_TEST_FAULT_DISCOVERY_BAD, /* the discovery document has no catalog_endpoint */
} LoketTestFault;

typedef struct _LoketTestServer LoketTestServer;

LoketTestServer *loket_test_server_new         (void);
void             loket_test_server_free        (LoketTestServer *server);
const char      *loket_test_server_get_url     (LoketTestServer *server);
void             loket_test_server_set_catalog (LoketTestServer *server,
                                                GBytes          *document,
                                                const char      *etag);
void             loket_test_server_set_fault   (LoketTestServer *server,
                                                LoketTestFault   fault);
guint            loket_test_server_get_hits    (LoketTestServer *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketTestServer, loket_test_server_free)

/* Runs the default main context until @slot holds the result of an async call. */
void          loket_test_ready_cb  (GObject      *object,
                                    GAsyncResult *result,
                                    gpointer      user_data);
GAsyncResult *loket_test_wait      (GAsyncResult **slot);

G_END_DECLS
