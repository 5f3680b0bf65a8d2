/*
 * mpabi_scsi_miniport_ioctl.h - the control codes a miniport finds in SRB_IO_CONTROL.ControlCode
 * of an IOCTL_SCSI_MINIPORT request (SMART, cluster, NV cache, data set management, firmware,
 * diagnostics). scsi.h and ntddscsi.h both expose them, as the WDK's do; this is their one home.
 */
#ifndef MPABI_SCSI_MINIPORT_IOCTL_H
#define MPABI_SCSI_MINIPORT_IOCTL_H

#ifndef FILE_DEVICE_SCSI
#define FILE_DEVICE_SCSI 0x0000001b
#endif

/* SMART pass-through to ATA devices (the request bodies are the SENDCMD* records of ntdddisk.h) */
#define IOCTL_SCSI_MINIPORT_SMART_VERSION               ((FILE_DEVICE_SCSI << 16) + 0x0500)
#define IOCTL_SCSI_MINIPORT_IDENTIFY                    ((FILE_DEVICE_SCSI << 16) + 0x0501)
#define IOCTL_SCSI_MINIPORT_READ_SMART_ATTRIBS          ((FILE_DEVICE_SCSI << 16) + 0x0502)
#define IOCTL_SCSI_MINIPORT_READ_SMART_THRESHOLDS       ((FILE_DEVICE_SCSI << 16) + 0x0503)
#define IOCTL_SCSI_MINIPORT_ENABLE_SMART                ((FILE_DEVICE_SCSI << 16) + 0x0504)
#define IOCTL_SCSI_MINIPORT_DISABLE_SMART               ((FILE_DEVICE_SCSI << 16) + 0x0505)
#define IOCTL_SCSI_MINIPORT_RETURN_STATUS               ((FILE_DEVICE_SCSI << 16) + 0x0506)
#define IOCTL_SCSI_MINIPORT_ENABLE_DISABLE_AUTOSAVE     ((FILE_DEVICE_SCSI << 16) + 0x0507)
#define IOCTL_SCSI_MINIPORT_SAVE_ATTRIBUTE_VALUES       ((FILE_DEVICE_SCSI << 16) + 0x0508)
#define IOCTL_SCSI_MINIPORT_EXECUTE_OFFLINE_DIAGS       ((FILE_DEVICE_SCSI << 16) + 0x0509)
#define IOCTL_SCSI_MINIPORT_ENABLE_DISABLE_AUTO_OFFLINE ((FILE_DEVICE_SCSI << 16) + 0x050a)
#define IOCTL_SCSI_MINIPORT_READ_SMART_LOG              ((FILE_DEVICE_SCSI << 16) + 0x050b)
#define IOCTL_SCSI_MINIPORT_WRITE_SMART_LOG             ((FILE_DEVICE_SCSI << 16) + 0x050c)

/* cluster support */
#define IOCTL_SCSI_MINIPORT_NOT_QUORUM_CAPABLE          ((FILE_DEVICE_SCSI << 16) + 0x0520)
#define IOCTL_SCSI_MINIPORT_NOT_CLUSTER_CAPABLE         ((FILE_DEVICE_SCSI << 16) + 0x0521)

/* NV cache and hybrid disks */
#define IOCTL_SCSI_MINIPORT_NVCACHE                     ((FILE_DEVICE_SCSI << 16) + 0x0600)
#define IOCTL_SCSI_MINIPORT_HYBRID                      ((FILE_DEVICE_SCSI << 16) + 0x0620)

/* data set management: ranges of one file / ranges of any kind */
#define IOCTL_SCSI_MINIPORT_DSM                         ((FILE_DEVICE_SCSI << 16) + 0x0720)
#define IOCTL_SCSI_MINIPORT_DSM_GENERAL                 ((FILE_DEVICE_SCSI << 16) + 0x0721)

/* firmware download / activation and device diagnostics */
#define IOCTL_SCSI_MINIPORT_FIRMWARE                    ((FILE_DEVICE_SCSI << 16) + 0x0780)
#define IOCTL_SCSI_MINIPORT_DIAGNOSTIC                  ((FILE_DEVICE_SCSI << 16) + 0x0790)

#endif /* MPABI_SCSI_MINIPORT_IOCTL_H */
