/*
 * mpabi_trap.h - the fault trap of the host: what Windows kernel code does that faults in a
 * Linux process, caught and emulated (host only; miniports never include this header).
 *
 * A Windows x64 driver running in our process executes instructions a user process may not:
 * `mov rax, cr8` (KeGetCurrentIrql inlined), `cli`/`sti`, `in`/`out`, `rdmsr`, `wbinvd`, ...
 * Each raises #GP, which Linux delivers as SIGSEGV. It also dereferences device register
 * pointers (the PROT_NONE reservations the port hands out as device bases) and reads
 * KUSER_SHARED_DATA at 0xFFFFF78000000000, a kernel address. The trap is a SIGSEGV/SIGBUS/SIGILL
 * handler that decodes the faulting instruction and:
 *   - privileged instructions: describes them in an MPABI_TRAP_EVENT and calls the host's
 *     privileged handler; if it returns 1 the instruction is completed (the value of a read
 *     written to its destination) and execution resumes after it;
 *   - memory accesses (MOV, MOVZX, MOVSX, MOVSXD, MOV moffs, MOV imm, REP MOVS/STOS/LODS, and
 *     the reads of CMP and TEST) whose effective address lies in a registered window: calls the window's
 *     handler for each element and completes the instruction with x86 semantics.
 * Only faults whose RIP lies in a registered code range are emulated. Any other fault is passed
 * on (the previous handler is called, or the previous disposition restored so the fault kills
 * the process exactly as it would have), after the crash note describes it.
 *
 * Concurrency: the registries are fixed-size tables written under a mutex by the host and read
 * by the signal handler without a lock (a sequence count per slot). The handler never takes a
 * lock and never allocates; the host's handlers run on the faulting thread, synchronously,
 * inside the signal handler: they may call back into the host, but must not fault themselves
 * (a fault there is not emulated: it kills the process, described by the crash note).
 * A window or image must stay valid until its Remove call has returned, and the host must not
 * remove one a thread may still be using.
 */
#ifndef MPABI_TRAP_H
#define MPABI_TRAP_H

#include <stddef.h>

/* ---- Decoder ---------------------------------------------------------------------------- */

/* What a decoded instruction is. */
typedef enum {
    MPABI_X86_INVALID = 0,      /* no instruction: bad prefixes, longer than 15 bytes */
    MPABI_X86_TRUNCATED,        /* the bytes end inside the instruction */
    MPABI_X86_UNSUPPORTED,      /* an instruction the decoder does not model */
    MPABI_X86_MOV_FROM_CR,      /* mov r64, crN (Special = N, Register = destination) */
    MPABI_X86_MOV_TO_CR,        /* mov crN, r64 (Special = N, Register = source) */
    MPABI_X86_MOV_FROM_DR,      /* mov r64, drN */
    MPABI_X86_MOV_TO_DR,        /* mov drN, r64 */
    MPABI_X86_CLI,
    MPABI_X86_STI,
    MPABI_X86_HLT,
    MPABI_X86_IN,               /* in al/ax/eax, imm8 or dx (Port = imm8, or -1 for DX) */
    MPABI_X86_OUT,              /* out imm8 or dx, al/ax/eax */
    MPABI_X86_INS,              /* ins{b,w,d} [rdi], dx (Rep when F3) */
    MPABI_X86_OUTS,             /* outs{b,w,d} dx, [rsi] */
    MPABI_X86_RDMSR,            /* edx:eax = msr[ecx] */
    MPABI_X86_WRMSR,            /* msr[ecx] = edx:eax */
    MPABI_X86_PRIVILEGED,       /* another privileged instruction (wbinvd, invd, invlpg, lgdt,
                                   lidt, lldt, ltr, lmsw, clts, swapgs, rdpmc, monitor, mwait,
                                   clac, stac, sysret, sysexit): Text names it */
    MPABI_X86_LOAD,             /* Register = [memory] (mov, movzx, movsx, movsxd, mov moffs) */
    MPABI_X86_STORE,            /* [memory] = Register (mov, mov moffs) */
    MPABI_X86_STORE_IMMEDIATE,  /* [memory] = Immediate (mov imm) */
    MPABI_X86_MOVS,             /* movs{b,w,d,q} [rdi], [rsi] (Rep when F3 or F2) */
    MPABI_X86_COMPARE,          /* cmp [memory], Register or Immediate (or cmp Register, [memory]
                                   when RegisterFirst): sets the arithmetic flags */
    MPABI_X86_TEST,             /* test [memory], Register or Immediate: sets the logical flags */
    MPABI_X86_STOS,             /* stos{b,w,d,q} [rdi], al/ax/eax/rax (Rep when F3 or F2) */
    MPABI_X86_LODS,             /* lods{b,w,d,q} al/ax/eax/rax, [rsi] (Rep when F3 or F2) */
} MPABI_X86_OP;

