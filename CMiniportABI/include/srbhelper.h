/*
 * srbhelper.h - accessors that work on both request-block kinds (WDK-compatible).
 *
 * A miniport that accepts extended SRBs (HW_INITIALIZATION_DATA.SrbTypeFlags with
 * SRB_TYPE_FLAG_STORAGE_REQUEST_BLOCK) gets a STORAGE_REQUEST_BLOCK where it used to get a
 * SCSI_REQUEST_BLOCK. The Srb* routines below take either (as PVOID) and tell them apart by
 * Function == SRB_FUNCTION_STORAGE_REQUEST_BLOCK, so one source serves both kinds.
 *
 * For an extended SRB the CDB, SCSI status and sense buffer live in a data block
 * (SRBEX_DATA_SCSI_CDB16 / _CDB32 / _CDB_VAR), the PnP, power and WMI parameters in theirs. A
 * data block is found only when its offset, its header and its declared Length all lie inside
 * SrbLength; an accessor whose block is missing or too short returns 0 / NULL (and a setter does
 * nothing), so nothing is read or written past what the SRB declares.
 *
 * Include after storport.h, or after srb.h (scsi.h is included here for CDB and STOR_ADDRESS).
 */
#ifndef _NTSRBHELPER_
#define _NTSRBHELPER_

#if !defined(_NTSTORPORT_) && !defined(_NTSRB_)
#include "srb.h"
#endif
#include "scsi.h"

MPABI_EXTERN_C_BEGIN

/* sizeof rounded up to a pointer: how the WDK places blocks one after another. */
#ifndef SRB_ALIGN_SIZEOF
#define SRB_ALIGN_SIZEOF(x) (((ULONG_PTR)(sizeof(x) + sizeof(PVOID) - 1)) & ~(ULONG_PTR)(sizeof(PVOID) - 1))
#endif

#ifndef SRBHELPER_ASSERT
#define SRBHELPER_ASSERT(e) ((void)0)
#endif

#define SrbMoveMemory(Destination, Source, Length) memmove((Destination), (Source), (Length))
#define SrbCopyMemory(Destination, Source, Length) memcpy((Destination), (Source), (Length))
#define SrbZeroMemory(Destination, Length) memset((Destination), 0, (Length))
#define SrbEqualMemory(Source1, Source2, Length) (memcmp((Source1), (Source2), (Length)) == 0)

/* ---- extended-SRB data blocks ---- */

/* Whether Srb is a STORAGE_REQUEST_BLOCK (the four header bytes are common to both kinds). */
FORCEINLINE BOOLEAN MpabiSrbIsExtended(_In_ PVOID Srb)
{
    return ((PSTORAGE_REQUEST_BLOCK_HEADER)Srb)->Function == SRB_FUNCTION_STORAGE_REQUEST_BLOCK;
}

/* Whether Length bytes at Offset lie inside the extended SRB (overflow-free). */
FORCEINLINE BOOLEAN MpabiSrbExInside(_In_ PSTORAGE_REQUEST_BLOCK SrbEx, _In_ ULONG Offset, _In_ ULONG Length)
{
    return Offset >= FIELD_OFFSET(STORAGE_REQUEST_BLOCK, SrbExDataOffset) && Offset <= SrbEx->SrbLength &&
           Length <= SrbEx->SrbLength - Offset;
}

/* The data block SrbExDataOffset[SrbExDataIndex] names, when the index is below NumSrbExData,
 * the offset pointer-aligned and the block (header and Length bytes) inside SrbLength; else NULL. */
FORCEINLINE PSRBEX_DATA SrbGetSrbExDataByIndex(_In_ PSTORAGE_REQUEST_BLOCK Srb, _In_ ULONG SrbExDataIndex)
{
    ULONG offset, length;
    PSRBEX_DATA data;
    if (Srb == NULL || SrbExDataIndex >= Srb->NumSrbExData) {
        return NULL;
    }
    /* The offset array itself must fit in the SRB. */
    if (SrbExDataIndex >= 0x3fffffffU ||
        !MpabiSrbExInside(Srb, FIELD_OFFSET(STORAGE_REQUEST_BLOCK, SrbExDataOffset),
                          (SrbExDataIndex + 1) * (ULONG)sizeof(ULONG))) {
        return NULL;
    }
    /* Byte copies: the array is declared with one element and the block lives past it. */
    memcpy(&offset, (PUCHAR)Srb + FIELD_OFFSET(STORAGE_REQUEST_BLOCK, SrbExDataOffset) + SrbExDataIndex * sizeof(ULONG),
           sizeof(ULONG));
    if ((offset & (ULONG)(sizeof(PVOID) - 1)) != 0 || !MpabiSrbExInside(Srb, offset, FIELD_OFFSET(SRBEX_DATA, Data))) {
        return NULL;
    }
    /* Through an integer: compilers that cannot prove the checks above hold would otherwise
     * warn about the offset (it is in bounds whenever this line runs). */
    data = (PSRBEX_DATA)((ULONG_PTR)Srb + offset);
    length = data->Length;
    if (!MpabiSrbExInside(Srb, offset + FIELD_OFFSET(SRBEX_DATA, Data), length)) {
        return NULL;
    }
    return data;
}

