/* See mpabi_pe.h. */
#include "mpabi_pe.h"

__attribute__((ms_abi)) void MpAbiPEUnresolvedCall(void *Record)
{
    MPABI_PE_UNRESOLVED *unresolved = Record;
    if (unresolved != NULL && unresolved->Report != NULL)
        unresolved->Report(unresolved->Context, unresolved->Routine);
}

void *MpAbiPEUnresolvedCallAddress(void)
{
    return (void *)&MpAbiPEUnresolvedCall;
}
