/*
 * mpabi_host_support.h - C helpers of the host's port drivers (never seen by miniports).
 *
 * Per-thread state.
 * A StorPort adapter is driven from many threads at once (HwBuildIo runs on each submitting
 * thread, and a miniport may call the port from threads of its own), so "the miniport routine
 * running now" is a property of a thread, not of a driver. The port keeps it here, in
 * thread-local storage: which driver and adapter the running routine belongs to, the
 * routine's name, and the kernel state it changed (IRQL, spin locks held).
 */
#ifndef MPABI_HOST_SUPPORT_H
#define MPABI_HOST_SUPPORT_H

typedef struct _MPABI_HOST_THREAD {
    const void *Driver;               /* the port driver whose miniport routine runs (unretained) */
    const void *Adapter;              /* its adapter, or NULL (DriverEntry) */
    unsigned long long Routine[3];    /* the routine's name: a Swift StaticString, bit for bit */
    unsigned char Irql;               /* IRQL the routine changed to (KeRaiseIrql, spin locks), or
                                         0xFF: still the level the port called it at */
    unsigned char SpinLocks;          /* kernel spin locks the routine holds */
    unsigned char CalledIrql;         /* IRQL the port called the routine at, or 0xFF: not looked
                                         up yet (the lock calls ask for it several times per request) */
    unsigned char Reserved[1];
    int PendingCompletion;            /* concurrent StorPort: the last request the running routine
                                         completed without the engine lock, as slot index + 1, or 0
                                         (the others are linked through their slots); the port ends
                                         them once the routine has returned, so it never reads an SRB
                                         the routine may still be writing */
    const void *Engine;               /* the adapter whose concurrent StorPort engine loop runs on
                                         this thread (unretained), or NULL */
} MPABI_HOST_THREAD;

/* Initial-exec: read with one instruction, not a __tls_get_addr call per miniport routine (the
 * host's own code, loaded with the program, can always use it). */
extern _Thread_local MPABI_HOST_THREAD MpAbiHostThreadState __attribute__((tls_model("initial-exec")));

/* This thread's state. */
static inline MPABI_HOST_THREAD *MpAbiHostThread(void)
{
    return &MpAbiHostThreadState;
}

/* 1 when [Address, Address + Length) lies in the loaded object that holds Anchor (both ends
 * resolved with dladdr), else 0. */
int MpAbiSameLoadedObject(const void *Anchor, const void *Address, unsigned long Length);

#endif /* MPABI_HOST_SUPPORT_H */
