/* What the fault trap's signal handler (mpabi_trap.c) reads of its registries
 * (mpabi_trap_registry.c). All lock-free and signal-safe. */
#ifndef MPABI_TRAP_INTERNAL_H
#define MPABI_TRAP_INTERNAL_H

#include <stdint.h>
#include "mpabi_trap.h"
#include "mpabi_trap_text.h"

#define MPABI_TRAP_HIDDEN __attribute__((visibility("hidden")))

/* The registered code range holding Address: 1 with its start and length, else 0. */
MPABI_TRAP_HIDDEN int MpAbiTrapFindCodeRange(uintptr_t address, uintptr_t *start, uintptr_t *length,
                                             uintptr_t *handler);

/* The window holding [Address, Address + Width): 1 with its handler, context and start, else 0. */
MPABI_TRAP_HIDDEN int MpAbiTrapFindWindow(uintptr_t address, unsigned width, MPABI_TRAP_WINDOW_HANDLER *handler,
                                          void **context, uintptr_t *start);

/* Appends the description of Address (see MpAbiTrapDescribeAddress). */
MPABI_TRAP_HIDDEN void MpAbiTrapDescribeInto(MPABI_TRAP_TEXT *text, uintptr_t address);

/* The crash note buffer and its length, or NULL when there is none. */
MPABI_TRAP_HIDDEN char *MpAbiTrapCrashNoteBuffer(size_t *length);

#endif /* MPABI_TRAP_INTERNAL_H */
