/*
 * Exercises the inline helpers of wdm.h / ntdef.h at run time: lists, Interlocked*, bit scans,
 * byte swaps, page and alignment arithmetic, status classification, GUID comparison and the
 * DBG=1 assertions. Prints one line per failed check and "checks N failed M"; exits 0 only when
 * every check held. Built with -DDBG=1 so that ASSERT reaches the RtlAssert below.
 */
#include <ntddk.h>
#include <stdio.h>

static int checks, failures;
#define CHECK(cond) do { checks++; if (!(cond)) { failures++; printf("FAILED line %d: %s\n", __LINE__, #cond); } } while (0)

static int asserted;
static const char *assertedText;
NTSYSAPI VOID NTAPI RtlAssert(PVOID VoidFailedAssertion, PVOID VoidFileName, ULONG LineNumber, PSTR MutableMessage)
{
    (void)VoidFileName;
    (void)LineNumber;
    (void)MutableMessage;
    asserted++;
    assertedText = (const char *)VoidFailedAssertion;
}

typedef struct { LIST_ENTRY Link; int Value; } ITEM;
typedef struct { SINGLE_LIST_ENTRY Link; int Value; } SITEM;

static int values(PLIST_ENTRY head, int *out, int max)
{
    int n = 0;
    for (PLIST_ENTRY e = head->Flink; e != head && n < max; e = e->Flink)
        out[n++] = CONTAINING_RECORD(e, ITEM, Link)->Value;
    return n;
}

static void lists(void)
{
    LIST_ENTRY head, other;
    ITEM items[6];
    int v[8];
    for (int i = 0; i < 6; i++) items[i].Value = i;
    InitializeListHead(&head);
    CHECK(IsListEmpty(&head));
    CHECK(RemoveHeadList(&head) == &head && RemoveTailList(&head) == &head);
    InsertTailList(&head, &items[1].Link);
    InsertTailList(&head, &items[2].Link);
    InsertHeadList(&head, &items[0].Link);
    CHECK(!IsListEmpty(&head));
    CHECK(values(&head, v, 8) == 3 && v[0] == 0 && v[1] == 1 && v[2] == 2);
    CHECK(head.Blink == &items[2].Link && items[0].Link.Blink == &head);
    CHECK(RemoveEntryList(&items[1].Link) == FALSE);
    CHECK(values(&head, v, 8) == 2 && v[0] == 0 && v[1] == 2);
    CHECK(CONTAINING_RECORD(RemoveHeadList(&head), ITEM, Link)->Value == 0);
    CHECK(RemoveEntryList(&items[2].Link) == TRUE);
    CHECK(IsListEmpty(&head));

    /* AppendTailList splices a headless ring (3 -> 4 -> 5) onto the end. */
    InsertTailList(&head, &items[0].Link);
    InitializeListHead(&other);
    InsertTailList(&other, &items[3].Link);
    InsertTailList(&other, &items[4].Link);
    InsertTailList(&other, &items[5].Link);
    PLIST_ENTRY ring = other.Flink;
    RemoveEntryList(&other);
    AppendTailList(&head, ring);
    CHECK(values(&head, v, 8) == 4 && v[0] == 0 && v[1] == 3 && v[2] == 4 && v[3] == 5);
    CHECK(CONTAINING_RECORD(RemoveTailList(&head), ITEM, Link)->Value == 5);
    CHECK(head.Blink == &items[4].Link && items[4].Link.Flink == &head);

    SINGLE_LIST_ENTRY stack = { NULL };
    SITEM s[3];
    for (int i = 0; i < 3; i++) { s[i].Value = i; PushEntryList(&stack, &s[i].Link); }
    CHECK(CONTAINING_RECORD(PopEntryList(&stack), SITEM, Link)->Value == 2);
    CHECK(CONTAINING_RECORD(PopEntryList(&stack), SITEM, Link)->Value == 1);
    CHECK(CONTAINING_RECORD(PopEntryList(&stack), SITEM, Link)->Value == 0);
    CHECK(PopEntryList(&stack) == NULL);
}

