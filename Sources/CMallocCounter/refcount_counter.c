/* See refcount_counter.h. The runtime's hooks are weak references: a process whose Swift
 * runtime does not export them (or a sanitizer build) reports the counter unavailable. */
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <execinfo.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "refcount_counter.h"

#if defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
#define REFCOUNT_COUNTER_DISABLED 1
#endif
#endif

#ifndef REFCOUNT_COUNTER_DISABLED
/* The 6.3 runtime calls the hooks from adapter functions, as ordinary C functions; its public
 * entry points may use preserve_most (compiled code keeps values in registers across a
 * retain). The wrappers preserve registers as preserve_most does, which is correct whichever
 * way a runtime calls them, and call the runtime's implementations as ordinary C functions. */
#if defined(__has_attribute)
#if __has_attribute(preserve_most)
#define REFCOUNT_CC __attribute__((preserve_most))
#endif
#endif
#ifndef REFCOUNT_CC
#define REFCOUNT_CC
#endif

/* The runtime's hook variables, as the runtime calls through them. */
typedef void *(REFCOUNT_CC *RetainHook)(void *);
typedef void (REFCOUNT_CC *ReleaseHook)(void *);
typedef void *(REFCOUNT_CC *RetainNHook)(void *, uint32_t);
typedef void (REFCOUNT_CC *ReleaseNHook)(void *, uint32_t);
/* The runtime's implementations, as the wrappers call them. */
typedef void *(*RetainFunction)(void *);
typedef void (*ReleaseFunction)(void *);
typedef void *(*RetainNFunction)(void *, uint32_t);
typedef void (*ReleaseNFunction)(void *, uint32_t);

extern RetainHook _swift_retain __attribute__((weak));
extern ReleaseHook _swift_release __attribute__((weak));
extern RetainNHook _swift_retain_n __attribute__((weak));
extern ReleaseNHook _swift_release_n __attribute__((weak));
extern bool _swift_enableSwizzlingOfAllocationAndRefCountingFunctions_forInstrumentsOnly __attribute__((weak));

static RetainFunction runtimeRetain;
static ReleaseFunction runtimeRelease;
static RetainNFunction runtimeRetainN;
static ReleaseNFunction runtimeReleaseN;
static _Thread_local int counting;
static _Thread_local unsigned long long counted;
static _Thread_local int tracing;
static pthread_once_t installed = PTHREAD_ONCE_INIT;

/* REFCOUNT_COUNTER_TRACE=1 prints the object's type metadata address and a backtrace for each
 * counted call (where to look). */
static void count(void *object, unsigned long long n)
{
    counted += n;
    if (tracing) return;
    const char *trace = getenv("REFCOUNT_COUNTER_TRACE");
    if (trace != NULL && trace[0] == '1') {
        void *frames[8];
        int depth;
        char line[64];
        int length;
        tracing = 1;
        length = snprintf(line, sizeof line, "metadata %p\n", *(void **)object);
        if (length > 0) write(2, line, (size_t)length);
        depth = backtrace(frames, 8);
        backtrace_symbols_fd(frames, depth, 2);
        write(2, "--\n", 3);
        tracing = 0;
    }
}

REFCOUNT_CC static void *countingRetain(void *object)
{
    if (counting && object != NULL) count(object, 1);
    return runtimeRetain(object);
}

REFCOUNT_CC static void countingRelease(void *object)
{
    if (counting && object != NULL) count(object, 1);
    runtimeRelease(object);
}

REFCOUNT_CC static void *countingRetainN(void *object, uint32_t n)
{
    if (counting && object != NULL) count(object, n);
    return runtimeRetainN(object, n);
}

REFCOUNT_CC static void countingReleaseN(void *object, uint32_t n)
{
    if (counting && object != NULL) count(object, n);
    runtimeReleaseN(object, n);
}

static int hooksPresent(void)
{
    return &_swift_retain != NULL && &_swift_release != NULL && &_swift_retain_n != NULL
        && &_swift_release_n != NULL
        && &_swift_enableSwizzlingOfAllocationAndRefCountingFunctions_forInstrumentsOnly != NULL;
}

/* Once, for the process: the wrappers stay installed (another thread may be inside one). The
 * runtime calls them only while its switch is on, which RefCountCounterStart turns on and
 * RefCountCounterStop off again. */
static void install(void)
{
    runtimeRetain = (RetainFunction)_swift_retain;
    runtimeRelease = (ReleaseFunction)_swift_release;
    runtimeRetainN = (RetainNFunction)_swift_retain_n;
    runtimeReleaseN = (ReleaseNFunction)_swift_release_n;
    _swift_retain = countingRetain;
    _swift_release = countingRelease;
    _swift_retain_n = countingRetainN;
    _swift_release_n = countingReleaseN;
    atomic_thread_fence(memory_order_seq_cst);
}
#endif /* REFCOUNT_COUNTER_DISABLED */

int RefCountCounterIsAvailable(void)
{
#ifdef REFCOUNT_COUNTER_DISABLED
    return 0;
#else
    return hooksPresent();
#endif
}

void RefCountCounterStart(void)
{
#ifndef REFCOUNT_COUNTER_DISABLED
    if (!hooksPresent()) return;
    pthread_once(&installed, install);
    counted = 0;
    counting = 1;
    atomic_thread_fence(memory_order_seq_cst);
    _swift_enableSwizzlingOfAllocationAndRefCountingFunctions_forInstrumentsOnly = true;
#endif
}

unsigned long long RefCountCounterStop(void)
{
#ifdef REFCOUNT_COUNTER_DISABLED
    return 0;
#else
    _swift_enableSwizzlingOfAllocationAndRefCountingFunctions_forInstrumentsOnly = false;
    counting = 0;
    return counted;
#endif
}
