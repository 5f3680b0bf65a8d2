/* The seccomp filter and resource limits of a supervised child (see mp_sandbox.h). */
#include "mp_sandbox.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/sched.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

#define NR_OFFSET    (offsetof(struct seccomp_data, nr))
#define ARCH_OFFSET  (offsetof(struct seccomp_data, arch))
#define ARG_LO(n)    (offsetof(struct seccomp_data, args) + 8 * (n))

#define RET_ALLOW    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)
#define RET_ERRNO(e) BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ((e) & SECCOMP_RET_DATA))

/* The program is assembled into a fixed array; every block below is self-contained and
 * leaves the accumulator undefined for the next one, which reloads the syscall number. */
typedef struct {
    struct sock_filter code[160];
    unsigned count;
    int overflow;
} program;

static void emit(program *p, struct sock_filter instruction) {
    if (p->count < sizeof p->code / sizeof p->code[0]) {
        p->code[p->count++] = instruction;
    } else {
        p->overflow = 1;
    }
}

static void load_nr(program *p) { emit(p, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, NR_OFFSET)); }

/* nr == syscall: return errno. */
static void refuse(program *p, long syscall, int error) {
    load_nr(p);
    emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)syscall, 0, 1));
    emit(p, (struct sock_filter)RET_ERRNO(error));
}

/* nr == syscall: allow when the low 32 bits of argument `arg` are one of `allowed` (up to 3),
 * otherwise EPERM. pid_t is an int: the kernel reads only those bits. */
static void allow_arg(program *p, long syscall, int arg, const uint32_t *allowed, unsigned n) {
    load_nr(p);
    /* Not this syscall: skip the block (load + n compares + allow + errno). */
    emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)syscall, 0, (uint8_t)(n + 4)));
    emit(p, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(arg)));
    for (unsigned i = 0; i < n; i++) {
        /* Match: jump to the allow just past the remaining compares. */
        emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, allowed[i], (uint8_t)(n - i), 0));
    }
    emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JA, 1, 0, 0));
    emit(p, (struct sock_filter)RET_ALLOW);
    emit(p, (struct sock_filter)RET_ERRNO(EPERM));
}

/* nr == syscall: allow when argument `arg` has `bits` set, otherwise EPERM. */
static void allow_flag(program *p, long syscall, int arg, uint32_t bits) {
    load_nr(p);
    emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)syscall, 0, 4));
    emit(p, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(arg)));
    emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, bits, 1, 0));
    emit(p, (struct sock_filter)RET_ERRNO(EPERM));
    emit(p, (struct sock_filter)RET_ALLOW);
}

int mp_sandbox_enter(unsigned what, int32_t self_pid) {
    program p = { .count = 0, .overflow = 0 };
    /* Another architecture's system call numbers mean other calls: refuse them all. */
    emit(&p, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARCH_OFFSET));
    emit(&p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0));
    emit(&p, (struct sock_filter)RET_ERRNO(EPERM));
    /* x32 calls (bit 30) name the same operations through other numbers. */
    load_nr(&p);
    emit(&p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000u, 0, 1));
    emit(&p, (struct sock_filter)RET_ERRNO(EPERM));

    if (what & MP_SANDBOX_SIGNALS) {
        const uint32_t self = (uint32_t)self_pid, group = (uint32_t)(-self_pid);
        const uint32_t kill_ok[3] = { self, 0, group };   /* itself, its group, its group by id */
        allow_arg(&p, SYS_kill, 0, kill_ok, 3);
        allow_arg(&p, SYS_tgkill, 0, kill_ok, 1);
        allow_arg(&p, SYS_rt_sigqueueinfo, 0, kill_ok, 1);
        allow_arg(&p, SYS_rt_tgsigqueueinfo, 0, kill_ok, 1);
        refuse(&p, SYS_tkill, EPERM);
        refuse(&p, SYS_pidfd_send_signal, EPERM);
    }
    if (what & MP_SANDBOX_PTRACE) {
        refuse(&p, SYS_ptrace, EPERM);
        refuse(&p, SYS_process_vm_readv, EPERM);
        refuse(&p, SYS_process_vm_writev, EPERM);
    }
    if (what & MP_SANDBOX_EXEC) {
        refuse(&p, SYS_execve, EPERM);
        refuse(&p, SYS_execveat, EPERM);
    }
    if (what & MP_SANDBOX_PROCESSES) {
        refuse(&p, SYS_fork, EPERM);
        refuse(&p, SYS_vfork, EPERM);
        refuse(&p, SYS_clone3, ENOSYS);
        allow_flag(&p, SYS_clone, 0, CLONE_THREAD);
        refuse(&p, SYS_setsid, EPERM);
        refuse(&p, SYS_setpgid, EPERM);
    }
    if (what & MP_SANDBOX_NETWORK) {
        const uint32_t local[1] = { AF_UNIX };
        allow_arg(&p, SYS_socket, 0, local, 1);
        allow_arg(&p, SYS_socketpair, 0, local, 1);
    }
    emit(&p, (struct sock_filter)RET_ALLOW);
    if (p.overflow) return E2BIG;

    struct sock_fprog fprog = { .len = (unsigned short)p.count, .filter = p.code };
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return errno;
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0) != 0) return errno;
    return 0;
}

/* Present when a sanitizer runtime is in the process: its shadow memory reserves terabytes of
   address space, so an address-space limit would make every later mapping fail. */
extern void __asan_init(void) __attribute__((weak));
extern void __tsan_init(void) __attribute__((weak));

static int mp_sandbox_sanitized(void) {
    return (__asan_init != 0 || __tsan_init != 0) ? 1 : 0;
}

int mp_sandbox_limit(uint64_t address_space_bytes) {
    struct rlimit none = { 0, 0 };
    if (setrlimit(RLIMIT_CORE, &none) != 0) return errno;
    if (address_space_bytes != 0 && !mp_sandbox_sanitized()) {
        struct rlimit limit = { (rlim_t)address_space_bytes, (rlim_t)address_space_bytes };
        if (setrlimit(RLIMIT_AS, &limit) != 0) return errno;
    }
    return 0;
}
