/* See mpabi_host_thread.h. */
#include "mpabi_host_thread.h"

_Thread_local MPABI_HOST_THREAD MpAbiHostThreadState;