/* The first data block of Type, or NULL. */
FORCEINLINE PSRBEX_DATA SrbGetSrbExDataByType(_In_ PSTORAGE_REQUEST_BLOCK Srb, _In_ SRBEXDATATYPE Type)
{
    ULONG index;
    if (Srb == NULL) {
        return NULL;
    }
    for (index = 0; index < Srb->NumSrbExData; index++) {
        PSRBEX_DATA data = SrbGetSrbExDataByIndex(Srb, index);
        if (data == NULL) {
            return NULL;
        }
        if (data->Type == Type) {
            return data;
        }
    }
    return NULL;
}

/* The block of Type when it declares at least MinimumLength bytes after its header. */
FORCEINLINE PSRBEX_DATA MpabiSrbExBlock(_In_ PSTORAGE_REQUEST_BLOCK Srb, _In_ SRBEXDATATYPE Type, _In_ ULONG MinimumLength)
{
    PSRBEX_DATA data = SrbGetSrbExDataByType(Srb, Type);
    return data != NULL && data->Length >= MinimumLength ? data : NULL;
}

/* The block that carries the function's parameters: the CDB block for SRB_FUNCTION_EXECUTE_SCSI,
 * SRBEX_DATA_WMI / _POWER / _PNP for those functions; NULL for the others. */
FORCEINLINE PSRBEX_DATA SrbGetPrimarySrbExData(_In_ PSTORAGE_REQUEST_BLOCK Srb)
{
    PSRBEX_DATA data;
    if (Srb == NULL) {
        return NULL;
    }
    switch (Srb->SrbFunction) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        data = MpabiSrbExBlock(Srb, SrbExDataTypeScsiCdb16, (ULONG)SRBEX_DATA_SCSI_CDB16_LENGTH);
        if (data == NULL) {
            data = MpabiSrbExBlock(Srb, SrbExDataTypeScsiCdb32, (ULONG)SRBEX_DATA_SCSI_CDB32_LENGTH);
        }
        if (data == NULL) {
            data = MpabiSrbExBlock(Srb, SrbExDataTypeScsiCdbVar, (ULONG)SRBEX_DATA_SCSI_CDB_VAR_LENGTH_MIN);
        }
        return data;
    case SRB_FUNCTION_WMI:
        return MpabiSrbExBlock(Srb, SrbExDataTypeWmi, (ULONG)SRBEX_DATA_WMI_LENGTH);
    case SRB_FUNCTION_POWER:
        return MpabiSrbExBlock(Srb, SrbExDataTypePower, (ULONG)SRBEX_DATA_POWER_LENGTH);
    case SRB_FUNCTION_PNP:
        return MpabiSrbExBlock(Srb, SrbExDataTypePnP, (ULONG)SRBEX_DATA_PNP_LENGTH);
    default:
        return NULL;
    }
}

/* The unit address at AddressOffset, when a whole STOR_ADDRESS (and its AddressLength bytes)
 * lies inside SrbLength; else NULL. */
FORCEINLINE PSTOR_ADDRESS SrbGetAddress(_In_ PSTORAGE_REQUEST_BLOCK Srb)
{
    PSTOR_ADDRESS address;
    if (Srb == NULL || Srb->Function != SRB_FUNCTION_STORAGE_REQUEST_BLOCK ||
        (Srb->AddressOffset & 7U) != 0 ||
        !MpabiSrbExInside(Srb, Srb->AddressOffset, FIELD_OFFSET(STOR_ADDRESS, AddressData))) {
        return NULL;
    }
    address = (PSTOR_ADDRESS)((PUCHAR)Srb + Srb->AddressOffset);
    if (!MpabiSrbExInside(Srb, Srb->AddressOffset + FIELD_OFFSET(STOR_ADDRESS, AddressData), address->AddressLength)) {
        return NULL;
    }
    return address;
}

/* The SCSI part of an extended SRB: its CDB (NULL when it has no CDB block), with the lengths,
 * status and sense buffer through whichever pointers are non-NULL. CdbLength8 receives the
 * length of a CDB16/CDB32 block's CDB, CdbLength32 that of a variable-length one. */
