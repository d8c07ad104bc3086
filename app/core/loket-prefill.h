/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "loket-form.h"
#include "loket-person.h"

G_BEGIN_DECLS

/* The source of the facts read from the BRP, as loket_facts_get() gives it. */
#define LOKET_FACT_SOURCE_BRP "brp"

LoketFacts *loket_facts_new_for_person (LoketPerson *person);

G_END_DECLS
