/*
 * mpabi_pe.h - host-side C helpers of the PE32+ (.sys) image loader.
 *
 * An import the loader cannot bind goes to a small x86-64 stub the loader writes after the
 * image: the stub is entered with the Microsoft x64 convention, calls MpAbiPEUnresolvedCall
 * (ms_abi) with a pointer to the import's MPABI_PE_UNRESOLVED record, and returns
 * STATUS_NOT_IMPLEMENTED. MpAbiPEUnresolvedCall calls the record's Report (System V) with the
 * record's context and the routine's name.
 */
#ifndef MPABI_PE_H
#define MPABI_PE_H

#include "mpabi_types.h"

/* One unresolved import: owned by the mapping that wrote its stub. */
typedef struct _MPABI_PE_UNRESOLVED {
    void (*Report)(void *Context, const char *Routine);   /* the host's handler (System V) */
    void *Context;                                        /* passed to Report */
    const char *Routine;                                  /* the routine name (or "ordinal N"), NUL-terminated */
} MPABI_PE_UNRESOLVED;

/* The stubs' target: calls Record->Report(Record->Context, Record->Routine). */
__attribute__((ms_abi)) void MpAbiPEUnresolvedCall(void *Record);

/* The address of MpAbiPEUnresolvedCall, for the stubs the Swift loader writes. */
void *MpAbiPEUnresolvedCallAddress(void);

/* Calling into a mapped image: MpAbiMsCall* in mpabi_msabi.h. */

#endif /* MPABI_PE_H */