FORCEINLINE PCDB SrbGetScsiData(_In_ PSTORAGE_REQUEST_BLOCK SrbEx, _Out_opt_ PUCHAR CdbLength8,
                                _Out_opt_ PULONG CdbLength32, _Out_opt_ PUCHAR ScsiStatus,
                                _Out_opt_ PVOID *SenseInfoBuffer, _Out_opt_ PUCHAR SenseInfoBufferLength)
{
    PSRBEX_DATA data = SrbGetPrimarySrbExData(SrbEx);
    PCDB cdb = NULL;
    if (CdbLength8 != NULL) *CdbLength8 = 0;
    if (CdbLength32 != NULL) *CdbLength32 = 0;
    if (ScsiStatus != NULL) *ScsiStatus = 0;
    if (SenseInfoBuffer != NULL) *SenseInfoBuffer = NULL;
    if (SenseInfoBufferLength != NULL) *SenseInfoBufferLength = 0;
    if (data == NULL) {
        return NULL;
    }
    if (data->Type == SrbExDataTypeScsiCdb16 || data->Type == SrbExDataTypeScsiCdb32) {
        /* CDB16 and CDB32 share every field before Cdb. */
        PSRBEX_DATA_SCSI_CDB16 block = (PSRBEX_DATA_SCSI_CDB16)data;
        UCHAR capacity = data->Type == SrbExDataTypeScsiCdb16 ? 16 : 32;
        if (CdbLength8 != NULL) *CdbLength8 = block->CdbLength <= capacity ? block->CdbLength : capacity;
        if (ScsiStatus != NULL) *ScsiStatus = block->ScsiStatus;
        if (SenseInfoBuffer != NULL) *SenseInfoBuffer = block->SenseInfoBuffer;
        if (SenseInfoBufferLength != NULL) *SenseInfoBufferLength = block->SenseInfoBufferLength;
        cdb = (PCDB)block->Cdb;
    } else if (data->Type == SrbExDataTypeScsiCdbVar) {
        PSRBEX_DATA_SCSI_CDB_VAR block = (PSRBEX_DATA_SCSI_CDB_VAR)data;
        ULONG room = data->Length - (ULONG)(FIELD_OFFSET(SRBEX_DATA_SCSI_CDB_VAR, Cdb) - FIELD_OFFSET(SRBEX_DATA, Data));
        if (data->Length < (ULONG)(FIELD_OFFSET(SRBEX_DATA_SCSI_CDB_VAR, Cdb) - FIELD_OFFSET(SRBEX_DATA, Data))) {
            room = 0;
        }
        if (CdbLength32 != NULL) *CdbLength32 = block->CdbLength <= room ? block->CdbLength : room;
        if (ScsiStatus != NULL) *ScsiStatus = block->ScsiStatus;
        if (SenseInfoBuffer != NULL) *SenseInfoBuffer = block->SenseInfoBuffer;
        if (SenseInfoBufferLength != NULL) *SenseInfoBufferLength = block->SenseInfoBufferLength;
        cdb = (PCDB)block->Cdb;
    }
    return cdb;
}

/* ---- both kinds ---- */

FORCEINLINE ULONG SrbGetSrbFunction(_In_ PVOID Srb)
{
    return MpabiSrbIsExtended(Srb) ? ((PSTORAGE_REQUEST_BLOCK)Srb)->SrbFunction
                                   : (ULONG)((PSCSI_REQUEST_BLOCK)Srb)->Function;
}

/* The SRB's whole length: SrbLength, or sizeof(SCSI_REQUEST_BLOCK). */
FORCEINLINE ULONG SrbGetSrbLength(_In_ PVOID Srb)
{
    return MpabiSrbIsExtended(Srb) ? ((PSTORAGE_REQUEST_BLOCK)Srb)->SrbLength : (ULONG)sizeof(SCSI_REQUEST_BLOCK);
}

FORCEINLINE VOID SrbSetSrbLength(_In_ PVOID Srb, _In_ ULONG Length)
{
    if (MpabiSrbIsExtended(Srb)) {
        ((PSTORAGE_REQUEST_BLOCK)Srb)->SrbLength = Length;
    }
}

/* The CDB, or NULL when an extended SRB carries none. */
FORCEINLINE PCDB SrbGetCdb(_In_ PVOID Srb)
{
    if (MpabiSrbIsExtended(Srb)) {
        return SrbGetScsiData((PSTORAGE_REQUEST_BLOCK)Srb, NULL, NULL, NULL, NULL, NULL);
    }
    return (PCDB)((PSCSI_REQUEST_BLOCK)Srb)->Cdb;
}

