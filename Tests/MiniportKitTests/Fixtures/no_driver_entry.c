/* Links the import stub but exports no DriverEntry. */
#include <miniport.h>
#include <srb.h>

ULONG NotTheEntryPoint(void)
{
    return ScsiPortConvertPhysicalAddressToUlong(ScsiPortConvertUlongToPhysicalAddress(7));
}
