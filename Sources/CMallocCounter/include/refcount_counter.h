/*
 * refcount_counter.h - counts Swift reference-counting calls (swift_retain, swift_release and
 * their _n forms) made by the calling thread while counting is on.
 *
 * The Swift runtime routes those entry points through replaceable function pointers once its
 * instrumentation switch is set; RefCountCounterStart installs counting wrappers that forward
 * to the runtime's own implementations. Used by the bench (`refcounts_per_io`) to show how many
 * reference counts a request's path touches. Under a sanitizer, or with a runtime without
 * the switch, RefCountCounterIsAvailable returns 0 and nothing is installed.
 *
 * The switch is on only between Start and Stop, and for the whole process: keep the window to
 * a path whose other threads are idle. The Swift 6.3 Linux runtime's retain adapter drops the
 * tag bits of what it forwards, so a retain of a tagged value (a small string's payload in a
 * multi-payload enum) faults while the switch is on; the bench's QD1 path retains heap objects
 * only. Tests, which run in parallel, do not use it.
 */
#ifndef REFCOUNT_COUNTER_H
#define REFCOUNT_COUNTER_H

#ifdef __cplusplus
extern "C" {
#endif

/* 1 when reference-counting calls can be counted in this process, 0 otherwise. */
int RefCountCounterIsAvailable(void);
/* Starts counting from zero, on the calling thread (installs the wrappers on first use). */
void RefCountCounterStart(void);
/* Stops counting and returns the calls counted since RefCountCounterStart (a retain_n or
 * release_n of n counts n). */
unsigned long long RefCountCounterStop(void);

#ifdef __cplusplus
}
#endif

#endif
