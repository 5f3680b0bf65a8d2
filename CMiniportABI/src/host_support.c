/* See mpabi_host_support.h. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include "mpabi_host_support.h"

_Thread_local MPABI_HOST_THREAD MpAbiHostThreadState __attribute__((tls_model("initial-exec")));

int MpAbiSameLoadedObject(const void *Anchor, const void *Address, unsigned long Length)
{
    Dl_info anchor, first, last;
    if (Length == 0 || (unsigned long)Address + (Length - 1) < (unsigned long)Address)
        return 0;
    if (dladdr(Anchor, &anchor) == 0 || dladdr(Address, &first) == 0 ||
        dladdr((const char *)Address + (Length - 1), &last) == 0)
        return 0;
    return first.dli_fbase == anchor.dli_fbase && last.dli_fbase == anchor.dli_fbase;
}
