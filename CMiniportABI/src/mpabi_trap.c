/* See mpabi_trap.h: the signal handler and its emulation of privileged instructions and device
 * window accesses (the registries it reads are in mpabi_trap_registry.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <ucontext.h>
#include "mpabi_trap.h"
#include "mpabi_trap_internal.h"

/* ---- The signal handler ---------------------------------------------------------------------- */

static const int trappedSignals[3] = { SIGSEGV, SIGBUS, SIGILL };
static struct sigaction previousActions[3];
static _Atomic uintptr_t privilegedHandler;
static pthread_mutex_t installLock = PTHREAD_MUTEX_INITIALIZER;

/* gregs indices of the registers in encoding order (RAX, RCX, ... R15). */
static const int gregsIndex[16] = { REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
                                    REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15 };

typedef struct {
    ucontext_t *Context;
    unsigned long long Registers[16];
    uintptr_t Rip;
} machine;

static void loadMachine(machine *m, ucontext_t *context)
{
    m->Context = context;
    for (int i = 0; i < 16; i++)
        m->Registers[i] = (unsigned long long)context->uc_mcontext.gregs[gregsIndex[i]];
    m->Rip = (uintptr_t)context->uc_mcontext.gregs[REG_RIP];
}

static void storeMachine(const machine *m)
{
    for (int i = 0; i < 16; i++)
        m->Context->uc_mcontext.gregs[gregsIndex[i]] = (greg_t)m->Registers[i];
    m->Context->uc_mcontext.gregs[REG_RIP] = (greg_t)m->Rip;
}

static unsigned long long widthMask(unsigned width)
{
    return width >= 8 ? ~0ull : (1ull << (8 * width)) - 1;
}

/* Register Number's low Width bytes (16-19: AH..BH). */
static unsigned long long readRegister(const machine *m, int number, unsigned width)
{
    if (number >= 16 && number < 20)
        return (m->Registers[number - 16] >> 8) & 0xFF;
    return m->Registers[number & 15] & widthMask(width);
}

/* Writes Value to register Number with x86 semantics: a 32-bit write clears bits 32-63, 8- and
 * 16-bit writes keep the rest. */
static void writeRegister(machine *m, int number, unsigned width, unsigned long long value)
{
    if (number >= 16 && number < 20) {
        unsigned long long *r = &m->Registers[number - 16];
        *r = (*r & ~0xFF00ull) | ((value & 0xFF) << 8);
        return;
    }
    unsigned long long *r = &m->Registers[number & 15];
    if (width >= 8) *r = value;
    else if (width == 4) *r = value & 0xFFFFFFFFull;
    else *r = (*r & ~widthMask(width)) | (value & widthMask(width));
}

static unsigned long long extend(unsigned long long value, unsigned width, int sign)
{
    value &= widthMask(width);
    if (sign && width < 8 && (value >> (8 * width - 1)) & 1)
        value |= ~widthMask(width);
    return value;
}

/* EFLAGS after `cmp a, b` (a - b) or `test a, b` (a & b) at Width bytes: CF, PF, AF, ZF, SF
 * and OF replaced, the other bits kept. test clears CF, OF and AF (AF is undefined there). */
static unsigned long long arithmeticFlags(unsigned long long flags, unsigned long long a, unsigned long long b,
                                          unsigned width, int test)
{
    enum { CF = 1u << 0, PF = 1u << 2, AF = 1u << 4, ZF = 1u << 6, SF = 1u << 7, OF = 1u << 11 };
    unsigned long long mask = widthMask(width), sign = 1ull << (8 * width - 1);
    a &= mask;
    b &= mask;
    unsigned long long result = (test ? a & b : a - b) & mask;
    flags &= ~(unsigned long long)(CF | PF | AF | ZF | SF | OF);
    if (!test) {
        if (a < b) flags |= CF;
        if ((a ^ b) & (a ^ result) & sign) flags |= OF;
        if ((a ^ b ^ result) & 0x10) flags |= AF;
    }
    if (result == 0) flags |= ZF;
    if (result & sign) flags |= SF;
    unsigned low = (unsigned)(result & 0xFF), ones = 0;
    for (; low != 0; low >>= 1)
        ones += low & 1;
    if ((ones & 1) == 0) flags |= PF;
    return flags;
}

/* Plain memory of the process (not a window): copied byte by byte. A fault here is a fault of
 * the handler: not emulated, it ends the process. */
