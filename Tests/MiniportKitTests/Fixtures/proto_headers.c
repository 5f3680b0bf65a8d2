/*
 * proto_headers.c - uses the protocol headers the way WDK miniport code does: after the port
 * header of its family (StorPort with -DPROTO_STORPORT, else SCSI Port), ntddscsi.h for
 * SRB_IO_CONTROL and the SMART miniport codes, ntdddisk.h for SENDCMDINPARAMS, ata.h for
 * IDENTIFY DEVICE data, ntddstor.h for property queries, wmistr.h/scsiwmi.h for WMI,
 * ntstrsafe.h and WPP tracing headers. Compiled for Linux and for the Windows driver target;
 * the C_ASSERTs hold the documented x64 sizes in both.
 */
#ifdef PROTO_STORPORT
#include <storport.h>
#else
#include <miniport.h>
#include <srb.h>
#endif
#include <devioctl.h>
#include <ntddscsi.h>
#include <ntdddisk.h>
#include <ntddstor.h>
#include <ata.h>
#include <wmistr.h>
#include <scsiwmi.h>
#include <ntstrsafe.h>
#include <evntrace.h>
#include <stortrce.h>

C_ASSERT(sizeof(SRB_IO_CONTROL) == 28);
C_ASSERT(sizeof(SENDCMDINPARAMS) == 33);
C_ASSERT(sizeof(SENDCMDOUTPARAMS) == 17);
C_ASSERT(FIELD_OFFSET(SENDCMDINPARAMS, bBuffer) == 32);
C_ASSERT(sizeof(IDENTIFY_DEVICE_DATA) == 512);
C_ASSERT(FIELD_OFFSET(IDENTIFY_DEVICE_DATA, ModelNumber) == 54);
C_ASSERT(FIELD_OFFSET(IDENTIFY_DEVICE_DATA, UserAddressableSectors) == 120);
C_ASSERT(FIELD_OFFSET(IDENTIFY_DEVICE_DATA, Max48BitLBA) == 200);
C_ASSERT(FIELD_OFFSET(IDENTIFY_DEVICE_DATA, NominalMediaRotationRate) == 434);
C_ASSERT(sizeof(SCSI_PASS_THROUGH) == 56);
C_ASSERT(sizeof(SCSI_PASS_THROUGH_DIRECT) == 56);
C_ASSERT(sizeof(ATA_PASS_THROUGH_EX) == 48);
C_ASSERT(sizeof(STORAGE_PROPERTY_QUERY) == 12);
C_ASSERT(sizeof(STORAGE_DEVICE_DESCRIPTOR) == 40);
C_ASSERT(sizeof(STORAGE_ADAPTER_DESCRIPTOR) == 32);
C_ASSERT(sizeof(STORAGE_PROTOCOL_SPECIFIC_DATA) == 40);
C_ASSERT(sizeof(DISK_GEOMETRY) == 24);
C_ASSERT(sizeof(WNODE_HEADER) == 48);
C_ASSERT(sizeof(SCSIWMI_REQUEST_CONTEXT) == 28);
C_ASSERT(IOCTL_SCSI_MINIPORT == 0x0004D008);
C_ASSERT(IOCTL_SCSI_MINIPORT_IDENTIFY == 0x001B0501);
C_ASSERT(IOCTL_STORAGE_QUERY_PROPERTY == 0x002D1400);
C_ASSERT(IOCTL_DISK_GET_DRIVE_GEOMETRY == 0x00070000);
C_ASSERT(SMART_RCV_DRIVE_DATA == 0x0007C088);
C_ASSERT(DEVICE_TYPE_FROM_CTL_CODE(IOCTL_STORAGE_QUERY_PROPERTY) == FILE_DEVICE_MASS_STORAGE);
C_ASSERT(METHOD_FROM_CTL_CODE(IOCTL_SCSI_PASS_THROUGH_DIRECT) == METHOD_BUFFERED);