static void interlocked(void)
{
    LONG volatile x = 5;
    CHECK(InterlockedIncrement(&x) == 6 && x == 6);
    CHECK(InterlockedDecrement(&x) == 5);
    CHECK(InterlockedExchange(&x, 9) == 5 && x == 9);
    CHECK(InterlockedExchangeAdd(&x, 3) == 9 && x == 12);
    CHECK(InterlockedAdd(&x, -2) == 10);
    CHECK(InterlockedCompareExchange(&x, 20, 11) == 10 && x == 10);
    CHECK(InterlockedCompareExchange(&x, 20, 10) == 10 && x == 20);
    CHECK(InterlockedOr(&x, 0x3) == 20 && x == 23);
    CHECK(InterlockedAnd(&x, 0x6) == 23 && x == 6);
    CHECK(InterlockedXor(&x, 0x5) == 6 && x == 3);
    CHECK(_InterlockedIncrement(&x) == 4);

    LONG64 volatile y = 1LL << 40;
    CHECK(InterlockedIncrement64(&y) == (1LL << 40) + 1);
    CHECK(InterlockedExchangeAdd64(&y, 1LL << 41) == (1LL << 40) + 1 && y == (3LL << 40) + 1);
    CHECK(InterlockedCompareExchange64(&y, 7, (3LL << 40) + 1) == (3LL << 40) + 1 && y == 7);
    CHECK(InterlockedOr64(&y, 1LL << 50) == 7 && y == (1LL << 50) + 7);
    CHECK(InterlockedDecrement64(&y) == (1LL << 50) + 6);

    SHORT volatile s = 0x7fff;
    CHECK(InterlockedIncrement16(&s) == (SHORT)0x8000);
    CHECK(InterlockedCompareExchange16(&s, 1, (SHORT)0x8000) == (SHORT)0x8000 && s == 1);
    CHAR volatile c = 0x0f;
    CHECK(InterlockedOr8(&c, 0x30) == 0x0f && c == 0x3f);
    CHECK(InterlockedAnd8(&c, 0x11) == 0x3f && c == 0x11);

    int a = 1, b = 2;
    PVOID volatile p = &a;
    CHECK(InterlockedExchangePointer(&p, &b) == &a && p == &b);
    CHECK(InterlockedCompareExchangePointer(&p, &a, &a) == &b && p == &b);
    CHECK(InterlockedCompareExchangePointer(&p, &a, &b) == &b && p == &a);

    LONG volatile bits[2] = { 0, 0 };
    CHECK(InterlockedBitTestAndSet(bits, 35) == FALSE && bits[1] == 8);
    CHECK(InterlockedBitTestAndSet(bits, 35) == TRUE);
    CHECK(InterlockedBitTestAndSet(bits, 31) == FALSE && (ULONG)bits[0] == 0x80000000U);
    CHECK(InterlockedBitTestAndReset(bits, 35) == TRUE && bits[1] == 0);
    CHECK(_interlockedbittestandset(bits, 0) == FALSE && (ULONG)bits[0] == 0x80000001U);
    LONG64 volatile big = 0;
    CHECK(InterlockedBitTestAndSet64(&big, 63) == FALSE && (ULONG64)big == 0x8000000000000000ULL);
    CHECK(InterlockedBitTestAndReset64(&big, 63) == TRUE && big == 0);

    WriteRelease(&x, 42);
    CHECK(ReadAcquire(&x) == 42 && ReadNoFence(&x) == 42);
    KeMemoryBarrier();
    KeMemoryBarrierWithoutFence();
    MemoryBarrier();
    _ReadWriteBarrier();
    YieldProcessor();
}

static void bits(void)
{
    ULONG index = 99;
    CHECK(BitScanForward(&index, 0) == 0);
    CHECK(BitScanForward(&index, 0x50) == 1 && index == 4);
    CHECK(BitScanReverse(&index, 0x50) == 1 && index == 6);
    CHECK(BitScanReverse(&index, 0x80000000U) == 1 && index == 31);
    CHECK(BitScanForward64(&index, 1ULL << 40) == 1 && index == 40);
    CHECK(BitScanReverse64(&index, (1ULL << 63) | 1) == 1 && index == 63);
    CHECK(BitScanReverse64(&index, 0) == 0);
    CHECK(RtlUshortByteSwap(0x1234) == 0x3412);
    CHECK(RtlUlongByteSwap(0x12345678) == 0x78563412);
    CHECK(RtlUlonglongByteSwap(0x0102030405060708ULL) == 0x0807060504030201ULL);
    CHECK(_byteswap_ulong(0xAABBCCDD) == 0xDDCCBBAA);
}