/* Register numbers: 0-15 are RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8-R15 (the encoding's
 * numbering); 16-19 are AH, CH, DH, BH (bits 8-15 of RAX..RBX, byte operands without REX). */
#define MPABI_X86_REGISTER_NONE (-1)
#define MPABI_X86_REGISTER_RIP 16   /* as Base: RIP-relative (the address after the instruction) */

/* One decoded instruction (64-bit mode). */
typedef struct {
    MPABI_X86_OP Op;
    unsigned Length;            /* bytes of the instruction (prefixes to immediate); 0 if not decoded */
    unsigned Width;             /* bytes read or written in memory or at the port: 1, 2, 4, 8 */
    unsigned RegisterWidth;     /* bytes of the register operand: a load writes this many (a
                                   32-bit write zero-extends to 64, 8 and 16 keep the rest) */
    int Extend;                 /* loads: 0 none, 1 zero-extend (movzx), 2 sign-extend (movsx, movsxd) */
    int Register;               /* the register operand (see above), or -1 */
    int Special;                /* CR or DR number of MOV CR/DR, else -1 */
    int Rep;                    /* 0, or 0xF3 / 0xF2 when that prefix repeats a string instruction */
    unsigned AddressWidth;      /* 8, or 4 with the 67 prefix (addresses wrap at 32 bits) */
    int Segment;                /* 0, or 0x64 (FS) / 0x65 (GS): segment override (never emulated) */
    int HasMemory;              /* a memory operand: Base + Index * Scale + Displacement */
    int Base;                   /* register, MPABI_X86_REGISTER_RIP, or -1 */
    int Index;                  /* register, or -1 */
    unsigned Scale;             /* 1, 2, 4, 8 */
    long long Displacement;     /* also the absolute address of mov moffs (Base = Index = -1) */
    unsigned long long Immediate; /* mov imm: sign-extended to 64 bits */
    int Port;                   /* in/out: the imm8 port, or -1 for the port in DX */
    int RegisterFirst;          /* cmp r, [memory]: the register is the first operand */
    char Text[48];              /* Intel syntax, NUL-terminated: "mov rax, cr8", "rep movsd" */
} MPABI_TRAP_DECODED;

/* Decodes the instruction at Bytes (at most Length bytes are read, and never more than 15).
 * Returns 1 when Out->Op is an instruction the trap knows (MOV_FROM_CR and after), else 0
 * (Out->Op is INVALID, TRUNCATED or UNSUPPORTED; Out->Text then holds "(bad)", "(truncated)"
 * or the bytes). Signal-safe. */
int MpAbiTrapDecode(const unsigned char *Bytes, size_t Length, MPABI_TRAP_DECODED *Out);

/* The effective address of Decoded's memory operand, with Registers (numbered as above, 0-15)
 * and Rip the address of the instruction itself. 0 when it has none. Signal-safe. */
unsigned long long MpAbiTrapEffectiveAddress(const MPABI_TRAP_DECODED *Decoded,
                                             const unsigned long long Registers[16],
                                             unsigned long long Rip);

/* ---- Privileged instructions ------------------------------------------------------------- */

/* What a privileged instruction asks of the host. */
typedef enum {
    MPABI_TRAP_READ_CR8 = 1,    /* Value: return the IRQL (written to the 64-bit destination) */
    MPABI_TRAP_WRITE_CR8,       /* Value: the IRQL written */
    MPABI_TRAP_CLI,
    MPABI_TRAP_STI,
    MPABI_TRAP_HLT,
    MPABI_TRAP_PORT_IN,         /* Port, Width: return Value (once per element of ins) */
    MPABI_TRAP_PORT_OUT,        /* Port, Width, Value (once per element of outs) */
    MPABI_TRAP_READ_MSR,        /* Port: the MSR (ECX); return Value (to EDX:EAX) */
    MPABI_TRAP_WRITE_MSR,       /* Port: the MSR; Value: EDX:EAX */
    MPABI_TRAP_OTHER_PRIVILEGED /* anything else (mov crN other than 8, mov drN, wbinvd, invlpg,
                                   lgdt...): returning 1 skips it as a no-op (a read leaves its
                                   destination unchanged) */
} MPABI_TRAP_KIND;

/* One privileged instruction, as the privileged handler sees it. */
typedef struct {
    MPABI_TRAP_KIND Kind;
    unsigned Width;             /* bytes: 1, 2, 4 for ports; 8 for CR8 and MSRs */
    unsigned long long Port;    /* I/O port, MSR number, or CR number */
    unsigned long long Value;   /* written value, or the handler's result for a read */
    const void *Rip;            /* the instruction */
    unsigned char Bytes[15];    /* its bytes */
    unsigned Length;            /* how many */
    char Text[48];              /* its text: "mov rax, cr8", "out dx, al" */
} MPABI_TRAP_EVENT;