FORCEINLINE UCHAR SrbGetCdbLength(_In_ PVOID Srb)
{
    if (MpabiSrbIsExtended(Srb)) {
        UCHAR length8 = 0;
        ULONG length32 = 0;
        SrbGetScsiData((PSTORAGE_REQUEST_BLOCK)Srb, &length8, &length32, NULL, NULL, NULL);
        return length8 != 0 ? length8 : (UCHAR)(length32 > 0xff ? 0xff : length32);
    }
    return ((PSCSI_REQUEST_BLOCK)Srb)->CdbLength;
}

/* Sets the CDB length, up to what the SRB's CDB area holds (16, 32, or the variable block's room). */
FORCEINLINE VOID SrbSetCdbLength(_In_ PVOID Srb, _In_ UCHAR CdbLength)
{
    if (MpabiSrbIsExtended(Srb)) {
        PSRBEX_DATA data = SrbGetPrimarySrbExData((PSTORAGE_REQUEST_BLOCK)Srb);
        if (data == NULL) {
            return;
        }
        if (data->Type == SrbExDataTypeScsiCdb16 && CdbLength <= 16) {
            ((PSRBEX_DATA_SCSI_CDB16)data)->CdbLength = CdbLength;
        } else if (data->Type == SrbExDataTypeScsiCdb32 && CdbLength <= 32) {
            ((PSRBEX_DATA_SCSI_CDB32)data)->CdbLength = CdbLength;
        } else if (data->Type == SrbExDataTypeScsiCdbVar &&
                   (ULONG)CdbLength + (ULONG)(FIELD_OFFSET(SRBEX_DATA_SCSI_CDB_VAR, Cdb) - FIELD_OFFSET(SRBEX_DATA, Data)) <= data->Length) {
            ((PSRBEX_DATA_SCSI_CDB_VAR)data)->CdbLength = CdbLength;
        }
        return;
    }
    if (CdbLength <= sizeof(((PSCSI_REQUEST_BLOCK)Srb)->Cdb)) {
        ((PSCSI_REQUEST_BLOCK)Srb)->CdbLength = CdbLength;
    }
}

FORCEINLINE UCHAR SrbGetScsiStatus(_In_ PVOID Srb)
{
    if (MpabiSrbIsExtended(Srb)) {
        UCHAR status = 0;
        SrbGetScsiData((PSTORAGE_REQUEST_BLOCK)Srb, NULL, NULL, &status, NULL, NULL);
        return status;
    }
    return ((PSCSI_REQUEST_BLOCK)Srb)->ScsiStatus;
}

FORCEINLINE VOID SrbSetScsiStatus(_In_ PVOID Srb, _In_ UCHAR ScsiStatus)
{
    if (MpabiSrbIsExtended(Srb)) {
        PSRBEX_DATA data = SrbGetPrimarySrbExData((PSTORAGE_REQUEST_BLOCK)Srb);
        if (data == NULL) {
            return;
        }
        if (data->Type == SrbExDataTypeScsiCdb16 || data->Type == SrbExDataTypeScsiCdb32) {
            ((PSRBEX_DATA_SCSI_CDB16)data)->ScsiStatus = ScsiStatus;
        } else if (data->Type == SrbExDataTypeScsiCdbVar) {
            ((PSRBEX_DATA_SCSI_CDB_VAR)data)->ScsiStatus = ScsiStatus;
        }
        return;
    }
    ((PSCSI_REQUEST_BLOCK)Srb)->ScsiStatus = ScsiStatus;
}

FORCEINLINE PVOID SrbGetSenseInfoBuffer(_In_ PVOID Srb)
{
    if (MpabiSrbIsExtended(Srb)) {
        PVOID buffer = NULL;
        SrbGetScsiData((PSTORAGE_REQUEST_BLOCK)Srb, NULL, NULL, NULL, &buffer, NULL);
        return buffer;
    }
    return ((PSCSI_REQUEST_BLOCK)Srb)->SenseInfoBuffer;
}

FORCEINLINE VOID SrbSetSenseInfoBuffer(_In_ PVOID Srb, _In_opt_ PVOID SenseInfoBuffer)
{
    if (MpabiSrbIsExtended(Srb)) {
        PSRBEX_DATA data = SrbGetPrimarySrbExData((PSTORAGE_REQUEST_BLOCK)Srb);
        if (data == NULL) {
            return;
        }
        if (data->Type == SrbExDataTypeScsiCdb16 || data->Type == SrbExDataTypeScsiCdb32) {
            ((PSRBEX_DATA_SCSI_CDB16)data)->SenseInfoBuffer = SenseInfoBuffer;
        } else if (data->Type == SrbExDataTypeScsiCdbVar) {
            ((PSRBEX_DATA_SCSI_CDB_VAR)data)->SenseInfoBuffer = SenseInfoBuffer;
        }
        return;
    }
    ((PSCSI_REQUEST_BLOCK)Srb)->SenseInfoBuffer = SenseInfoBuffer;
}