static void copyIn(uintptr_t address, unsigned width, unsigned long long *value)
{
    unsigned long long result = 0;
    for (unsigned i = 0; i < width; i++)
        result |= (unsigned long long)((volatile const unsigned char *)address)[i] << (8 * i);
    *value = result;
}

static void copyOut(uintptr_t address, unsigned width, unsigned long long value)
{
    for (unsigned i = 0; i < width; i++)
        ((volatile unsigned char *)address)[i] = (unsigned char)(value >> (8 * i));
}

/* An access of Width bytes at Address through the window holding it: 1 done, 0 no window or the
 * handler refused. */
static int windowAccess(uintptr_t address, unsigned width, int isWrite, unsigned long long *value)
{
    MPABI_TRAP_WINDOW_HANDLER handler;
    void *context;
    uintptr_t start;
    if (!MpAbiTrapFindWindow(address, width, &handler, &context, &start))
        return 0;
    unsigned long long v = isWrite ? (*value & widthMask(width)) : 0;
    if (!handler(context, address - start, width, isWrite, &v))
        return 0;
    if (!isWrite)
        *value = v & widthMask(width);
    return 1;
}

static int inWindow(uintptr_t address, unsigned width)
{
    MPABI_TRAP_WINDOW_HANDLER handler;
    void *context;
    uintptr_t start;
    return MpAbiTrapFindWindow(address, width, &handler, &context, &start);
}

/* The handler of the code range the faulting instruction lies in (0: the installed one), for
 * the fault this thread is handling. */
static _Thread_local uintptr_t rangeHandler;

/* Calls the privileged handler (the code range's, else the installed one): 1 if it emulated
 * the event. */
static int privileged(MPABI_TRAP_EVENT *event)
{
    MPABI_TRAP_PRIVILEGED_HANDLER handler = (MPABI_TRAP_PRIVILEGED_HANDLER)rangeHandler;
    if (handler == 0)
        handler = (MPABI_TRAP_PRIVILEGED_HANDLER)atomic_load_explicit(&privilegedHandler, memory_order_acquire);
    return handler != 0 && handler(event);
}

/* The repeat count of a string instruction (RCX, or ECX with 67), and its update. */
static unsigned long long counter(const machine *m, const MPABI_TRAP_DECODED *d)
{
    return d->AddressWidth == 4 ? m->Registers[1] & 0xFFFFFFFFull : m->Registers[1];
}

static void advanceIndex(machine *m, const MPABI_TRAP_DECODED *d, int number, long long step)
{
    unsigned long long value = m->Registers[number] + (unsigned long long)step;
    m->Registers[number] = d->AddressWidth == 4 ? value & 0xFFFFFFFFull : value;
}

static void countDown(machine *m, const MPABI_TRAP_DECODED *d)
{
    unsigned long long value = counter(m, d) - 1;
    m->Registers[1] = d->AddressWidth == 4 ? value & 0xFFFFFFFFull : value;
}

static uintptr_t indexAddress(const machine *m, const MPABI_TRAP_DECODED *d, int number)
{
    return (uintptr_t)(d->AddressWidth == 4 ? m->Registers[number] & 0xFFFFFFFFull : m->Registers[number]);
}

/* Emulates the decoded instruction at M's RIP; 1 when done (M holds the new registers and RIP),
 * 0 to pass the fault on. A string instruction stopped part way keeps the elements done (RCX,
 * RSI, RDI updated) and RIP on itself, as the processor would. */
