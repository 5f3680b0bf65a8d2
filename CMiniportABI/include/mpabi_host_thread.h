/*
 * mpabi_host_thread.h - per-thread state of the host's port drivers.
 *
 * A StorPort adapter is driven from many threads at once (HwBuildIo runs on each submitting
 * thread, and a miniport may call the port from threads of its own), so "the miniport routine
 * running now" is a property of a thread, not of a driver. The port keeps it here, in
 * thread-local storage: which driver and adapter the running routine belongs to and the
 * routine's name. Host-only (the Swift port drivers); miniports never see it.
 */
#ifndef MPABI_HOST_THREAD_H
#define MPABI_HOST_THREAD_H

typedef struct _MPABI_HOST_THREAD {
    const void *Driver;               /* the port driver whose miniport routine runs (unretained) */
    const void *Adapter;              /* its adapter, or NULL (DriverEntry) */
    unsigned long long Routine[3];    /* the routine's name: a Swift StaticString, bit for bit */
} MPABI_HOST_THREAD;

extern _Thread_local MPABI_HOST_THREAD MpAbiHostThreadState;

/* This thread's state. */
static inline MPABI_HOST_THREAD *MpAbiHostThread(void)
{
    return &MpAbiHostThreadState;
}

#endif /* MPABI_HOST_THREAD_H */
