/* Access to the generated layout tables (see mpabi_layout.h). */
#include <stdlib.h>
#include <string.h>
#include "mpabi_layout.h"

extern const MPABI_LAYOUT_ENTRY MpAbiLayout_scsiport[];
extern const unsigned long MpAbiLayout_scsiport_Count;
extern const MPABI_LAYOUT_ENTRY MpAbiLayout_storport[];
extern const unsigned long MpAbiLayout_storport_Count;

const MPABI_LAYOUT_ENTRY *MpAbiLayoutEntries(int Family, unsigned long *Count)
{
    switch (Family) {
    case MPABI_FAMILY_SCSIPORT:
        *Count = MpAbiLayout_scsiport_Count;
        return MpAbiLayout_scsiport;
    case MPABI_FAMILY_STORPORT:
        *Count = MpAbiLayout_storport_Count;
        return MpAbiLayout_storport;
    default:
        *Count = 0;
        return NULL;
    }
}

int MpAbiLayoutBitfield(const MPABI_LAYOUT_ENTRY *Entry, unsigned long *BitOffset, unsigned long *BitWidth)
{
    unsigned char image[4096];
    unsigned long first = 0, last = 0, bit;
    int found = 0;

    if (Entry == NULL || Entry->Kind != MPABI_LAYOUT_BITFIELD || Entry->SetAllOnes == NULL ||
        Entry->Size == 0 || Entry->Size > sizeof image)
        return 0;
    memset(image, 0, sizeof image);
    Entry->SetAllOnes(image);
    for (bit = 0; bit < Entry->Size * 8; bit++) {
        if (image[bit / 8] >> (bit % 8) & 1) {
            if (!found)
                first = bit;
            last = bit;
            found = 1;
        }
    }
    if (!found)
        return 0;
    *BitOffset = first;
    *BitWidth = last - first + 1;
    return 1;
}