static void pages(void)
{
    CHECK(PAGE_SIZE == 4096 && PAGE_SHIFT == 12);
    CHECK(ROUND_TO_PAGES(1) == 4096 && ROUND_TO_PAGES(4096) == 4096 && ROUND_TO_PAGES(4097) == 8192);
    CHECK(BYTES_TO_PAGES(0) == 0 && BYTES_TO_PAGES(1) == 1 && BYTES_TO_PAGES(8192) == 2 && BYTES_TO_PAGES(8193) == 3);
    CHECK(ADDRESS_AND_SIZE_TO_SPAN_PAGES((PVOID)0x1ff0, 0x20) == 2);
    CHECK(ADDRESS_AND_SIZE_TO_SPAN_PAGES((PVOID)0x2000, 0x1000) == 1);
    CHECK(PAGE_ALIGN((PVOID)0x12345) == (PVOID)0x12000 && BYTE_OFFSET((PVOID)0x12345) == 0x345);
    CHECK(ALIGN_UP_BY(13, 8) == 16 && ALIGN_DOWN_BY(13, 8) == 8 && ALIGN_UP_BY(16, 8) == 16);
    CHECK(ALIGN_UP_POINTER_BY((PVOID)0x1001, 16) == (PVOID)0x1010);
    CHECK(ALIGN_UP(5, ULONGLONG) == 8);
    CHECK(PtrToUlong((PVOID)0x1234) == 0x1234 && UlongToPtr(0x10) == (PVOID)0x10 && HandleToUlong((HANDLE)7) == 7);
    CHECK(TYPE_ALIGNMENT(LARGE_INTEGER) == 8 && RTL_SIZEOF_THROUGH_FIELD(DRIVER_OBJECT, DriverUnload) == 112);
    CHECK(min(3, 7) == 3 && max(3, 7) == 7);
    ULONG flags = 0;
    SetFlag(flags, 0x6);
    ClearFlag(flags, 0x2);
    CHECK(flags == 0x4 && FlagOn(flags, 0x4) && !BooleanFlagOn(flags, 0x2));
}

static void status_and_assert(void)
{
    CHECK(NT_SUCCESS(STATUS_SUCCESS) && NT_SUCCESS(STATUS_PENDING) && !NT_SUCCESS(STATUS_UNSUCCESSFUL));
    CHECK(NT_ERROR(STATUS_INSUFFICIENT_RESOURCES) && NT_WARNING(STATUS_BUFFER_OVERFLOW));
    CHECK(NT_INFORMATION(STATUS_OBJECT_NAME_EXISTS) && !NT_ERROR(STATUS_TIMEOUT));
    CHECK((ULONG)STATUS_DEVICE_NOT_READY == 0xC00000A3U && (ULONG)STATUS_IO_DEVICE_ERROR == 0xC0000185U);

    int side = 0;
    ASSERT(1 == 1);
    CHECK(asserted == 0);
    ASSERT(side == 1);
    CHECK(asserted == 1 && assertedText != NULL);
    NT_ASSERT(side++ == 5);
    CHECK(asserted == 2 && side == 1);
    CHECK(NT_VERIFY(side == 1) == TRUE && asserted == 2);
    CHECK(NT_VERIFY(side == 2) == FALSE && asserted == 3);

    /* Built with -fshort-wchar, as WDK code using L"" literals is (WCHAR is 16 bits). */
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"Disk");
    STRING ansi = RTL_CONSTANT_STRING("Disk");
    CHECK(name.Length == 8 && name.MaximumLength == 10 && name.Buffer[0] == 'D' && name.Buffer[4] == UNICODE_NULL);
    CHECK(ansi.Length == 4 && ansi.MaximumLength == 5 && ansi.Buffer[3] == 'k');
    OBJECT_ATTRIBUTES attributes;
    InitializeObjectAttributes(&attributes, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    CHECK(attributes.Length == sizeof(OBJECT_ATTRIBUTES) && attributes.ObjectName == &name &&
          attributes.Attributes == 0x240 && attributes.SecurityQualityOfService == NULL);

    GUID a = { 0x12345678, 0x9abc, 0xdef0, { 1, 2, 3, 4, 5, 6, 7, 8 } }, b = a;
    CHECK(IsEqualGUID(&a, &b) && InlineIsEqualGUID(&a, &b));
    b.Data4[7] = 9;
    CHECK(!IsEqualGUID(&a, &b) && !InlineIsEqualGUID(&a, &b));
}

int main(void)
{
    lists();
    interlocked();
    bits();
    pages();
    status_and_assert();
    printf("checks %d failed %d\n", checks, failures);
    return failures == 0 && checks >= 80 ? 0 : 1;
}
