/*
 * bad_init.c - a miniport whose HW_INITIALIZATION_DATA is wrong in a way chosen at build time:
 *   -DBAD_SIZE         HwInitializationDataSize too large (a newer structure)
 *   -DSMALL_SIZE       HwInitializationDataSize smaller than the oldest structure
 *   -DNO_STARTIO       HwStartIo missing
 *   -DBAD_INTERFACE    AdapterInterfaceType out of range
 *   -DISA_BUS          an ISA adapter (no such bus is emulated)
 * DriverEntry returns what ScsiPortInitialize returned, as WDK miniports do.
 */
#include <miniport.h>
#include <srb.h>

static BOOLEAN Init(PVOID e) { (void)e; return TRUE; }
static BOOLEAN StartIo(PVOID e, PSCSI_REQUEST_BLOCK s) { (void)e; (void)s; return TRUE; }
static BOOLEAN Reset(PVOID e, ULONG p) { (void)e; (void)p; return TRUE; }
static ULONG Find(PVOID e, PVOID c, PVOID b, PCHAR a, PPORT_CONFIGURATION_INFORMATION i, PBOOLEAN again)
{
    (void)e; (void)c; (void)b; (void)a; (void)i;
    *again = FALSE;
    return SP_RETURN_NOT_FOUND;
}

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;
    RtlZeroMemory(&init, sizeof init);
    init.HwInitializationDataSize = sizeof init;
    init.AdapterInterfaceType = PCIBus;
    init.HwInitialize = Init;
    init.HwStartIo = StartIo;
    init.HwFindAdapter = Find;
    init.HwResetBus = Reset;
#ifdef BAD_SIZE
    init.HwInitializationDataSize = sizeof init + 8;
#endif
#ifdef SMALL_SIZE
    init.HwInitializationDataSize = 64;
#endif
#ifdef NO_STARTIO
    init.HwStartIo = NULL;
#endif
#ifdef BAD_INTERFACE
    init.AdapterInterfaceType = (INTERFACE_TYPE)99;
#endif
#ifdef ISA_BUS
    init.AdapterInterfaceType = Isa;
#endif
    return ScsiPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