FORCEINLINE UCHAR SrbGetSenseInfoBufferLength(_In_ PVOID Srb)
{
    if (MpabiSrbIsExtended(Srb)) {
        UCHAR length = 0;
        SrbGetScsiData((PSTORAGE_REQUEST_BLOCK)Srb, NULL, NULL, NULL, NULL, &length);
        return length;
    }
    return ((PSCSI_REQUEST_BLOCK)Srb)->SenseInfoBufferLength;
}

FORCEINLINE VOID SrbSetSenseInfoBufferLength(_In_ PVOID Srb, _In_ UCHAR SenseInfoBufferLength)
{
    if (MpabiSrbIsExtended(Srb)) {
        PSRBEX_DATA data = SrbGetPrimarySrbExData((PSTORAGE_REQUEST_BLOCK)Srb);
        if (data == NULL) {
            return;
        }
        if (data->Type == SrbExDataTypeScsiCdb16 || data->Type == SrbExDataTypeScsiCdb32) {
            ((PSRBEX_DATA_SCSI_CDB16)data)->SenseInfoBufferLength = SenseInfoBufferLength;
        } else if (data->Type == SrbExDataTypeScsiCdbVar) {
            ((PSRBEX_DATA_SCSI_CDB_VAR)data)->SenseInfoBufferLength = SenseInfoBufferLength;
        }
        return;
    }
    ((PSCSI_REQUEST_BLOCK)Srb)->SenseInfoBufferLength = SenseInfoBufferLength;
}

FORCEINLINE UCHAR SrbGetSrbStatus(_In_ PVOID Srb)
{
    return ((PSTORAGE_REQUEST_BLOCK_HEADER)Srb)->SrbStatus;
}

FORCEINLINE VOID SrbSetSrbStatus(_In_ PVOID Srb, _In_ UCHAR SrbStatus)
{
    ((PSTORAGE_REQUEST_BLOCK_HEADER)Srb)->SrbStatus = SrbStatus;
}

FORCEINLINE ULONG SrbGetSrbFlags(_In_ PVOID Srb)
{
    return MpabiSrbIsExtended(Srb) ? ((PSTORAGE_REQUEST_BLOCK)Srb)->SrbFlags : ((PSCSI_REQUEST_BLOCK)Srb)->SrbFlags;
}

/* ORs Flags into SrbFlags (the WDK's "set" adds bits; SrbAssignSrbFlags replaces them). */
FORCEINLINE VOID SrbSetSrbFlags(_In_ PVOID Srb, _In_ ULONG Flags)
{
    if (MpabiSrbIsExtended(Srb)) {
        ((PSTORAGE_REQUEST_BLOCK)Srb)->SrbFlags |= Flags;
    } else {
        ((PSCSI_REQUEST_BLOCK)Srb)->SrbFlags |= Flags;
    }
}

FORCEINLINE VOID SrbAssignSrbFlags(_In_ PVOID Srb, _In_ ULONG Flags)
{
    if (MpabiSrbIsExtended(Srb)) {
        ((PSTORAGE_REQUEST_BLOCK)Srb)->SrbFlags = Flags;
    } else {
        ((PSCSI_REQUEST_BLOCK)Srb)->SrbFlags = Flags;
    }
}

FORCEINLINE VOID SrbClearSrbFlags(_In_ PVOID Srb, _In_ ULONG Flags)
{
    if (MpabiSrbIsExtended(Srb)) {
        ((PSTORAGE_REQUEST_BLOCK)Srb)->SrbFlags &= ~Flags;
    } else {
        ((PSCSI_REQUEST_BLOCK)Srb)->SrbFlags &= ~Flags;
    }
}

FORCEINLINE PVOID SrbGetDataBuffer(_In_ PVOID Srb)
{
    return MpabiSrbIsExtended(Srb) ? ((PSTORAGE_REQUEST_BLOCK)Srb)->DataBuffer : ((PSCSI_REQUEST_BLOCK)Srb)->DataBuffer;
}

FORCEINLINE VOID SrbSetDataBuffer(_In_ PVOID Srb, _In_opt_ PVOID DataBuffer)
{
    if (MpabiSrbIsExtended(Srb)) {
        ((PSTORAGE_REQUEST_BLOCK)Srb)->DataBuffer = DataBuffer;
    } else {
        ((PSCSI_REQUEST_BLOCK)Srb)->DataBuffer = DataBuffer;
    }
}

