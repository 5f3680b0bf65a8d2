#ifndef MP_SANDBOX_H
#define MP_SANDBOX_H

#include <stddef.h>
#include <stdint.h>

/*
 * The sandbox a supervised child enters before it runs miniport code (docs/isolation.md).
 *
 * A seccomp filter refuses, with EPERM, every system call that could reach past the child's
 * own process group: signals to other processes (kill, tgkill, rt_sigqueueinfo and friends
 * aimed at any pid but the caller's own process or group; tkill and pidfd_send_signal always),
 * ptrace and process_vm_readv/writev, execve/execveat, new processes (fork, vfork, clone
 * without CLONE_THREAD; clone3 answers ENOSYS so that the C library falls back to clone,
 * whose flags the filter can see), leaving the process group (setsid, setpgid), and sockets
 * of any family but AF_UNIX. Threads, files, memory and signals to itself stay allowed.
 */

/* Bits for mp_sandbox_enter's `refuse` argument. */
enum {
    MP_SANDBOX_SIGNALS   = 1u << 0,  /* signals to other processes */
    MP_SANDBOX_PTRACE    = 1u << 1,  /* ptrace, process_vm_readv/writev */
    MP_SANDBOX_EXEC      = 1u << 2,  /* execve, execveat */
    MP_SANDBOX_PROCESSES = 1u << 3,  /* fork, vfork, clone without CLONE_THREAD, setsid, setpgid */
    MP_SANDBOX_NETWORK   = 1u << 4,  /* socket / socketpair of a family other than AF_UNIX */
    MP_SANDBOX_ALL       = 0x1f,
};

/* Installs the filter for this process (and its future threads). `self_pid` is the process's
 * own pid, which is also its process group (the supervisor starts it as a group leader).
 * Returns 0, or an errno value (the filter is then not installed). */
int mp_sandbox_enter(unsigned refuse, int32_t self_pid);

/* Sets RLIMIT_AS to `address_space_bytes` (0: unchanged) and RLIMIT_CORE to 0. In a process
 * with a sanitizer runtime (AddressSanitizer, ThreadSanitizer) the address space is left
 * unlimited: their shadow memory already reserves far more than any limit.
 * Returns 0 or an errno value. */
int mp_sandbox_limit(uint64_t address_space_bytes);

#endif
