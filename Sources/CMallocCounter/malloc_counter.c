/* See malloc_counter.h. Forwards to glibc's __libc_* entry points, so no dlsym bootstrap. */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdatomic.h>
#include <execinfo.h>
#include <stdlib.h>
#include <unistd.h>
#include "malloc_counter.h"

/* A sanitizer runtime owns malloc and initialises through it before anything else runs: the
 * counter then defines nothing and says it is unavailable. */
#if defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
#define MALLOC_COUNTER_DISABLED 1
#endif
#endif
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define MALLOC_COUNTER_DISABLED 1
#endif

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void __libc_free(void *pointer);

/* Counting is per thread: tests run in parallel, and only the thread that started counting
 * is measured. MALLOC_COUNTER_TRACE=1 prints a backtrace for each counted allocation. */
static _Thread_local int counting;
static _Thread_local int tracing;
static atomic_ullong allocations;

#ifndef MALLOC_COUNTER_DISABLED
static inline void count_one(void)
{
    if (counting) {
        atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
        if (!tracing) {
            const char *trace = getenv("MALLOC_COUNTER_TRACE");
            if (trace != NULL && trace[0] == '1') {
                void *frames[24];
                int depth;
                tracing = 1;
                depth = backtrace(frames, 24);
                backtrace_symbols_fd(frames, depth, 2);
                write(2, "--\n", 3);
                tracing = 0;
            }
        }
    }
}

void *malloc(size_t size)
{
    count_one();
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size)
{
    count_one();
    return __libc_calloc(count, size);
}

void *realloc(void *pointer, size_t size)
{
    count_one();
    return __libc_realloc(pointer, size);
}

void free(void *pointer)
{
    __libc_free(pointer);
}

void *memalign(size_t alignment, size_t size)
{
    count_one();
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size)
{
    count_one();
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **result, size_t alignment, size_t size)
{
    void *pointer;
    if (alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0)
        return EINVAL;
    count_one();
    pointer = __libc_memalign(alignment, size);
    if (pointer == NULL && size != 0)
        return ENOMEM;
    *result = pointer;
    return 0;
}

#endif /* MALLOC_COUNTER_DISABLED */

int MallocCounterIsAvailable(void)
{
#ifdef MALLOC_COUNTER_DISABLED
    return 0;
#else
    return 1;
#endif
}

void MallocCounterStart(void)
{
    atomic_store(&allocations, 0);
    counting = 1;
}

unsigned long long MallocCounterStop(void)
{
    counting = 0;
    return atomic_load(&allocations);
}

unsigned long long MallocCounterValue(void)
{
    return atomic_load(&allocations);
}
