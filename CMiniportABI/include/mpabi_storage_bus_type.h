/*
 * mpabi_storage_bus_type.h - the one home of STORAGE_BUS_TYPE, which the WDK declares in
 * ntddstor.h and StorPort miniports pass to StorPortSetAdapterBusType (storport.h): both
 * include this header.
 */
#ifndef MPABI_STORAGE_BUS_TYPE_H
#define MPABI_STORAGE_BUS_TYPE_H

#include "mpabi_types.h"

MPABI_EXTERN_C_BEGIN

typedef enum _STORAGE_BUS_TYPE {
    BusTypeUnknown = 0x00,
    BusTypeScsi = 0x01,
    BusTypeAtapi = 0x02,
    BusTypeAta = 0x03,
    BusType1394 = 0x04,
    BusTypeSsa = 0x05,
    BusTypeFibre = 0x06,
    BusTypeUsb = 0x07,
    BusTypeRAID = 0x08,
    BusTypeiScsi = 0x09,
    BusTypeSas = 0x0A,
    BusTypeSata = 0x0B,
    BusTypeSd = 0x0C,
    BusTypeMmc = 0x0D,
    BusTypeVirtual = 0x0E,
    BusTypeFileBackedVirtual = 0x0F,
    BusTypeSpaces = 0x10,
    BusTypeNvme = 0x11,
    BusTypeSCM = 0x12,
    BusTypeUfs = 0x13,
    BusTypeNvmeof = 0x14,
    BusTypeMax = 0x15,
    BusTypeMaxReserved = 0x7F
} STORAGE_BUS_TYPE, *PSTORAGE_BUS_TYPE;

MPABI_EXTERN_C_END

#endif /* MPABI_STORAGE_BUS_TYPE_H */