FORCEINLINE ULONG SrbGetDataTransferLength(_In_ PVOID Srb)
{
    return MpabiSrbIsExtended(Srb) ? ((PSTORAGE_REQUEST_BLOCK)Srb)->DataTransferLength
                                   : ((PSCSI_REQUEST_BLOCK)Srb)->DataTransferLength;
}

FORCEINLINE VOID SrbSetDataTransferLength(_In_ PVOID Srb, _In_ ULONG DataTransferLength)
{
    if (MpabiSrbIsExtended(Srb)) {
        ((PSTORAGE_REQUEST_BLOCK)Srb)->DataTransferLength = DataTransferLength;
    } else {
        ((PSCSI_REQUEST_BLOCK)Srb)->DataTransferLength = DataTransferLength;
    }
}

FORCEINLINE ULONG SrbGetTimeOutValue(_In_ PVOID Srb)
{
    return MpabiSrbIsExtended(Srb) ? ((PSTORAGE_REQUEST_BLOCK)Srb)->TimeOutValue : ((PSCSI_REQUEST_BLOCK)Srb)->TimeOutValue;
}

FORCEINLINE VOID SrbSetTimeOutValue(_In_ PVOID Srb, _In_ ULONG TimeOutValue)
{
    if (MpabiSrbIsExtended(Srb)) {
        ((PSTORAGE_REQUEST_BLOCK)Srb)->TimeOutValue = TimeOutValue;
    } else {
        ((PSCSI_REQUEST_BLOCK)Srb)->TimeOutValue = TimeOutValue;
    }
}

/* SystemStatus of an extended SRB; InternalStatus of a SCSI_REQUEST_BLOCK. */
FORCEINLINE ULONG SrbGetSystemStatus(_In_ PVOID Srb)
{
    return MpabiSrbIsExtended(Srb) ? ((PSTORAGE_REQUEST_BLOCK)Srb)->SystemStatus : ((PSCSI_REQUEST_BLOCK)Srb)->InternalStatus;
}

FORCEINLINE VOID SrbSetSystemStatus(_In_ PVOID Srb, _In_ ULONG Status)
{
    if (MpabiSrbIsExtended(Srb)) {
        ((PSTORAGE_REQUEST_BLOCK)Srb)->SystemStatus = Status;
    } else {
        ((PSCSI_REQUEST_BLOCK)Srb)->InternalStatus = Status;
    }
}

FORCEINLINE PVOID SrbGetOriginalRequest(_In_ PVOID Srb)
{
    return MpabiSrbIsExtended(Srb) ? ((PSTORAGE_REQUEST_BLOCK)Srb)->OriginalRequest : ((PSCSI_REQUEST_BLOCK)Srb)->OriginalRequest;
}

FORCEINLINE VOID SrbSetOriginalRequest(_In_ PVOID Srb, _In_opt_ PVOID OriginalRequest)
{
    if (MpabiSrbIsExtended(Srb)) {
        ((PSTORAGE_REQUEST_BLOCK)Srb)->OriginalRequest = OriginalRequest;
    } else {
        ((PSCSI_REQUEST_BLOCK)Srb)->OriginalRequest = OriginalRequest;
    }
}

FORCEINLINE PVOID SrbGetNextSrb(_In_ PVOID Srb)
{
    return MpabiSrbIsExtended(Srb) ? (PVOID)((PSTORAGE_REQUEST_BLOCK)Srb)->NextSrb : (PVOID)((PSCSI_REQUEST_BLOCK)Srb)->NextSrb;
}

FORCEINLINE VOID SrbSetNextSrb(_In_ PVOID Srb, _In_opt_ PVOID NextSrb)
{
    if (MpabiSrbIsExtended(Srb)) {
        ((PSTORAGE_REQUEST_BLOCK)Srb)->NextSrb = (PSTORAGE_REQUEST_BLOCK)NextSrb;
    } else {
        ((PSCSI_REQUEST_BLOCK)Srb)->NextSrb = (PSCSI_REQUEST_BLOCK)NextSrb;
    }
}

/* The SRB extension: MiniportContext of an extended SRB, SrbExtension of the other kind. */
FORCEINLINE PVOID SrbGetMiniportContext(_In_ PVOID Srb)
{
    return MpabiSrbIsExtended(Srb) ? ((PSTORAGE_REQUEST_BLOCK)Srb)->MiniportContext : ((PSCSI_REQUEST_BLOCK)Srb)->SrbExtension;
}

