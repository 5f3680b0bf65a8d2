/* See mpabi_trap.h and mpabi_trap_internal.h: the fault trap's registries (code ranges, device
 * windows, images), the naming of addresses for crash reports, and the crash note. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include "mpabi_trap.h"
#include "mpabi_trap_internal.h"

/* ---- Registries -------------------------------------------------------------------------------
 * Fixed tables of slots. The host writes a slot under `registryLock`; the signal handler reads
 * it lock-free: a slot's Sequence is odd while it is being written, and a reader that sees it odd
 * or changed across its reads takes the slot as absent (a handler interrupting its own thread's
 * Add sees the slot half-written and skips it). Every field is an atomic read relaxed between
 * the acquire of the sequence and a fence, so no read is a data race. */

static pthread_mutex_t registryLock = PTHREAD_MUTEX_INITIALIZER;

typedef struct {
    _Atomic unsigned Sequence;
    _Atomic uintptr_t Start;
    _Atomic uintptr_t Length;     /* 0: a free slot */
    _Atomic uintptr_t Handler;    /* windows: the handler; images: the RUNTIME_FUNCTION table */
    _Atomic uintptr_t Context;    /* windows: its context; images: the table's entry count */
    _Atomic unsigned char Name[64]; /* images only */
} slot;

typedef struct {
    uintptr_t Start, Length, Handler, Context;
} snapshot;

static slot codeRanges[MPABI_TRAP_MAX_CODE_RANGES];
static slot windows[MPABI_TRAP_MAX_WINDOWS];
static slot images[MPABI_TRAP_MAX_IMAGES];

static void beginWrite(slot *s)
{
    unsigned sequence = atomic_load_explicit(&s->Sequence, memory_order_relaxed);
    atomic_store_explicit(&s->Sequence, sequence + 1, memory_order_relaxed);
    atomic_thread_fence(memory_order_release);
}

static void endWrite(slot *s)
{
    unsigned sequence = atomic_load_explicit(&s->Sequence, memory_order_relaxed);
    atomic_store_explicit(&s->Sequence, sequence + 1, memory_order_release);
}

/* A consistent copy of a used slot, or 0 (free, or being written). Name (64 bytes) is copied
 * too when given. */
static int readSlot(slot *s, snapshot *out, char *name)
{
    for (int attempt = 0; attempt < 4; attempt++) {
        unsigned before = atomic_load_explicit(&s->Sequence, memory_order_acquire);
        if (before & 1)
            continue;
        out->Start = atomic_load_explicit(&s->Start, memory_order_relaxed);
        out->Length = atomic_load_explicit(&s->Length, memory_order_relaxed);
        out->Handler = atomic_load_explicit(&s->Handler, memory_order_relaxed);
        out->Context = atomic_load_explicit(&s->Context, memory_order_relaxed);
        if (name != 0)
            for (int i = 0; i < 64; i++)
                name[i] = (char)atomic_load_explicit(&s->Name[i], memory_order_relaxed);
        atomic_thread_fence(memory_order_acquire);
        if (atomic_load_explicit(&s->Sequence, memory_order_relaxed) != before)
            continue;
        if (name != 0)
            name[63] = 0;
        return out->Length != 0;
    }
    return 0;
}

/* [Start, Start + Length) is a non-empty range that does not wrap (its last byte at most
 * UINTPTR_MAX). */
static int usableRange(uintptr_t start, size_t length)
{
    return length != 0 && (uintptr_t)(length - 1) <= UINTPTR_MAX - start;
}

static int addSlot(slot *table, int count, uintptr_t start, size_t length, uintptr_t handler,
                   uintptr_t context, const char *name)
{
    if (!usableRange(start, length))
        return 0;
    pthread_mutex_lock(&registryLock);
    int added = 0;
    for (int i = 0; i < count && !added; i++) {
        slot *s = &table[i];
        if (atomic_load_explicit(&s->Length, memory_order_relaxed) != 0)
            continue;
        beginWrite(s);
        atomic_store_explicit(&s->Start, start, memory_order_relaxed);
        atomic_store_explicit(&s->Length, length, memory_order_relaxed);
        atomic_store_explicit(&s->Handler, handler, memory_order_relaxed);
        atomic_store_explicit(&s->Context, context, memory_order_relaxed);
        int end = 0;
        for (int c = 0; c < 64; c++) {
            char character = (name == 0 || end || c == 63) ? 0 : name[c];
            if (character == 0)
                end = 1;
            atomic_store_explicit(&s->Name[c], (unsigned char)character, memory_order_relaxed);
        }
        endWrite(s);
        added = 1;
    }
    pthread_mutex_unlock(&registryLock);
    return added;
}