int ProtoHandleIoControl(PVOID Buffer, ULONG Length);
int ProtoHandleIoControl(PVOID Buffer, ULONG Length)
{
    PSRB_IO_CONTROL control = (PSRB_IO_CONTROL)Buffer;
    if (Length < sizeof(SRB_IO_CONTROL) + sizeof(SENDCMDOUTPARAMS) - 1 + IDENTIFY_BUFFER_SIZE)
        return -1;
    switch (control->ControlCode) {
    case IOCTL_SCSI_MINIPORT_IDENTIFY: {
        PSENDCMDINPARAMS in = (PSENDCMDINPARAMS)(control + 1);
        PSENDCMDOUTPARAMS out = (PSENDCMDOUTPARAMS)(control + 1);
        PIDENTIFY_DEVICE_DATA identify = (PIDENTIFY_DEVICE_DATA)out->bBuffer;
        if (in->irDriveRegs.bCommandReg != ID_CMD)
            return SMART_INVALID_COMMAND;
        RtlZeroMemory(identify, sizeof(*identify));
        identify->CommandSetSupport.BigLba = 1;
        identify->SerialAtaCapabilities.NCQ = 1;
        identify->QueueDepth = 31;
        identify->DataSetManagementFeature.SupportsTrim = 1;
        identify->NominalMediaRotationRate = 1;
        out->cBufferSize = IDENTIFY_BUFFER_SIZE;
        out->DriverStatus.bDriverError = SMART_NO_ERROR;
        return IDE_COMMAND_IDENTIFY;
    }
    case IOCTL_SCSI_MINIPORT_READ_SMART_ATTRIBS:
        return READ_ATTRIBUTES + SMART_CMD + SMART_CYL_LOW + SMART_CYL_HI + READ_ATTRIBUTE_BUFFER_SIZE;
    case IOCTL_SCSI_MINIPORT_FIRMWARE: {
        PFIRMWARE_REQUEST_BLOCK request = (PFIRMWARE_REQUEST_BLOCK)(control + 1);
        return request->Function == FIRMWARE_FUNCTION_GET_INFO ? (int)sizeof(STORAGE_FIRMWARE_INFO_V2) : 0;
    }
    default:
        return IDE_STATUS_ERROR | IDE_STATUS_DRQ | IDE_ERROR_COMMAND_ABORTED | IDE_COMMAND_READ_FPDMA_QUEUED |
               IDE_COMMAND_DATA_SET_MANAGEMENT | IDE_FEATURE_ENABLE_WRITE_CACHE | IDE_GP_LOG_NCQ_COMMAND_ERROR_ADDRESS;
    }
}

ULONG ProtoFillProperty(PSTORAGE_PROPERTY_QUERY Query, PVOID Out, ULONG OutLength);
ULONG ProtoFillProperty(PSTORAGE_PROPERTY_QUERY Query, PVOID Out, ULONG OutLength)
{
    if (Query->PropertyId == StorageAdapterProtocolSpecificProperty && Query->QueryType == PropertyStandardQuery) {
        PSTORAGE_PROTOCOL_DATA_DESCRIPTOR d = (PSTORAGE_PROTOCOL_DATA_DESCRIPTOR)Out;
        if (OutLength < sizeof(*d))
            return 0;
        d->Version = sizeof(*d);
        d->Size = sizeof(*d);
        d->ProtocolSpecificData.ProtocolType = ProtocolTypeNvme;
        d->ProtocolSpecificData.DataType = NVMeDataTypeIdentify;
        return sizeof(*d);
    }
    if (Query->PropertyId == StorageDeviceSeekPenaltyProperty) {
        PDEVICE_SEEK_PENALTY_DESCRIPTOR d = (PDEVICE_SEEK_PENALTY_DESCRIPTOR)Out;
        d->Version = d->Size = sizeof(*d);
        d->IncursSeekPenalty = FALSE;
        return sizeof(*d);
    }
    {
        PSTORAGE_ADAPTER_DESCRIPTOR a = (PSTORAGE_ADAPTER_DESCRIPTOR)Out;
        a->BusType = (UCHAR)BusTypeSata;
        a->SrbType = SRB_TYPE_SCSI_REQUEST_BLOCK;
        a->AddressType = STORAGE_ADDRESS_TYPE_BTL8;
        return sizeof(STORAGE_ADAPTER_DESCRIPTOR) + sizeof(STORAGE_HOTPLUG_INFO) + sizeof(DISK_GEOMETRY_EX) +
               sizeof(PARTITION_INFORMATION_EX) + sizeof(GET_LENGTH_INFORMATION) + sizeof(DEVICE_MANAGE_DATA_SET_ATTRIBUTES);
    }
}

NTSTATUS ProtoName(char *Out, size_t Size, ULONG Number);
NTSTATUS ProtoName(char *Out, size_t Size, ULONG Number)
{
    NTSTATUS status = RtlStringCbPrintfA(Out, Size, "disk%u", (unsigned)Number);
    if (NT_SUCCESS(status))
        status = RtlStringCbCatA(Out, Size, "-proto");
    return status;
}

ULONG ProtoWmiFlags(void);
ULONG ProtoWmiFlags(void)
{
    SCSIWMIGUIDREGINFO reg = {NULL, 1, WMIREG_FLAG_INSTANCE_PDO};
    return reg.Flags | WNODE_FLAG_ALL_DATA | (ULONG)TRACE_LEVEL_VERBOSE | EVENT_TRACE_FLAG_DRIVER;
}