FORCEINLINE PVOID SrbGetPortContext(_In_ PVOID Srb)
{
    return MpabiSrbIsExtended(Srb) ? ((PSTORAGE_REQUEST_BLOCK)Srb)->PortContext : NULL;
}

/* The queue tag: RequestTag of an extended SRB, QueueTag of the other kind. */
FORCEINLINE ULONG SrbGetQueueTag(_In_ PVOID Srb)
{
    return MpabiSrbIsExtended(Srb) ? ((PSTORAGE_REQUEST_BLOCK)Srb)->RequestTag : (ULONG)((PSCSI_REQUEST_BLOCK)Srb)->QueueTag;
}

FORCEINLINE VOID SrbSetQueueTag(_In_ PVOID Srb, _In_ ULONG QueueTag)
{
    if (MpabiSrbIsExtended(Srb)) {
        ((PSTORAGE_REQUEST_BLOCK)Srb)->RequestTag = QueueTag;
    } else {
        ((PSCSI_REQUEST_BLOCK)Srb)->QueueTag = (UCHAR)QueueTag;
    }
}

#define SrbGetRequestTag SrbGetQueueTag
#define SrbSetRequestTag SrbSetQueueTag

/* The queue action (SRB_SIMPLE_TAG_REQUEST ...): RequestAttribute of an extended SRB. */
FORCEINLINE UCHAR SrbGetRequestAttribute(_In_ PVOID Srb)
{
    return MpabiSrbIsExtended(Srb) ? (UCHAR)((PSTORAGE_REQUEST_BLOCK)Srb)->RequestAttribute
                                   : ((PSCSI_REQUEST_BLOCK)Srb)->QueueAction;
}

FORCEINLINE VOID SrbSetRequestAttribute(_In_ PVOID Srb, _In_ UCHAR RequestAttribute)
{
    if (MpabiSrbIsExtended(Srb)) {
        ((PSTORAGE_REQUEST_BLOCK)Srb)->RequestAttribute = RequestAttribute;
    } else {
        ((PSCSI_REQUEST_BLOCK)Srb)->QueueAction = RequestAttribute;
    }
}

#define SrbGetQueueAction SrbGetRequestAttribute
#define SrbSetQueueAction SrbSetRequestAttribute

/* Path, target and LUN (any pointer may be NULL). An extended SRB without a valid
 * STOR_ADDR_BTL8 address gives 0 for each. */
FORCEINLINE VOID SrbGetPathTargetLun(_In_ PVOID Srb, _Out_opt_ PUCHAR PathId, _Out_opt_ PUCHAR TargetId, _Out_opt_ PUCHAR Lun)
{
    UCHAR path = 0, target = 0, lun = 0;
    if (MpabiSrbIsExtended(Srb)) {
        PSTOR_ADDRESS address = SrbGetAddress((PSTORAGE_REQUEST_BLOCK)Srb);
        if (address != NULL && address->Type == STOR_ADDRESS_TYPE_BTL8 &&
            address->AddressLength >= STOR_ADDR_BTL8_ADDRESS_LENGTH) {
            PSTOR_ADDR_BTL8 btl = (PSTOR_ADDR_BTL8)address;
            path = btl->Path;
            target = btl->Target;
            lun = btl->Lun;
        }
    } else {
        path = ((PSCSI_REQUEST_BLOCK)Srb)->PathId;
        target = ((PSCSI_REQUEST_BLOCK)Srb)->TargetId;
        lun = ((PSCSI_REQUEST_BLOCK)Srb)->Lun;
    }
    if (PathId != NULL) *PathId = path;
    if (TargetId != NULL) *TargetId = target;
    if (Lun != NULL) *Lun = lun;
}

FORCEINLINE UCHAR SrbGetPathId(_In_ PVOID Srb)
{
    UCHAR path;
    SrbGetPathTargetLun(Srb, &path, NULL, NULL);
    return path;
}

FORCEINLINE UCHAR SrbGetTargetId(_In_ PVOID Srb)
{
    UCHAR target;
    SrbGetPathTargetLun(Srb, NULL, &target, NULL);
    return target;
}

FORCEINLINE UCHAR SrbGetLun(_In_ PVOID Srb)
{
    UCHAR lun;
    SrbGetPathTargetLun(Srb, NULL, NULL, &lun);
    return lun;
}