static int emulate(machine *m, const MPABI_TRAP_DECODED *d, const unsigned char *bytes)
{
    if (d->Segment != 0 && (d->HasMemory || d->Op == MPABI_X86_MOVS || d->Op == MPABI_X86_OUTS ||
                            d->Op == MPABI_X86_LODS))
        return 0;   /* FS/GS bases are not modelled */
    MPABI_TRAP_EVENT event;
    unsigned char *clear = (unsigned char *)&event;
    for (size_t i = 0; i < sizeof event; i++)
        clear[i] = 0;
    event.Rip = (const void *)m->Rip;
    event.Length = d->Length;
    for (unsigned i = 0; i < d->Length && i < 15; i++)
        event.Bytes[i] = bytes[i];
    for (size_t i = 0; i < sizeof event.Text; i++)
        event.Text[i] = d->Text[i];
    event.Width = d->Width;
    long long step = (m->Context->uc_mcontext.gregs[REG_EFL] & 0x400) ? -(long long)d->Width : (long long)d->Width;
    unsigned long long value = 0;

    switch (d->Op) {
    case MPABI_X86_MOV_FROM_CR:
    case MPABI_X86_MOV_TO_CR:
        event.Port = (unsigned long long)d->Special;
        if (d->Special != 8) {
            event.Kind = MPABI_TRAP_OTHER_PRIVILEGED;
            if (!privileged(&event)) return 0;
            break;
        }
        event.Kind = d->Op == MPABI_X86_MOV_FROM_CR ? MPABI_TRAP_READ_CR8 : MPABI_TRAP_WRITE_CR8;
        if (event.Kind == MPABI_TRAP_WRITE_CR8)
            event.Value = m->Registers[d->Register];
        if (!privileged(&event)) return 0;
        if (event.Kind == MPABI_TRAP_READ_CR8)
            m->Registers[d->Register] = event.Value;
        break;
    case MPABI_X86_MOV_FROM_DR: case MPABI_X86_MOV_TO_DR: case MPABI_X86_PRIVILEGED:
        event.Kind = MPABI_TRAP_OTHER_PRIVILEGED;
        event.Port = d->Special >= 0 ? (unsigned long long)d->Special : 0;
        if (!privileged(&event)) return 0;
        break;
    case MPABI_X86_CLI: case MPABI_X86_STI: case MPABI_X86_HLT:
        event.Kind = d->Op == MPABI_X86_CLI ? MPABI_TRAP_CLI : d->Op == MPABI_X86_STI ? MPABI_TRAP_STI : MPABI_TRAP_HLT;
        if (!privileged(&event)) return 0;
        break;
    case MPABI_X86_RDMSR: case MPABI_X86_WRMSR:
        event.Kind = d->Op == MPABI_X86_RDMSR ? MPABI_TRAP_READ_MSR : MPABI_TRAP_WRITE_MSR;
        event.Port = m->Registers[1] & 0xFFFFFFFFull;
        if (d->Op == MPABI_X86_WRMSR)
            event.Value = (m->Registers[2] & 0xFFFFFFFFull) << 32 | (m->Registers[0] & 0xFFFFFFFFull);
        if (!privileged(&event)) return 0;
        if (d->Op == MPABI_X86_RDMSR) {
            m->Registers[0] = event.Value & 0xFFFFFFFFull;
            m->Registers[2] = event.Value >> 32;
        }
        break;
    case MPABI_X86_IN: case MPABI_X86_OUT:
        event.Kind = d->Op == MPABI_X86_IN ? MPABI_TRAP_PORT_IN : MPABI_TRAP_PORT_OUT;
        event.Port = d->Port < 0 ? (m->Registers[2] & 0xFFFF) : (unsigned long long)d->Port;
        if (d->Op == MPABI_X86_OUT)
            event.Value = readRegister(m, 0, d->Width);
        if (!privileged(&event)) return 0;
        if (d->Op == MPABI_X86_IN)
            writeRegister(m, 0, d->Width, event.Value & widthMask(d->Width));
        break;
    case MPABI_X86_INS: case MPABI_X86_OUTS: {
        int repeat = d->Rep != 0;
        if (repeat && counter(m, d) == 0)
            break;
        for (;;) {
            event.Kind = d->Op == MPABI_X86_INS ? MPABI_TRAP_PORT_IN : MPABI_TRAP_PORT_OUT;
            event.Port = m->Registers[2] & 0xFFFF;
            event.Value = 0;
            if (d->Op == MPABI_X86_OUTS)
                copyIn(indexAddress(m, d, 6), d->Width, &event.Value);
            if (!privileged(&event)) {
                storeMachine(m);   /* the elements done stay done */
                return 0;
            }
            if (d->Op == MPABI_X86_INS) {
                copyOut(indexAddress(m, d, 7), d->Width, event.Value);
                advanceIndex(m, d, 7, step);
            } else {
                advanceIndex(m, d, 6, step);
            }
            if (!repeat)
                break;
            countDown(m, d);
            if (counter(m, d) == 0)
                break;
        }
        break;
    }
    case MPABI_X86_LOAD: {
        uintptr_t address = (uintptr_t)MpAbiTrapEffectiveAddress(d, m->Registers, m->Rip);
        if (!windowAccess(address, d->Width, 0, &value))
            return 0;
        if (d->Extend != 0)
            value = extend(value, d->Width, d->Extend == 2);
        writeRegister(m, d->Register, d->RegisterWidth, value);
        break;
    }
    case MPABI_X86_STORE: case MPABI_X86_STORE_IMMEDIATE: {
        uintptr_t address = (uintptr_t)MpAbiTrapEffectiveAddress(d, m->Registers, m->Rip);
        value = d->Op == MPABI_X86_STORE ? readRegister(m, d->Register, d->Width) : d->Immediate;
        if (!windowAccess(address, d->Width, 1, &value))
            return 0;
        break;
    }
    case MPABI_X86_COMPARE: case MPABI_X86_TEST: {
        uintptr_t address = (uintptr_t)MpAbiTrapEffectiveAddress(d, m->Registers, m->Rip);
        if (!windowAccess(address, d->Width, 0, &value))
            return 0;
        unsigned long long other = d->Register >= 0 ? readRegister(m, d->Register, d->Width)
                                                    : d->Immediate & widthMask(d->Width);
        greg_t *flags = &m->Context->uc_mcontext.gregs[REG_EFL];
        if (d->RegisterFirst)
            *flags = (greg_t)arithmeticFlags((unsigned long long)*flags, other, value, d->Width, d->Op == MPABI_X86_TEST);
        else
            *flags = (greg_t)arithmeticFlags((unsigned long long)*flags, value, other, d->Width, d->Op == MPABI_X86_TEST);
        break;
    }
    case MPABI_X86_MOVS: {
        int repeat = d->Rep != 0;
        if (repeat && counter(m, d) == 0)
            break;
        /* Ours only when the first element touches a window (else it is some other fault). */
        if (!inWindow(indexAddress(m, d, 6), d->Width) && !inWindow(indexAddress(m, d, 7), d->Width))
            return 0;
        for (;;) {
            uintptr_t source = indexAddress(m, d, 6), destination = indexAddress(m, d, 7);
            int sourceWindow = inWindow(source, d->Width), destinationWindow = inWindow(destination, d->Width);
            if (sourceWindow) {
                if (!windowAccess(source, d->Width, 0, &value)) { storeMachine(m); return 0; }
            } else {
                copyIn(source, d->Width, &value);
            }
            if (destinationWindow) {
                if (!windowAccess(destination, d->Width, 1, &value)) { storeMachine(m); return 0; }
            } else {
                copyOut(destination, d->Width, value);
            }
            advanceIndex(m, d, 6, step);
            advanceIndex(m, d, 7, step);
            if (!repeat)
                break;
            countDown(m, d);
            if (counter(m, d) == 0)
                break;
        }
        break;
    }
    case MPABI_X86_STOS: case MPABI_X86_LODS: {
        int repeat = d->Rep != 0, store = d->Op == MPABI_X86_STOS;
        int index = store ? 7 : 6;   /* RDI or RSI */
        if (repeat && counter(m, d) == 0)
            break;
        if (!inWindow(indexAddress(m, d, index), d->Width))
            return 0;
        for (;;) {
            uintptr_t address = indexAddress(m, d, index);
            if (store) {
                value = readRegister(m, 0, d->Width);
                if (inWindow(address, d->Width)) {
                    if (!windowAccess(address, d->Width, 1, &value)) { storeMachine(m); return 0; }
                } else {
                    copyOut(address, d->Width, value);
                }
            } else {
                if (inWindow(address, d->Width)) {
                    if (!windowAccess(address, d->Width, 0, &value)) { storeMachine(m); return 0; }
                } else {
                    copyIn(address, d->Width, &value);
                }
                writeRegister(m, 0, d->Width, value);
            }
            advanceIndex(m, d, index, step);
            if (!repeat)
                break;
            countDown(m, d);
            if (counter(m, d) == 0)
                break;
        }
        break;
    }
    default:
        return 0;
    }
    m->Rip += d->Length;
    storeMachine(m);
    return 1;
}

