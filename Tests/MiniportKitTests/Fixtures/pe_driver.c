/*
 * pe_driver.c - a tiny Windows x64 kernel driver for PEImageTests, built with
 * `clang --target=x86_64-pc-windows-msvc -ffreestanding -funwind-tables -O0 -c` and linked by
 * `lld-link /driver` against an import library of storport.sys. No headers: it declares what it
 * uses. DriverEntry(0, 0) returns first + *second_pointer (42), reading `second` through a
 * pointer the loader relocates; DriverEntry(1, 0) returns what the unbound StorPortGetBusData
 * returns; DriverEntry(2, ...) calls StorPortInitialize (never called by the tests).
 */
typedef long NTSTATUS;
typedef unsigned long long ULONG64;

__declspec(dllimport) NTSTATUS StorPortInitialize(void *Argument1, void *Argument2, void *HwInitializationData,
                                                  void *HwContext);
__declspec(dllimport) NTSTATUS StorPortGetBusData(void);

/* IMAGE_LOAD_CONFIG_DIRECTORY64 up to SecurityCookie (offset 0x58): what the linker points the
 * load config directory at when the image defines _load_config_used. */
typedef struct {
    unsigned Size, TimeDateStamp;
    unsigned short MajorVersion, MinorVersion;
    unsigned GlobalFlagsClear, GlobalFlagsSet, CriticalSectionDefaultTimeout;
    ULONG64 DeCommitFreeBlockThreshold, DeCommitTotalFreeThreshold, LockPrefixTable, MaximumAllocationSize;
    ULONG64 VirtualMemoryThreshold, ProcessAffinityMask;
    unsigned ProcessHeapFlags;
    unsigned short CSDVersion, DependentLoadFlags;
    ULONG64 EditList;
    void *SecurityCookie;
} LOAD_CONFIG;

ULONG64 __security_cookie = 0x00002B992DDFA232ULL;
const LOAD_CONFIG _load_config_used = {
    sizeof(LOAD_CONFIG), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, &__security_cookie
};

int first = 40;
int second = 2;
int *second_pointer = &second;

NTSTATUS DriverEntry(void *DriverObject, void *RegistryPath)
{
    if (DriverObject == (void *)1)
        return StorPortGetBusData();
    if (DriverObject == (void *)2)
        return StorPortInitialize(DriverObject, RegistryPath, 0, 0);
    return first + *second_pointer;
}