/* SRB_FUNCTION_PNP parameters (0 / StorStartDevice when there are none). */
FORCEINLINE VOID SrbGetPnpInfo(_In_ PVOID Srb, _Out_opt_ PULONG PnPFlags, _Out_opt_ PSTOR_PNP_ACTION PnPAction)
{
    ULONG flags = 0;
    STOR_PNP_ACTION action = StorStartDevice;
    if (MpabiSrbIsExtended(Srb)) {
        PSRBEX_DATA_PNP pnp = (PSRBEX_DATA_PNP)MpabiSrbExBlock((PSTORAGE_REQUEST_BLOCK)Srb, SrbExDataTypePnP,
                                                               (ULONG)SRBEX_DATA_PNP_LENGTH);
        if (pnp != NULL) {
            flags = pnp->SrbPnPFlags;
            action = pnp->PnPAction;
        }
    } else if (((PSCSI_REQUEST_BLOCK)Srb)->Function == SRB_FUNCTION_PNP) {
        flags = ((PSCSI_PNP_REQUEST_BLOCK)Srb)->SrbPnPFlags;
        action = ((PSCSI_PNP_REQUEST_BLOCK)Srb)->PnPAction;
    }
    if (PnPFlags != NULL) *PnPFlags = flags;
    if (PnPAction != NULL) *PnPAction = action;
}

/* SRB_FUNCTION_POWER parameters (0 / unspecified / none when there are none). */
FORCEINLINE VOID SrbGetPowerInfo(_In_ PVOID Srb, _Out_opt_ PUCHAR SrbPowerFlags,
                                 _Out_opt_ PSTOR_DEVICE_POWER_STATE DevicePowerState,
                                 _Out_opt_ PSTOR_POWER_ACTION PowerAction)
{
    UCHAR flags = 0;
    STOR_DEVICE_POWER_STATE state = StorPowerDeviceUnspecified;
    STOR_POWER_ACTION action = StorPowerActionNone;
    if (MpabiSrbIsExtended(Srb)) {
        PSRBEX_DATA_POWER power = (PSRBEX_DATA_POWER)MpabiSrbExBlock((PSTORAGE_REQUEST_BLOCK)Srb, SrbExDataTypePower,
                                                                     (ULONG)SRBEX_DATA_POWER_LENGTH);
        if (power != NULL) {
            flags = power->SrbPowerFlags;
            state = power->DevicePowerState;
            action = power->PowerAction;
        }
    } else if (((PSCSI_REQUEST_BLOCK)Srb)->Function == SRB_FUNCTION_POWER) {
        flags = ((PSCSI_POWER_REQUEST_BLOCK)Srb)->SrbPowerFlags;
        state = ((PSCSI_POWER_REQUEST_BLOCK)Srb)->DevicePowerState;
        action = ((PSCSI_POWER_REQUEST_BLOCK)Srb)->PowerAction;
    }
    if (SrbPowerFlags != NULL) *SrbPowerFlags = flags;
    if (DevicePowerState != NULL) *DevicePowerState = state;
    if (PowerAction != NULL) *PowerAction = action;
}

/* Zeroes an SRB of either kind except what says which kind it is: Length and Function, and
 * an extended SRB's SrbLength (the bytes zeroed). */
FORCEINLINE VOID SrbZeroSrb(_In_ PVOID Srb)
{
    PSTORAGE_REQUEST_BLOCK_HEADER header = (PSTORAGE_REQUEST_BLOCK_HEADER)Srb;
    USHORT length = header->Length;
    UCHAR function = header->Function;
    if (function == SRB_FUNCTION_STORAGE_REQUEST_BLOCK) {
        ULONG srbLength = ((PSTORAGE_REQUEST_BLOCK)Srb)->SrbLength;
        SrbZeroMemory(Srb, srbLength);
        ((PSTORAGE_REQUEST_BLOCK)Srb)->SrbLength = srbLength;
    } else {
        SrbZeroMemory(Srb, sizeof(SCSI_REQUEST_BLOCK));
    }
    header->Length = length;
    header->Function = function;
}

/* Copies SourceSrb (SrbLength bytes of an extended SRB, a whole SCSI_REQUEST_BLOCK otherwise)
 * to DestinationSrb when DestinationSrbLength holds it: TRUE when copied. The data-block
 * offsets are relative to the SRB, so a copied extended SRB stays whole. */
FORCEINLINE BOOLEAN SrbCopySrb(_Out_writes_bytes_(DestinationSrbLength) PVOID DestinationSrb,
                               _In_ ULONG DestinationSrbLength, _In_ PVOID SourceSrb)
{
    ULONG length = SrbGetSrbLength(SourceSrb);
    if (DestinationSrbLength < length) {
        return FALSE;
    }
    SrbCopyMemory(DestinationSrb, SourceSrb, length);
    return TRUE;
}

MPABI_EXTERN_C_END

#endif /* _NTSRBHELPER_ */