static void removeSlot(slot *table, int count, uintptr_t start)
{
    pthread_mutex_lock(&registryLock);
    for (int i = 0; i < count; i++) {
        slot *s = &table[i];
        if (atomic_load_explicit(&s->Length, memory_order_relaxed) == 0 ||
            atomic_load_explicit(&s->Start, memory_order_relaxed) != start)
            continue;
        beginWrite(s);
        atomic_store_explicit(&s->Length, 0, memory_order_relaxed);
        atomic_store_explicit(&s->Start, 0, memory_order_relaxed);
        endWrite(s);
        break;
    }
    pthread_mutex_unlock(&registryLock);
}

/* The used slot of Table holding [Address, Address + Width), or -1. */
static int findSlot(slot *table, int count, uintptr_t address, uintptr_t width, snapshot *found, char *name)
{
    for (int i = 0; i < count; i++) {
        if (atomic_load_explicit(&table[i].Length, memory_order_relaxed) == 0)
            continue;
        snapshot s;
        if (!readSlot(&table[i], &s, name))
            continue;
        if (address >= s.Start && address - s.Start < s.Length && width <= s.Length - (address - s.Start)) {
            *found = s;
            return i;
        }
    }
    return -1;
}

int MpAbiTrapAddCodeRange(const void *start, size_t length)
{
    return addSlot(codeRanges, MPABI_TRAP_MAX_CODE_RANGES, (uintptr_t)start, length, 0, 0, 0);
}

int MpAbiTrapAddCodeRangeWithHandler(const void *start, size_t length, MPABI_TRAP_PRIVILEGED_HANDLER handler)
{
    return addSlot(codeRanges, MPABI_TRAP_MAX_CODE_RANGES, (uintptr_t)start, length, (uintptr_t)handler, 0, 0);
}

void MpAbiTrapRemoveCodeRange(const void *start)
{
    removeSlot(codeRanges, MPABI_TRAP_MAX_CODE_RANGES, (uintptr_t)start);
}

int MpAbiTrapAddWindow(const void *start, size_t length, MPABI_TRAP_WINDOW_HANDLER handler, void *context)
{
    if (handler == 0)
        return 0;
    return addSlot(windows, MPABI_TRAP_MAX_WINDOWS, (uintptr_t)start, length, (uintptr_t)handler,
                   (uintptr_t)context, 0);
}

void MpAbiTrapRemoveWindow(const void *start)
{
    removeSlot(windows, MPABI_TRAP_MAX_WINDOWS, (uintptr_t)start);
}

/* Largest RUNTIME_FUNCTION table accepted: 16 Mi entries (192 MiB of .pdata). */
#define MAXIMUM_RUNTIME_FUNCTIONS (1u << 24)

int MpAbiTrapAddImage(const void *base, size_t size, const char *name, const void *runtimeFunctions, size_t count)
{
    if (count > MAXIMUM_RUNTIME_FUNCTIONS || (runtimeFunctions == 0 && count != 0))
        return 0;
    return addSlot(images, MPABI_TRAP_MAX_IMAGES, (uintptr_t)base, size, (uintptr_t)runtimeFunctions,
                   (uintptr_t)count, name == 0 ? "image" : name);
}

void MpAbiTrapRemoveImage(const void *base)
{
    removeSlot(images, MPABI_TRAP_MAX_IMAGES, (uintptr_t)base);
}

/* ---- Crash naming ---------------------------------------------------------------------------- */

static unsigned readLittle32(const unsigned char *bytes)
{
    return (unsigned)bytes[0] | (unsigned)bytes[1] << 8 | (unsigned)bytes[2] << 16 | (unsigned)bytes[3] << 24;
}

