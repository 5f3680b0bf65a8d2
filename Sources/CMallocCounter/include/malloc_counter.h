/*
 * malloc_counter.h - counts heap allocations made by this process while counting is on.
 *
 * Linked into a test executable, malloc_counter.c defines malloc, calloc, realloc,
 * posix_memalign, aligned_alloc and memalign and forwards them to glibc's implementations;
 * calls made on the thread that started counting, while it is on, are counted (tests run in
 * parallel). Used by tests that prove a path allocates nothing. Under a sanitizer (which owns
 * malloc) nothing is interposed and MallocCounterIsAvailable returns 0.
 */
#ifndef MALLOC_COUNTER_H
#define MALLOC_COUNTER_H

#ifdef __cplusplus
extern "C" {
#endif

/* 1 when allocations are counted in this build, 0 under a sanitizer. */
int MallocCounterIsAvailable(void);
/* Starts counting from zero, on the calling thread. */
void MallocCounterStart(void);
/* Stops counting and returns the allocations counted since MallocCounterStart. */
unsigned long long MallocCounterStop(void);
/* Allocations counted so far (counting may still be on). */
unsigned long long MallocCounterValue(void);

#ifdef __cplusplus
}
#endif

#endif
