/* Uses the fixture GUIDs through the declarations DEFINE_GUID makes without initguid.h; links
 * only together with wdk_guid_define.c. Exits 0 when the values are the defined ones. */
#include <ntddk.h>
#include "wdk_guids.h"

int main(void)
{
    GUID expected = { 0x6e3c2f10, 0x1d2b, 0x4c5a, { 0x9b, 0x8c, 0x7d, 0x6e, 0x5f, 0x40, 0x31, 0x22 } };
    if (!IsEqualGUID(&GUID_MPABI_FIXTURE_A, &expected))
        return 1;
    if (IsEqualGUID(&GUID_MPABI_FIXTURE_A, &GUID_MPABI_FIXTURE_B))
        return 2;
    if (GUID_MPABI_FIXTURE_B.Data1 != 1 || GUID_MPABI_FIXTURE_B.Data4[7] != 0x0b)
        return 3;
    return sizeof(GUID) == 16 ? 0 : 4;
}