static const char *signalName(int signal)
{
    return signal == SIGSEGV ? "SIGSEGV" : signal == SIGBUS ? "SIGBUS" : signal == SIGILL ? "SIGILL" : "signal";
}

/* The crash note of a fault the trap does not emulate. */
static void writeCrashNote(int signal, const siginfo_t *info, const machine *m, const MPABI_TRAP_DECODED *d,
                           const unsigned char *bytes, unsigned count)
{
    size_t length;
    char *note = MpAbiTrapCrashNoteBuffer(&length);
    if (note == 0)
        return;
    MPABI_TRAP_TEXT text;
    MpAbiTrapTextStart(&text, note, length);
    MpAbiTrapTextAppend(&text, signalName(signal));
    MpAbiTrapTextAppend(&text, " at ");
    MpAbiTrapDescribeInto(&text, m->Rip);
    if (d != 0) {
        MpAbiTrapTextAppend(&text, ": ");
        MpAbiTrapTextAppend(&text, d->Text);   /* undecoded: "(unsupported) 03 07 ..." */
        if (d->Length != 0) {
            MpAbiTrapTextAppend(&text, " (");
            for (unsigned i = 0; i < count; i++) {
                if (i) MpAbiTrapTextAppend(&text, " ");
                MpAbiTrapTextByte(&text, bytes[i]);
            }
            MpAbiTrapTextAppend(&text, ")");
        }
        if (d->HasMemory) {
            MpAbiTrapTextAppend(&text, ", address ");
            MpAbiTrapTextHex(&text, MpAbiTrapEffectiveAddress(d, m->Registers, m->Rip));
        }
    }
    if (signal != SIGILL) {
        MpAbiTrapTextAppend(&text, ", fault address ");
        MpAbiTrapTextHex(&text, (uintptr_t)info->si_addr);
    }
}