/* Called on the faulting thread; returns 1 if emulated (Value holds the result of a read), 0
 * to let the fault proceed (the process then dies as it would have). */
typedef int (*MPABI_TRAP_PRIVILEGED_HANDLER)(MPABI_TRAP_EVENT *Event);

/* A device window's access: Width bytes (1, 2, 4, 8) at Offset from the window's start; a write
 * when IsWrite, with *Value the bytes written (zero-extended), else the handler stores the value
 * read in *Value. Returns 1 if done, 0 to let the fault proceed. */
typedef int (*MPABI_TRAP_WINDOW_HANDLER)(void *Context, unsigned long long Offset, unsigned Width,
                                         int IsWrite, unsigned long long *Value);

/* Installs the handler for SIGSEGV, SIGBUS and SIGILL (each signal's previous action is kept and
 * used for the faults that are not ours). Handler may be NULL: privileged instructions then
 * fault. A second call replaces the privileged handler; the signal handlers are installed again
 * only where another action replaced them. Returns 1, or 0 if sigaction failed (errno). */
int MpAbiTrapInstall(MPABI_TRAP_PRIVILEGED_HANDLER Handler);
/* Installs the signal handlers as MpAbiTrapInstall does, leaving the privileged handler as it is
 * (for a user whose code ranges carry their own: MpAbiTrapAddCodeRangeWithHandler). */
int MpAbiTrapInstallSignals(void);

/* Where Windows x64 maps KUSER_SHARED_DATA for kernel code (a kernel address: a user-mode access
 * faults, so the host registers a window there). */
#define MPABI_TRAP_KUSER_SHARED_DATA 0xFFFFF78000000000ull

/* Table sizes. */
#define MPABI_TRAP_MAX_CODE_RANGES 64
#define MPABI_TRAP_MAX_WINDOWS 256
#define MPABI_TRAP_MAX_IMAGES 32

/* Faults are emulated only when RIP lies in a registered code range (a .sys image's executable
 * sections, a miniport .so's text): the instruction bytes are read from there. Returns 1, or 0
 * when the table is full or the range empty or wrapping. */
int MpAbiTrapAddCodeRange(const void *Start, size_t Length);
/* The same with the privileged handler for faults in this range (the installed one serves ranges
 * added without one): each loaded image's owner answers for its own code. */
int MpAbiTrapAddCodeRangeWithHandler(const void *Start, size_t Length, MPABI_TRAP_PRIVILEGED_HANDLER Handler);
void MpAbiTrapRemoveCodeRange(const void *Start);

/* Checks the registry's table logic on a private table (for tests: filling the process's own
 * tables would refuse other users' registrations meanwhile). 0, or the number of the failed check. */
int MpAbiTrapRegistrySelfTest(void);

/* A device window [Start, Start + Length): any address, mapped or not (a PROT_NONE device base,
 * KUSER_SHARED_DATA). An access must lie wholly inside one window. Returns 1, or 0 when the table
 * is full, the range empty or wrapping, or Handler NULL. */
int MpAbiTrapAddWindow(const void *Start, size_t Length, MPABI_TRAP_WINDOW_HANDLER Handler, void *Context);
void MpAbiTrapRemoveWindow(const void *Start);

/* ---- Crash naming --------------------------------------------------------------------------- */

/* An image mapped at [Base, Base + Size) with its RUNTIME_FUNCTION table (.pdata: Count entries
 * of 12 bytes {BeginAddress, EndAddress, UnwindData} RVAs, sorted by BeginAddress; may be NULL).
 * The table must stay readable until MpAbiTrapRemoveImage. Name is copied (63 bytes at most).
 * Returns 1, or 0 when the table is full or the arguments are unusable. */
int MpAbiTrapAddImage(const void *Base, size_t Size, const char *Name, const void *RuntimeFunctions, size_t Count);
void MpAbiTrapRemoveImage(const void *Base);

/* Writes a description of Address into Buffer (NUL-terminated, truncated to Length - 1):
 * "name+0xRVA (function at 0xBEGIN +0xOFF)" inside a function of a registered image,
 * "name+0xRVA" elsewhere in one, "0xADDRESS" outside all. Returns the characters written
 * (without the NUL). Signal-safe. */
size_t MpAbiTrapDescribeAddress(const void *Address, char *Buffer, size_t Length);

/* Where the description of a fault the trap does not emulate is written (NUL-terminated) before
 * it is passed on: "SIGSEGV at phba.sys+0x1234 (function at 0x1200 +0x34): mov eax, [rcx+0x10]
 * (8b 41 10), address 0x7f...". NULL turns it off. The buffer must stay writable. */
void MpAbiTrapSetCrashNote(char *Buffer, size_t Length);

#endif /* MPABI_TRAP_H */
