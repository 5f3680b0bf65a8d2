/* A miniport image built against an import table version this SDK does not provide. */
#include <miniport.h>
#include <srb.h>

__attribute__((visibility("default"))) struct {
    ULONG Magic;
    ULONG Version;
    ULONG Size;
    ULONG Flags;
    PVOID Context;
    PVOID Unresolved;
    PVOID Slots[8];
} MpAbiImportTable = { 0x5449504DU, 0, 112, 0, NULL, NULL, {NULL} };

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    (void)DriverObject;
    (void)RegistryPath;
    return 0;
}