/* Hands a fault that is not ours to whatever handled the signal before. */
static void passOn(int index, int signal, siginfo_t *info, void *context)
{
    const struct sigaction *previous = &previousActions[index];
    if (previous->sa_flags & SA_SIGINFO) {
        if (previous->sa_sigaction != 0) {
            previous->sa_sigaction(signal, info, context);
            return;
        }
    } else if (previous->sa_handler != SIG_DFL && previous->sa_handler != SIG_IGN) {
        previous->sa_handler(signal);
        return;
    }
    /* The default action: restore it; a fault then happens again when the instruction is
     * retried and ends the process as it would have. A signal sent by a process is raised
     * again. */
    sigaction(signal, previous, 0);
    if (info->si_code <= 0)
        raise(signal);
}

static void trapHandler(int signal, siginfo_t *info, void *contextPointer)
{
    int savedErrno = errno;
    int index = signal == SIGSEGV ? 0 : signal == SIGBUS ? 1 : 2;
    ucontext_t *context = (ucontext_t *)contextPointer;
    machine m;
    loadMachine(&m, context);

    MPABI_TRAP_DECODED decoded;
    unsigned char bytes[15];
    unsigned count = 0;
    int haveDecoded = 0;
    if (info->si_code > 0) {   /* raised by the processor, not sent */
        uintptr_t rangeStart, rangeLength, handler;
        if (MpAbiTrapFindCodeRange(m.Rip, &rangeStart, &rangeLength, &handler)) {
            rangeHandler = handler;
            uintptr_t available = rangeStart + rangeLength - m.Rip;   /* >= 1 */
            count = available < 15 ? (unsigned)available : 15;
            for (unsigned i = 0; i < count; i++)
                bytes[i] = ((volatile const unsigned char *)m.Rip)[i];
            haveDecoded = 1;
            if (MpAbiTrapDecode(bytes, count, &decoded) && emulate(&m, &decoded, bytes)) {
                errno = savedErrno;
                return;
            }
            loadMachine(&m, context);   /* a partial string instruction updated it */
            if (decoded.Length != 0 && decoded.Length < count)
                count = decoded.Length;
        }
        writeCrashNote(signal, info, &m, haveDecoded ? &decoded : 0, bytes, count);
    }
    errno = savedErrno;
    passOn(index, signal, info, contextPointer);
}

int MpAbiTrapInstall(MPABI_TRAP_PRIVILEGED_HANDLER handler)
{
    atomic_store_explicit(&privilegedHandler, (uintptr_t)handler, memory_order_release);
    return MpAbiTrapInstallSignals();
}

int MpAbiTrapInstallSignals(void)
{
    pthread_mutex_lock(&installLock);
    int result = 1;
    for (int i = 0; i < 3; i++) {
        struct sigaction current;
        if (sigaction(trappedSignals[i], 0, &current) != 0) {
            result = 0;
            break;
        }
        if ((current.sa_flags & SA_SIGINFO) && current.sa_sigaction == trapHandler)
            continue;
        /* The previous action is recorded before the handler can run and need it. */
        previousActions[i] = current;
        struct sigaction action;
        action.sa_sigaction = trapHandler;
        sigemptyset(&action.sa_mask);
        /* SA_NODEFER: a fault inside a host handler reaches this handler again (it is passed on
         * to the previous action) instead of killing the process unreported. No SA_ONSTACK: the
         * host's handlers run on the faulting thread's own stack. */
        action.sa_flags = SA_SIGINFO | SA_NODEFER;
        if (sigaction(trappedSignals[i], &action, 0) != 0) {
            result = 0;
            break;
        }
    }
    pthread_mutex_unlock(&installLock);
    return result;
}