void MpAbiTrapDescribeInto(MPABI_TRAP_TEXT *text, uintptr_t address)
{
    snapshot image;
    char name[64];
    if (findSlot(images, MPABI_TRAP_MAX_IMAGES, address, 1, &image, name) < 0) {
        MpAbiTrapTextHex(text, address);
        return;
    }
    uintptr_t rva = address - image.Start;
    MpAbiTrapTextAppend(text, name);
    MpAbiTrapTextAppend(text, "+");
    MpAbiTrapTextHex(text, rva);
    /* Binary search of the sorted table for the last entry beginning at or before the RVA. */
    const unsigned char *table = (const unsigned char *)image.Handler;
    size_t low = 0, high = image.Context;
    while (table != 0 && low < high) {
        size_t middle = low + (high - low) / 2;
        if (readLittle32(table + middle * 12) <= rva)
            low = middle + 1;
        else
            high = middle;
    }
    if (table == 0 || low == 0)
        return;
    unsigned begin = readLittle32(table + (low - 1) * 12);
    unsigned end = readLittle32(table + (low - 1) * 12 + 4);
    if (begin <= rva && rva < end && end <= image.Length) {
        MpAbiTrapTextAppend(text, " (function at ");
        MpAbiTrapTextHex(text, begin);
        MpAbiTrapTextAppend(text, " +");
        MpAbiTrapTextHex(text, rva - begin);
        MpAbiTrapTextAppend(text, ")");
    }
}

size_t MpAbiTrapDescribeAddress(const void *address, char *buffer, size_t length)
{
    MPABI_TRAP_TEXT text;
    MpAbiTrapTextStart(&text, buffer, length);
    MpAbiTrapDescribeInto(&text, (uintptr_t)address);
    return text.Used;
}

static _Atomic uintptr_t crashNote;
static _Atomic size_t crashNoteLength;

void MpAbiTrapSetCrashNote(char *buffer, size_t length)
{
    atomic_store(&crashNote, 0);
    atomic_store(&crashNoteLength, buffer == 0 ? 0 : length);
    atomic_store(&crashNote, (uintptr_t)buffer);
}

char *MpAbiTrapCrashNoteBuffer(size_t *length)
{
    char *note = (char *)atomic_load(&crashNote);
    *length = atomic_load(&crashNoteLength);
    return *length == 0 ? 0 : note;
}

int MpAbiTrapFindCodeRange(uintptr_t address, uintptr_t *start, uintptr_t *length, uintptr_t *handler)
{
    snapshot range;
    if (findSlot(codeRanges, MPABI_TRAP_MAX_CODE_RANGES, address, 1, &range, 0) < 0)
        return 0;
    *start = range.Start;
    *length = range.Length;
    *handler = range.Handler;
    return 1;
}

int MpAbiTrapFindWindow(uintptr_t address, unsigned width, MPABI_TRAP_WINDOW_HANDLER *handler, void **context,
                        uintptr_t *start)
{
    snapshot window;
    if (findSlot(windows, MPABI_TRAP_MAX_WINDOWS, address, width, &window, 0) < 0)
        return 0;
    *handler = (MPABI_TRAP_WINDOW_HANDLER)window.Handler;
    *context = (void *)window.Context;
    *start = window.Start;
    return 1;
}

/* The table logic (fill, refuse when full, free a slot, find) on a private table, so a test can
 * check it without filling the process's tables under other users. 0, or the failed check. */
int MpAbiTrapRegistrySelfTest(void)
{
    enum { count = 8 };
    static slot table[count];
    snapshot found;
    const uintptr_t base = (uintptr_t)0x700000000000ull;
    for (int i = 0; i < count; i++)
        if (!addSlot(table, count, base + (uintptr_t)i * 0x1000, 0x1000, 1, 0, 0))
            return 1;
    if (addSlot(table, count, base + 0x100000, 0x1000, 1, 0, 0))
        return 2;
    if (findSlot(table, count, base + 0x3008, 4, &found, 0) != 3 || found.Start != base + 0x3000)
        return 3;
    if (findSlot(table, count, base + 0x3FFE, 4, &found, 0) >= 0)   /* straddles two slots */
        return 4;
    removeSlot(table, count, base + 0x7000);
    if (!addSlot(table, count, base + 0x100000, 0x1000, 1, 0, 0))
        return 5;
    if (findSlot(table, count, base + 0x100010, 1, &found, 0) < 0)
        return 6;
    for (int i = 0; i < count; i++)
        removeSlot(table, count, base + (uintptr_t)i * 0x1000);
    removeSlot(table, count, base + 0x100000);
    for (int i = 0; i < count; i++)
        if (atomic_load_explicit(&table[i].Length, memory_order_relaxed) != 0)
            return 7;
    return 0;
}
