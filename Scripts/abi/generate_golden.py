#!/usr/bin/env python3
"""Generate the Windows x64 ABI golden table and the layout probes of the project's headers.

The golden table is what the project's headers must match. It is measured, not typed in:

  * Every structure and union the mingw-w64 DDK headers define in srb.h, scsi.h and
    miniport.h (plus a few base records), every field of each, down through named and
    anonymous members, enumerated from clang's record-layout dump for the
    x86_64-w64-mingw32 target (which lays bit-fields out the MSVC way).
  * Each value (size, alignment, field offset and size, bit-field position and width,
    constant value) read back from assembly that x86_64-w64-mingw32-gcc emits for a probe
    file, and cross-checked against clang's dump: the two compilers must agree.
  * Every integer #define of those headers and every enumerator of their enums (and of the
    wdm.h bus enums), evaluated by x86_64-w64-mingw32-gcc.
  * StorPort structures that mingw lacks (its storport.h is an old stub that does not
    compile) come from STORPORT_RECORDS below, transcribed from the WDK documentation,
    compiled with x86_64-w64-mingw32-gcc against mingw's base types and checked against the
    sizes and offsets the documentation gives (STORPORT_EXPECTED).
  * Extended SRBs (STORAGE_REQUEST_BLOCK, the SRBEX_DATA_* blocks and their constants), which
    mingw's srb.h predates, come from SRBX_RECORDS, transcribed from the WDK documentation and
    checked against its sizes, offsets and values (SRBX_EXPECTED, SRBX_EXPECTED_CONSTANTS);
    both families get them.
  * WDK_OVERRIDES records the few places where the current WDK differs from mingw's older
    copy, each with its reason; the golden value then follows the WDK.

Outputs (all committed):
  Tests/MiniportKitTests/Golden/windows-x64.json   the golden table
  CMiniportABI/src/layout_scsiport.c                 probes of our SCSI Port headers
  CMiniportABI/src/layout_storport.c                 probes of our StorPort headers

The tests compare the two sides and never need mingw. Re-run this script when the header
set changes:  python3 Scripts/abi/generate_golden.py   (needs gcc-mingw-w64-x86-64,
mingw-w64-x86-64-dev and clang; `--check` regenerates into a temporary folder and fails if
the committed files differ).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MINGW_INC = "/usr/share/mingw-w64/include"
DDK = os.path.join(MINGW_INC, "ddk")
MINGW_GCC = "x86_64-w64-mingw32-gcc"

GOLDEN_PATH = os.path.join(ROOT, "Tests", "MiniportKitTests", "Golden", "windows-x64.json")
LAYOUT_DIR = os.path.join(ROOT, "CMiniportABI", "src")

# wdm.h enums that miniport.h carries in an older form; the golden set follows wdm.h.
WDM_ENUMS = ["INTERFACE_TYPE", "KINTERRUPT_MODE", "BUS_DATA_TYPE", "DMA_WIDTH", "DMA_SPEED"]
# Base records the miniport headers expose as well.
EXTRA_RECORDS = ["LARGE_INTEGER", "ULARGE_INTEGER", "LIST_ENTRY", "UNICODE_STRING", "GUID",
                 "PCI_COMMON_HEADER", "PCI_COMMON_CONFIG"]
# miniport.h's records are measured in their own translation unit (mingw's miniport.h and
# wdm.h both define INTERFACE_TYPE; wdm.h's IO_RESOURCE_DESCRIPTOR is an older, shorter form).
MINIPORT_TU = "#include <ntdef.h>\n#include <miniport.h>\n"

# Where the current WDK differs from mingw's older headers: name -> (value, reason).
WDK_OVERRIDES = {}

# Records whose current WDK form differs from mingw's older copy, transcribed from the WDK
# documentation; they replace mingw's in the golden table (measured the same way).
WDK_RECORDS = {
    "INQUIRYDATA": ("The WDK ends standard inquiry data with Reserved3[2], VersionDescriptors[8] and "
                    "Reserved4[30] (104 bytes, packed to 1 byte); mingw's older copy has Reserved3[40] "
                    "(96 bytes)", r"""
#pragma pack(push, 1)
typedef struct {
    UCHAR DeviceType : 5;
    UCHAR DeviceTypeQualifier : 3;
    UCHAR DeviceTypeModifier : 7;
    UCHAR RemovableMedia : 1;
    UCHAR Versions;
    UCHAR ResponseDataFormat : 4;
    UCHAR HiSupport : 1;
    UCHAR NormACA : 1;
    UCHAR TerminateTask : 1;
    UCHAR AERC : 1;
    UCHAR AdditionalLength;
    UCHAR Reserved;
    UCHAR Addr16 : 1;
    UCHAR Addr32 : 1;
    UCHAR AckReqQ : 1;
    UCHAR MediumChanger : 1;
    UCHAR MultiPort : 1;
    UCHAR ReservedBit2 : 1;
    UCHAR EnclosureServices : 1;
    UCHAR ReservedBit3 : 1;
    UCHAR SoftReset : 1;
    UCHAR CommandQueue : 1;
    UCHAR TransferDisable : 1;
    UCHAR LinkedCommands : 1;
    UCHAR Synchronous : 1;
    UCHAR Wide16Bit : 1;
    UCHAR Wide32Bit : 1;
    UCHAR RelativeAddressing : 1;
    UCHAR VendorId[8];
    UCHAR ProductId[16];
    UCHAR ProductRevisionLevel[4];
    UCHAR VendorSpecific[20];
    UCHAR Reserved3[2];
    USHORT VersionDescriptors[8];
    UCHAR Reserved4[30];
} MPABI_WDK_INQUIRYDATA;
#pragma pack(pop)
"""),
    "READ_CAPACITY_DATA_EX": ("The WDK packs READ_CAPACITY_DATA_EX to 1 byte: 12 bytes, where mingw's copy is "
                              "16", r"""
#pragma pack(push, 1)
typedef struct {
    LARGE_INTEGER LogicalBlockAddress;
    ULONG BytesPerBlock;
} MPABI_WDK_READ_CAPACITY_DATA_EX;
#pragma pack(pop)
"""),
    "PRO_PARAMETER_LIST": ("The WDK splits byte 20 into ActivatePersistThroughPowerLoss, Reserved1, "
                           "AllTargetPorts, SpecifyInitiatorPorts and Reserved2 bit-fields, then Reserved3; "
                           "mingw's copy has Reserved1:7 and a Reserved2 byte", r"""
typedef struct {
    UCHAR ReservationKey[8];
    UCHAR ServiceActionReservationKey[8];
    UCHAR ScopeSpecificAddress[4];
    UCHAR ActivatePersistThroughPowerLoss : 1;
    UCHAR Reserved1 : 1;
    UCHAR AllTargetPorts : 1;
    UCHAR SpecifyInitiatorPorts : 1;
    UCHAR Reserved2 : 4;
    UCHAR Reserved3;
    UCHAR Obsolete[2];
} MPABI_WDK_PRO_PARAMETER_LIST;
"""),
}

# Records the WDK's scsi.h declares with 1-byte packing where mingw's copy uses natural
# alignment. Every offset and size is the same; only the record's alignment differs (1).
WDK_PACKED_RECORDS = ["CDB", "READ_CAPACITY_DATA", "TAPE_POSITION_DATA", "EIGHT_BYTE", "FOUR_BYTE", "TWO_BYTE"]

# ---- StorPort (Windows 8 and later), from the WDK documentation ---------------------------
# Written against mingw's base types (ULONG, PVOID, ...). The project's own storport.h is an
# independent transcription; the tests compare the two.
STORPORT_RECORDS = r"""
typedef PHYSICAL_ADDRESS STOR_PHYSICAL_ADDRESS;

typedef struct _MEMORY_REGION {
    PUCHAR VirtualBase;
    PHYSICAL_ADDRESS PhysicalBase;
    ULONG Length;
} MEMORY_REGION, *PMEMORY_REGION;

typedef struct _STOR_SCATTER_GATHER_ELEMENT {
    STOR_PHYSICAL_ADDRESS PhysicalAddress;
    ULONG Length;
    ULONG_PTR Reserved;
} STOR_SCATTER_GATHER_ELEMENT, *PSTOR_SCATTER_GATHER_ELEMENT;

typedef struct _STOR_SCATTER_GATHER_LIST {
    ULONG NumberOfElements;
    ULONG_PTR Reserved;
    STOR_SCATTER_GATHER_ELEMENT List[];
} STOR_SCATTER_GATHER_LIST, *PSTOR_SCATTER_GATHER_LIST;

typedef struct _MINIPORT_DUMP_POINTERS {
    USHORT Version;
    USHORT Size;
    WCHAR DriverName[15];
    PVOID AdapterObject;
    PVOID MappedRegisterBase;
    ULONG CommonBufferSize;
    PVOID MiniportPrivateDumpData;
    ULONG SystemIoBusNumber;
    INTERFACE_TYPE AdapterInterfaceType;
    ULONG MaximumTransferLength;
    ULONG NumberOfPhysicalBreaks;
    ULONG AlignmentMask;
    ULONG NumberOfAccessRanges;
    ACCESS_RANGE (*AccessRanges)[];
    UCHAR NumberOfBuses;
    BOOLEAN Master;
    BOOLEAN MapBuffers;
    UCHAR MaximumNumberOfTargets;
} MINIPORT_DUMP_POINTERS, *PMINIPORT_DUMP_POINTERS;

typedef struct _STOR_PORT_CONFIGURATION_INFORMATION {
    ULONG Length;
    ULONG SystemIoBusNumber;
    INTERFACE_TYPE AdapterInterfaceType;
    ULONG BusInterruptLevel;
    ULONG BusInterruptVector;
    KINTERRUPT_MODE InterruptMode;
    ULONG MaximumTransferLength;
    ULONG NumberOfPhysicalBreaks;
    ULONG DmaChannel;
    ULONG DmaPort;
    DMA_WIDTH DmaWidth;
    DMA_SPEED DmaSpeed;
    ULONG AlignmentMask;
    ULONG NumberOfAccessRanges;
    ACCESS_RANGE (*AccessRanges)[];
    PVOID MiniportDumpData;
    UCHAR NumberOfBuses;
    CCHAR InitiatorBusId[8];
    BOOLEAN ScatterGather;
    BOOLEAN Master;
    BOOLEAN CachesData;
    BOOLEAN AdapterScansDown;
    BOOLEAN AtdiskPrimaryClaimed;
    BOOLEAN AtdiskSecondaryClaimed;
    BOOLEAN Dma32BitAddresses;
    BOOLEAN DemandMode;
    UCHAR MapBuffers;
    BOOLEAN NeedPhysicalAddresses;
    BOOLEAN TaggedQueuing;
    BOOLEAN AutoRequestSense;
    BOOLEAN MultipleRequestPerLu;
    BOOLEAN ReceiveEvent;
    BOOLEAN RealModeInitialized;
    BOOLEAN BufferAccessScsiPortControlled;
    UCHAR MaximumNumberOfTargets;
    UCHAR SrbType;
    UCHAR AddressType;
    ULONG SlotNumber;
    ULONG BusInterruptLevel2;
    ULONG BusInterruptVector2;
    KINTERRUPT_MODE InterruptMode2;
    ULONG DmaChannel2;
    ULONG DmaPort2;
    DMA_WIDTH DmaWidth2;
    DMA_SPEED DmaSpeed2;
    ULONG DeviceExtensionSize;
    ULONG SpecificLuExtensionSize;
    ULONG SrbExtensionSize;
    UCHAR Dma64BitAddresses;
    BOOLEAN ResetTargetSupported;
    UCHAR MaximumNumberOfLogicalUnits;
    BOOLEAN WmiDataProvider;
    int SynchronizationModel;               /* STOR_SYNCHRONIZATION_MODEL */
    PVOID HwMSInterruptRoutine;             /* PHW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE */
    int InterruptSynchronizationMode;       /* INTERRUPT_SYNCHRONIZATION_MODE */
    MEMORY_REGION DumpRegion;
    ULONG RequestedDumpBufferSize;
    BOOLEAN VirtualDevice;
    UCHAR DumpMode;
    UCHAR DmaAddressWidth;
    ULONG ExtendedFlags1;
    ULONG MaxNumberOfIO;
    ULONG MaxIOsPerLun;
    ULONG InitialLunQueueDepth;
    ULONG BusResetHoldTime;
    ULONG FeatureSupport;
} STOR_PORT_CONFIGURATION_INFORMATION;

typedef struct _STOR_HW_INITIALIZATION_DATA {
    ULONG HwInitializationDataSize;
    INTERFACE_TYPE AdapterInterfaceType;
    PVOID HwInitialize;
    PVOID HwStartIo;
    PVOID HwInterrupt;
    PVOID HwFindAdapter;
    PVOID HwResetBus;
    PVOID HwDmaStarted;
    PVOID HwAdapterState;
    ULONG DeviceExtensionSize;
    ULONG SpecificLuExtensionSize;
    ULONG SrbExtensionSize;
    ULONG NumberOfAccessRanges;
    PVOID Reserved;
    UCHAR MapBuffers;
    BOOLEAN NeedPhysicalAddresses;
    BOOLEAN TaggedQueuing;
    BOOLEAN AutoRequestSense;
    BOOLEAN MultipleRequestPerLu;
    BOOLEAN ReceiveEvent;
    USHORT VendorIdLength;
    PVOID VendorId;
    union {
        USHORT ReservedUshort;
        USHORT PortVersionFlags;
    };
    USHORT DeviceIdLength;
    PVOID DeviceId;
    PVOID HwAdapterControl;
    PVOID HwBuildIo;
    PVOID HwFreeAdapterResources;
    PVOID HwProcessServiceRequest;
    PVOID HwCompleteServiceIrp;
    PVOID HwInitializeTracing;
    PVOID HwCleanupTracing;
    PVOID HwTracingEnabled;
    ULONG FeatureSupport;
    ULONG SrbTypeFlags;
    ULONG AddressTypeFlags;
    ULONG Reserved1;
    PVOID HwUnitControl;
} STOR_HW_INITIALIZATION_DATA;
"""

# (record, name in our storport.h) for each StorPort record; the golden table uses the WDK
# name, which is what a StorPort miniport sees.
STORPORT_NAMES = {
    "MEMORY_REGION": "MEMORY_REGION",
    "STOR_SCATTER_GATHER_ELEMENT": "STOR_SCATTER_GATHER_ELEMENT",
    "STOR_SCATTER_GATHER_LIST": "STOR_SCATTER_GATHER_LIST",
    "MINIPORT_DUMP_POINTERS": "MINIPORT_DUMP_POINTERS",
    "STOR_PORT_CONFIGURATION_INFORMATION": "PORT_CONFIGURATION_INFORMATION",
    "STOR_HW_INITIALIZATION_DATA": "HW_INITIALIZATION_DATA",
}

# Sizes and offsets the WDK documentation states (x64). The generator refuses to write a
# golden table that disagrees.
STORPORT_EXPECTED = {
    ("STOR_PORT_CONFIGURATION_INFORMATION", None): 224,
    ("STOR_HW_INITIALIZATION_DATA", None): 208,
    ("STOR_PORT_CONFIGURATION_INFORMATION", "MiniportDumpData"): 64,
    ("STOR_PORT_CONFIGURATION_INFORMATION", "SrbType"): 98,
    ("STOR_PORT_CONFIGURATION_INFORMATION", "DumpRegion"): 168,
    ("STOR_PORT_CONFIGURATION_INFORMATION", "DumpMode"): 197,
    ("STOR_HW_INITIALIZATION_DATA", "HwBuildIo"): 128,
    ("STOR_HW_INITIALIZATION_DATA", "HwUnitControl"): 200,
    ("MEMORY_REGION", None): 24,
    ("STOR_SCATTER_GATHER_ELEMENT", None): 24,
    ("STOR_SCATTER_GATHER_LIST", "List"): 16,
}

# StorPort constants whose values the WDK documentation gives.
STORPORT_CONSTANTS = {
    "DUMP_MODE_CRASH": 1,
    "DUMP_MODE_HIBER": 2,
    "DUMP_MODE_MARK_MEMORY": 3,
    "DUMP_MODE_RESUME": 4,
    "StorSynchronizeHalfDuplex": 0,
    "StorSynchronizeFullDuplex": 1,
    "STOR_STATUS_SUCCESS": 0,
    "STOR_STATUS_UNSUCCESSFUL": 0xC1000001,
    "STOR_STATUS_NOT_IMPLEMENTED": 0xC1000002,
    "STOR_STATUS_INSUFFICIENT_RESOURCES": 0xC1000003,
    "STOR_STATUS_BUFFER_TOO_SMALL": 0xC1000004,
    "RequestComplete": 0,
    "NextRequest": 1,
    "NextLuRequest": 2,
    "ResetDetected": 3,
    "RequestTimerCall": 6,
    "BusChangeDetected": 7,
    "GetExtendedFunctionTable": 15,
    "EnablePassiveInitialization": 0x1000,
    "InitializeDpc": 0x1001,
    "IssueDpc": 0x1002,
    "AcquireSpinLock": 0x1003,
    "ReleaseSpinLock": 0x1004,
    "ScsiQuerySupportedControlTypes": 0,
    "ScsiStopAdapter": 1,
    "ScsiRestartAdapter": 2,
    "ScsiSetBootConfig": 3,
    "ScsiSetRunningConfig": 4,
    "ScsiAdapterSurpriseRemoval": 16,
}


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def find_clang():
    for candidate in ("clang", "/opt/swift/usr/bin/clang"):
        if shutil.which(candidate):
            return shutil.which(candidate)
    sys.exit("clang not found")


def clang_resource_include(clang):
    out = run([clang, "-print-resource-dir"]).stdout.strip()
    return os.path.join(out, "include")


# ---- header scanning --------------------------------------------------------------------
def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def typedef_records(text):
    """Names of `typedef struct/union ... { } NAME` in a header (first name after the brace)."""
    text = strip_comments(text)
    names = []
    for m in re.finditer(r"\btypedef\s+(?:struct|union)\b[^;{]*\{", text):
        depth, i = 1, m.end()
        while depth and i < len(text):
            if text[i] == "{":
                depth += 1
            elif text[i] == "}":
                depth -= 1
            i += 1
        tail = re.match(r"\s*(?:DECLSPEC_ALIGN\(\d+\)\s*)?([A-Za-z_]\w*)", text[i:])
        if tail:
            names.append(tail.group(1))
    return names


def enum_bodies(text):
    """(typedef name or None, [enumerator names]) for each enum in a header."""
    text = strip_comments(text)
    result = []
    for m in re.finditer(r"\benum\s*\w*\s*\{([^}]*)\}\s*(\w*)", text):
        body, name = m.group(1), m.group(2) or None
        members = []
        for part in body.split(","):
            part = re.sub(r"#.*", "", part).strip()
            ident = re.match(r"([A-Za-z_]\w*)", part)
            if ident:
                members.append(ident.group(1))
        result.append((name, members))
    return result


def macro_names(header_paths, tu_prefix):
    """Object-like macros defined in the given headers (per the preprocessor's line markers)."""
    src = tu_prefix
    out = run([MINGW_GCC, "-E", "-dD", "-I", DDK, "-x", "c", "-"], input=src).stdout
    current = None
    names = []
    wanted = {os.path.realpath(p) for p in header_paths}
    for line in out.splitlines():
        marker = re.match(r'# \d+ "([^"]+)"', line)
        if marker:
            current = os.path.realpath(marker.group(1)) if os.path.exists(marker.group(1)) else None
            continue
        d = re.match(r"#define ([A-Za-z_]\w*) (.+)", line)
        if d and current in wanted:
            names.append(d.group(1))
    return names


# ---- clang record dump ------------------------------------------------------------------
LINE_RE = re.compile(r"^\s*(\d+)(?::(\d+)-(\d+))?\s\|(\s*)(.*)$")


def parse_dump(text):
    """{wrapper record name: [(depth, byte, bitstart, bitend, content)]} from -fdump-record-layouts."""
    records = {}
    for block in text.split("*** Dumping AST Record Layout")[1:]:
        lines = block.strip("\n").splitlines()
        head = LINE_RE.match(lines[0])
        if not head:
            continue
        name = head.group(5).strip()
        if not name.startswith("struct mpabi_probe_"):
            continue
        rows = []
        for line in lines[1:]:
            m = LINE_RE.match(line)
            if not m:
                continue
            depth = (len(m.group(4)) - 1) // 2
            bit = (int(m.group(2)), int(m.group(3))) if m.group(2) is not None else None
            rows.append((depth, int(m.group(1)), bit, m.group(5).strip()))
        records[name[len("struct mpabi_probe_"):]] = rows
    return records


def member_name(content):
    if "(anonymous at" in content or "(unnamed at" in content or content.endswith(")"):
        # an anonymous struct/union member, e.g. "union _X::(anonymous at f.h:10:3)"
        if re.search(r"\)\s*$", content) and ("anonymous" in content or "unnamed" in content):
            return None
    return content.split()[-1]


def fields_from_rows(rows):
    """Walk the dump rows of `x` (the wrapped record) into field paths."""
    # rows[0] is the wrapper's member x at depth 1; its contents start at depth 2.
    fields = []
    stack = []  # (depth, name or None)
    for index, (depth, byte, bit, content) in enumerate(rows):
        if depth < 2:
            continue
        while stack and stack[-1][0] >= depth:
            stack.pop()
        name = member_name(content)
        is_aggregate = index + 1 < len(rows) and rows[index + 1][0] > depth
        if name is not None:
            path = ".".join([n for _, n in stack if n] + [name])
            fields.append({"path": path, "byte": byte, "bit": bit, "aggregate": is_aggregate,
                           "type": content[: -len(name)].strip()})
        if is_aggregate:
            stack.append((depth, name))
    return fields


# ---- mingw-gcc assembly probes ------------------------------------------------------------
def gcc_values(prefix, exprs, images):
    """Evaluate integer expressions and record images with x86_64-w64-mingw32-gcc -S.

    exprs: {symbol: C expression}; images: {symbol: (record type, designator path)}.
    Returns ({symbol: int}, {symbol: bytes}).
    """
    body = [prefix]
    for sym, expr in exprs.items():
        body.append(f"const long long {sym} = (long long)({expr});")
    for sym, (rtype, path) in images.items():
        body.append(f"union {{ {rtype} r; unsigned char b[sizeof({rtype})]; }} {sym} = {{ .r.{path} = -1 }};")
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "probe.c")
        asm = os.path.join(tmp, "probe.s")
        with open(src, "w") as f:
            f.write("\n".join(body) + "\n")
        proc = subprocess.run([MINGW_GCC, "-S", "-O0", "-w", "-I", DDK, src, "-o", asm],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(proc.stderr)
        return parse_asm(open(asm).read())


DIRECTIVE_SIZES = {".byte": 1, ".value": 2, ".word": 2, ".short": 2, ".long": 4, ".quad": 8}


def parse_asm(text):
    values, images = {}, {}
    label = None
    data = bytearray()

    def flush():
        if label is None:
            return
        if label.startswith("v_"):
            values[label] = int.from_bytes(bytes(data[:8]), "little", signed=True)
        elif label.startswith("img_"):
            images[label] = bytes(data)

    for raw in text.splitlines():
        line = raw.strip()
        m = re.match(r"^([A-Za-z_]\w*):$", line)
        if m:
            flush()
            label, data = m.group(1), bytearray()
            continue
        if label is None:
            continue
        parts = line.split(None, 1)
        if not parts:
            continue
        directive = parts[0]
        if directive in DIRECTIVE_SIZES:
            size = DIRECTIVE_SIZES[directive]
            for item in parts[1].split(","):
                try:
                    number = int(item.strip(), 0)
                except ValueError:  # an address (relocation), not an integer constant
                    label = None
                    break
                data += (number & ((1 << (8 * size)) - 1)).to_bytes(size, "little")
        elif directive in (".zero", ".space"):
            data += bytes(int(parts[1].split(",")[0]))
        elif directive in (".ascii", ".string", ".asciz"):
            s = parts[1].strip()[1:-1]
            data += decode_ascii(s)
            if directive != ".ascii":
                data += b"\0"
        elif directive.startswith(".") and directive not in (".align", ".p2align", ".balign"):
            flush()
            label = None
    flush()
    return values, images


def decode_ascii(s):
    out, i = bytearray(), 0
    while i < len(s):
        c = s[i]
        if c == "\\":
            n = s[i + 1]
            if n in "01234567":
                j = i + 1
                while j < len(s) and j < i + 4 and s[j] in "01234567":
                    j += 1
                out.append(int(s[i + 1:j], 8))
                i = j
                continue
            out.append({"n": 10, "t": 9, "r": 13, "\\": 92, '"': 34, "b": 8, "f": 12}.get(n, ord(n)))
            i += 2
            continue
        out.append(ord(c))
        i += 1
    return bytes(out)


def bit_range(image):
    bits = [i * 8 + b for i, byte in enumerate(image) for b in range(8) if byte >> b & 1]
    if not bits:
        return None
    return bits[0], bits[-1] - bits[0] + 1


# ---- building the golden set --------------------------------------------------------------
def measure_records(clang, tu_prefix, record_names, family, skip_missing=True, keep_field=None):
    """Golden entries for the given typedef names, compiled in a TU starting with tu_prefix.

    keep_field(record, path), when given, selects the fields that get entries (the record's size
    and alignment always do)."""
    resource = clang_resource_include(clang)
    wrappers = "\n".join(f"struct mpabi_probe_{n} {{ {n} x; }};" for n in record_names)
    src = tu_prefix + "\n" + wrappers + "\n"
    proc = subprocess.run([clang, "--target=x86_64-w64-mingw32", "-nostdinc", "-isystem", resource,
                           "-isystem", MINGW_INC, "-I", DDK, "-w", "-fsyntax-only", "-x", "c",
                           "-Xclang", "-fdump-record-layouts-complete", "-"],
                          input=src, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[:4000])
    dump = parse_dump(proc.stdout)

    exprs, images, plan = {}, {}, []
    for n in record_names:
        rows = dump.get(n)
        if rows is None:
            if skip_missing:
                print(f"  note: {n} not in the oracle translation unit, skipped", file=sys.stderr)
                continue
            raise RuntimeError(f"{n} missing from dump")
        k = len(plan)
        exprs[f"v_{k}_size"] = f"sizeof({n})"
        exprs[f"v_{k}_align"] = f"__alignof__({n})"
        fields = fields_from_rows(rows)
        if keep_field is not None:
            fields = [f for f in fields if keep_field(n, f["path"])]
        for j, f in enumerate(fields):
            if f["bit"] is None:
                exprs[f"v_{k}_{j}_off"] = f"__builtin_offsetof({n}, {f['path']})"
                if f["type"].endswith("[]") or f["type"].endswith("[0]"):
                    f["size"] = 0
                else:
                    exprs[f"v_{k}_{j}_size"] = f"sizeof(((({n} *)0)->{f['path']}))"
            else:
                images[f"img_{k}_{j}"] = (n, f["path"])
        plan.append((n, fields))

    values, imgs = gcc_values(tu_prefix, exprs, images)
    entries = []
    for k, (n, fields) in enumerate(plan):
        size = values[f"v_{k}_size"]
        entries.append({"family": family, "record": n, "kind": "record", "size": size,
                        "align": values[f"v_{k}_align"]})
        for j, f in enumerate(fields):
            if f["bit"] is None:
                off = values[f"v_{k}_{j}_off"]
                if off != f["byte"]:
                    raise RuntimeError(f"{n}.{f['path']}: gcc offset {off} != clang {f['byte']}")
                fsize = f.get("size", values.get(f"v_{k}_{j}_size"))
                entries.append({"family": family, "record": n, "kind": "field", "name": f["path"],
                                "offset": off, "size": fsize})
            else:
                rng = bit_range(imgs[f"img_{k}_{j}"])
                clang_start = f["byte"] * 8 + f["bit"][0]
                clang_width = f["bit"][1] - f["bit"][0] + 1
                if rng != (clang_start, clang_width):
                    raise RuntimeError(f"{n}.{f['path']}: gcc bits {rng} != clang {(clang_start, clang_width)}")
                entries.append({"family": family, "record": n, "kind": "bitfield", "name": f["path"],
                                "bitOffset": rng[0], "bitWidth": rng[1]})
    return entries


def measure_constants(tu_prefix, names, family):
    good = list(dict.fromkeys(names))
    # Drop names that do not evaluate to an integer constant (function-like uses, strings, ...).
    while True:
        exprs = {f"v_c{i}": n for i, n in enumerate(good)}
        body = [tu_prefix] + [f"const long long v_c{i} = (long long)({n});" for i, n in enumerate(good)]
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, "c.c")
            with open(src, "w") as f:
                f.write("\n".join(body) + "\n")
            proc = subprocess.run([MINGW_GCC, "-S", "-O0", "-w", "-I", DDK, src, "-o",
                                   os.path.join(tmp, "c.s")], capture_output=True, text=True)
            if proc.returncode == 0:
                values, _ = parse_asm(open(os.path.join(tmp, "c.s")).read())
                break
            bad_lines = {int(m.group(1)) for m in re.finditer(r"c\.c:(\d+):\d+: (?:error|note)", proc.stderr)}
            prefix_lines = tu_prefix.count("\n") + 1
            bad = {good[l - prefix_lines - 1] for l in bad_lines if l > prefix_lines}
            if not bad:
                raise RuntimeError(proc.stderr[:4000])
            good = [n for n in good if n not in bad]
    out = []
    for i, n in enumerate(good):
        if f"v_c{i}" not in values:
            continue
        value = values[f"v_c{i}"]
        source = "mingw"
        if n in WDK_OVERRIDES:
            value, _reason = WDK_OVERRIDES[n]
            source = "wdk"
        out.append({"family": family, "kind": "constant", "name": n, "value": value, "source": source})
    return out


def scsiport_golden(clang):
    tu = "#include <ntddk.h>\n#include <srb.h>\n#include <scsi.h>\n"
    miniport_records = typedef_records(open(os.path.join(DDK, "miniport.h")).read())
    records = []
    for h in ("srb.h", "scsi.h"):
        records += typedef_records(open(os.path.join(DDK, h)).read())
    records = [r for r in dict.fromkeys(EXTRA_RECORDS + records) if r not in miniport_records]
    entries = measure_records(clang, tu, records, "scsiport")
    entries += measure_records(clang, MINIPORT_TU, miniport_records, "scsiport", skip_missing=False)

    # Follow the current WDK where mingw's copy is older.
    replaced = set(WDK_RECORDS)
    entries = [e for e in entries if e.get("record") not in replaced]
    wdk_tu = tu + "".join(text for _, text in WDK_RECORDS.values())
    for e in measure_records(clang, wdk_tu, [f"MPABI_WDK_{n}" for n in WDK_RECORDS], "scsiport",
                             skip_missing=False):
        e["record"] = e["record"][len("MPABI_WDK_"):]
        e["source"] = "wdk-doc"
        entries.append(e)
    for e in entries:
        if e["kind"] == "record" and e["record"] in WDK_PACKED_RECORDS:
            e["align"] = 1
            e["source"] = "wdk-doc"

    constants = macro_names([os.path.join(DDK, h) for h in ("srb.h", "scsi.h")], tu)
    for h in ("srb.h", "scsi.h"):
        for _, members in enum_bodies(open(os.path.join(DDK, h)).read()):
            constants += members
    wdm = open(os.path.join(DDK, "wdm.h")).read()
    for name, members in enum_bodies(wdm):
        if name in WDM_ENUMS:
            constants += members
    # Not integer constants of the ABI: debug plumbing, include guards, API decoration.
    constants = [c for c in constants if not c.startswith("_") and c not in
                 ("DebugPrint", "SCSIPORT_API", "SCSIPORTAPI", "SCSI_PORT_SIGNATURE")]
    entries += measure_constants(tu, constants, "scsiport")
    return entries


def storport_golden(clang):
    tu = "#include <ntddk.h>\n#include <srb.h>\n" + STORPORT_RECORDS
    entries = measure_records(clang, tu, list(STORPORT_NAMES), "storport", skip_missing=False)
    for (record, field), expected in STORPORT_EXPECTED.items():
        for e in entries:
            if e["record"] != record:
                continue
            if field is None and e["kind"] == "record" and e["size"] != expected:
                raise RuntimeError(f"{record}: size {e['size']} != documented {expected}")
            if field is not None and e.get("name") == field and e["offset"] != expected:
                raise RuntimeError(f"{record}.{field}: offset {e['offset']} != documented {expected}")
    for e in entries:
        e["record"] = STORPORT_NAMES[e["record"]]
        e["source"] = "wdk-doc"
    for name, value in STORPORT_CONSTANTS.items():
        entries.append({"family": "storport", "kind": "constant", "name": name, "value": value,
                        "source": "wdk-doc"})
    return entries


# ---- extended SRBs (STORAGE_REQUEST_BLOCK and its data blocks) -----------------------------
# mingw's srb.h predates extended SRBs (Windows 8). These records and constants are transcribed
# from the WDK documentation of srb.h / storport.h (STORAGE_REQUEST_BLOCK, SRBEX_DATA_*),
# compiled against mingw's base types, and checked against the documented x64 sizes and offsets
# (SRBX_EXPECTED) and values (SRBX_EXPECTED_CONSTANTS). They go into both families: srb.h and
# storport.h both declare them.
SRBX_RECORDS = r"""
#define MPABI_SRBX_ALIGN __attribute__((aligned(8)))
typedef enum _SRBEXDATATYPE {
    SrbExDataTypeUnknown = 0, SrbExDataTypeBidirectional = 1,
    SrbExDataTypeScsiCdb16 = 0x40, SrbExDataTypeScsiCdb32 = 0x41, SrbExDataTypeScsiCdbVar = 0x42,
    SrbExDataTypeNvmeCommand = 0x43,
    SrbExDataTypeWmi = 0x60, SrbExDataTypePower = 0x61, SrbExDataTypePnP = 0x62,
    SrbExDataTypeIoInfo = 0x80,
    SrbExDataTypeMSReservedStart = 0xf0000000, SrbExDataTypeReserved = 0xffffffff
} SRBEXDATATYPE;
typedef struct MPABI_SRBX_ALIGN { SRBEXDATATYPE Type; ULONG Length; UCHAR Data[1]; } SRBEX_DATA;
typedef struct MPABI_SRBX_ALIGN {
    SRBEXDATATYPE Type; ULONG Length; ULONG DataInTransferLength; ULONG Reserved1;
    PVOID MPABI_SRBX_ALIGN DataInBuffer;
} SRBEX_DATA_BIDIRECTIONAL;
typedef struct MPABI_SRBX_ALIGN {
    SRBEXDATATYPE Type; ULONG Length; UCHAR ScsiStatus; UCHAR SenseInfoBufferLength; UCHAR CdbLength;
    UCHAR Reserved; ULONG Reserved1; PVOID MPABI_SRBX_ALIGN SenseInfoBuffer; UCHAR MPABI_SRBX_ALIGN Cdb[16];
} SRBEX_DATA_SCSI_CDB16;
typedef struct MPABI_SRBX_ALIGN {
    SRBEXDATATYPE Type; ULONG Length; UCHAR ScsiStatus; UCHAR SenseInfoBufferLength; UCHAR CdbLength;
    UCHAR Reserved; ULONG Reserved1; PVOID MPABI_SRBX_ALIGN SenseInfoBuffer; UCHAR MPABI_SRBX_ALIGN Cdb[32];
} SRBEX_DATA_SCSI_CDB32;
typedef struct MPABI_SRBX_ALIGN {
    SRBEXDATATYPE Type; ULONG Length; UCHAR ScsiStatus; UCHAR SenseInfoBufferLength; UCHAR Reserved[2];
    ULONG CdbLength; ULONG Reserved1[2]; PVOID MPABI_SRBX_ALIGN SenseInfoBuffer; UCHAR MPABI_SRBX_ALIGN Cdb[1];
} SRBEX_DATA_SCSI_CDB_VAR;
typedef struct MPABI_SRBX_ALIGN {
    SRBEXDATATYPE Type; ULONG Length; UCHAR WMISubFunction; UCHAR WMIFlags; UCHAR Reserved[2];
    ULONG Reserved1; PVOID MPABI_SRBX_ALIGN DataPath;
} SRBEX_DATA_WMI;
typedef struct MPABI_SRBX_ALIGN {
    SRBEXDATATYPE Type; ULONG Length; UCHAR SrbPowerFlags; UCHAR Reserved[3];
    STOR_DEVICE_POWER_STATE DevicePowerState; STOR_POWER_ACTION PowerAction;
} SRBEX_DATA_POWER;
typedef struct MPABI_SRBX_ALIGN {
    SRBEXDATATYPE Type; ULONG Length; UCHAR PnPSubFunction; UCHAR Reserved[3]; STOR_PNP_ACTION PnPAction;
    ULONG SrbPnPFlags; ULONG Reserved1;
} SRBEX_DATA_PNP;
typedef struct MPABI_SRBX_ALIGN {
    SRBEXDATATYPE Type; ULONG Length; ULONG Flags; ULONG Key; ULONG RWLength; BOOLEAN IsWriteRequest;
    UCHAR CachePriority; UCHAR Reserved[2]; ULONG Reserved1[2];
} SRBEX_DATA_IO_INFO;
typedef struct MPABI_SRBX_ALIGN { USHORT Length; UCHAR Function; UCHAR SrbStatus; } STORAGE_REQUEST_BLOCK_HEADER;
typedef struct MPABI_SRBX_ALIGN {
    USHORT Length; UCHAR Function; UCHAR SrbStatus; ULONG ReservedUlong1; ULONG Signature; ULONG Version;
    ULONG SrbLength; ULONG SrbFunction; ULONG SrbFlags; ULONG ReservedUlong2; ULONG RequestTag;
    USHORT RequestPriority; USHORT RequestAttribute; ULONG TimeOutValue;
    union { ULONG SystemStatus; ULONG RequestTagHigh4Bytes; };
    ULONG ZeroGuard1; ULONG AddressOffset; ULONG NumSrbExData; ULONG DataTransferLength;
    PVOID MPABI_SRBX_ALIGN DataBuffer; PVOID MPABI_SRBX_ALIGN ZeroGuard2; PVOID MPABI_SRBX_ALIGN OriginalRequest;
    PVOID MPABI_SRBX_ALIGN ClassContext; PVOID MPABI_SRBX_ALIGN PortContext; PVOID MPABI_SRBX_ALIGN MiniportContext;
    PVOID MPABI_SRBX_ALIGN NextSrb; ULONG SrbExDataOffset[1];
} STORAGE_REQUEST_BLOCK;
#define SRB_SIGNATURE 0x53524258
#define STORAGE_REQUEST_BLOCK_VERSION_1 0x1
#define SRB_FUNCTION_STORAGE_REQUEST_BLOCK 0x28
#define SRB_TYPE_FLAG_SCSI_REQUEST_BLOCK 0x1
#define SRB_TYPE_FLAG_STORAGE_REQUEST_BLOCK 0x2
#define SRB_TYPE_SCSI_REQUEST_BLOCK 0
#define SRB_TYPE_STORAGE_REQUEST_BLOCK 1
#define STORAGE_ADDRESS_TYPE_BTL8 0
#define SRBEX_DATA_BIDIRECTIONAL_LENGTH ((2 * sizeof(ULONG)) + sizeof(PVOID))
#define SRBEX_DATA_SCSI_CDB16_LENGTH ((20 * sizeof(UCHAR)) + sizeof(ULONG) + sizeof(PVOID))
#define SRBEX_DATA_SCSI_CDB32_LENGTH ((36 * sizeof(UCHAR)) + sizeof(ULONG) + sizeof(PVOID))
#define SRBEX_DATA_SCSI_CDB_VAR_LENGTH_MIN ((4 * sizeof(UCHAR)) + (3 * sizeof(ULONG)) + sizeof(PVOID))
#define SRBEX_DATA_WMI_LENGTH ((4 * sizeof(UCHAR)) + sizeof(ULONG) + sizeof(PVOID))
#define SRBEX_DATA_POWER_LENGTH ((4 * sizeof(UCHAR)) + sizeof(STOR_DEVICE_POWER_STATE) + sizeof(STOR_POWER_ACTION))
#define SRBEX_DATA_PNP_LENGTH ((4 * sizeof(UCHAR)) + sizeof(STOR_PNP_ACTION) + (2 * sizeof(ULONG)))
#define SRBEX_DATA_IO_INFO_LENGTH ((5 * sizeof(ULONG)) + (4 * sizeof(UCHAR)))
#define REQUEST_INFO_NO_CACHE_FLAG 0x00000001
#define REQUEST_INFO_PAGING_IO_FLAG 0x00000002
#define REQUEST_INFO_SEQUENTIAL_IO_FLAG 0x00000004
#define REQUEST_INFO_TEMPORARY_FLAG 0x00000008
#define REQUEST_INFO_WRITE_THROUGH_FLAG 0x00000010
#define REQUEST_INFO_HYBRID_WRITE_THROUGH_FLAG 0x00000020
#define REQUEST_INFO_NO_FILE_OBJECT_FLAG 0x00000040
#define REQUEST_INFO_VOLSNAP_IO_FLAG 0x00000080
#define REQUEST_INFO_STREAM_FLAG 0x00000100
#define REQUEST_INFO_VALID_CACHEPRIORITY_FLAG 0x80000000
"""

SRBX_NAMES = ["SRBEX_DATA", "SRBEX_DATA_BIDIRECTIONAL", "SRBEX_DATA_SCSI_CDB16", "SRBEX_DATA_SCSI_CDB32",
              "SRBEX_DATA_SCSI_CDB_VAR", "SRBEX_DATA_WMI", "SRBEX_DATA_POWER", "SRBEX_DATA_PNP",
              "SRBEX_DATA_IO_INFO", "STORAGE_REQUEST_BLOCK_HEADER", "STORAGE_REQUEST_BLOCK"]

# x64 sizes and offsets the WDK documents (each block 8-byte aligned, pointers at 8).
SRBX_EXPECTED = {
    ("STORAGE_REQUEST_BLOCK", None): 128,
    ("STORAGE_REQUEST_BLOCK", "Signature"): 8,
    ("STORAGE_REQUEST_BLOCK", "SrbFunction"): 20,
    ("STORAGE_REQUEST_BLOCK", "RequestTag"): 32,
    ("STORAGE_REQUEST_BLOCK", "TimeOutValue"): 40,
    ("STORAGE_REQUEST_BLOCK", "AddressOffset"): 52,
    ("STORAGE_REQUEST_BLOCK", "DataTransferLength"): 60,
    ("STORAGE_REQUEST_BLOCK", "DataBuffer"): 64,
    ("STORAGE_REQUEST_BLOCK", "MiniportContext"): 104,
    ("STORAGE_REQUEST_BLOCK", "NextSrb"): 112,
    ("STORAGE_REQUEST_BLOCK", "SrbExDataOffset"): 120,
    ("STORAGE_REQUEST_BLOCK_HEADER", None): 8,
    ("SRBEX_DATA", None): 16,
    ("SRBEX_DATA_BIDIRECTIONAL", None): 24,
    ("SRBEX_DATA_SCSI_CDB16", None): 40,
    ("SRBEX_DATA_SCSI_CDB16", "SenseInfoBuffer"): 16,
    ("SRBEX_DATA_SCSI_CDB16", "Cdb"): 24,
    ("SRBEX_DATA_SCSI_CDB32", None): 56,
    ("SRBEX_DATA_SCSI_CDB_VAR", None): 40,
    ("SRBEX_DATA_SCSI_CDB_VAR", "CdbLength"): 12,
    ("SRBEX_DATA_SCSI_CDB_VAR", "Cdb"): 32,
    ("SRBEX_DATA_WMI", None): 24,
    ("SRBEX_DATA_POWER", None): 24,
    ("SRBEX_DATA_PNP", None): 24,
    ("SRBEX_DATA_IO_INFO", None): 32,
}

SRBX_EXPECTED_CONSTANTS = {
    "SRB_SIGNATURE": 0x53524258, "STORAGE_REQUEST_BLOCK_VERSION_1": 1,
    "SRB_FUNCTION_STORAGE_REQUEST_BLOCK": 0x28,
    "SRB_TYPE_FLAG_SCSI_REQUEST_BLOCK": 1, "SRB_TYPE_FLAG_STORAGE_REQUEST_BLOCK": 2,
    "SRB_TYPE_SCSI_REQUEST_BLOCK": 0, "SRB_TYPE_STORAGE_REQUEST_BLOCK": 1, "STORAGE_ADDRESS_TYPE_BTL8": 0,
    "SRBEX_DATA_BIDIRECTIONAL_LENGTH": 16, "SRBEX_DATA_SCSI_CDB16_LENGTH": 32, "SRBEX_DATA_SCSI_CDB32_LENGTH": 48,
    "SRBEX_DATA_SCSI_CDB_VAR_LENGTH_MIN": 24, "SRBEX_DATA_WMI_LENGTH": 16, "SRBEX_DATA_POWER_LENGTH": 12,
    "SRBEX_DATA_PNP_LENGTH": 16, "SRBEX_DATA_IO_INFO_LENGTH": 24,
    "SrbExDataTypeUnknown": 0, "SrbExDataTypeBidirectional": 1, "SrbExDataTypeScsiCdb16": 0x40,
    "SrbExDataTypeScsiCdb32": 0x41, "SrbExDataTypeScsiCdbVar": 0x42, "SrbExDataTypeNvmeCommand": 0x43,
    "SrbExDataTypeWmi": 0x60, "SrbExDataTypePower": 0x61, "SrbExDataTypePnP": 0x62, "SrbExDataTypeIoInfo": 0x80,
    "REQUEST_INFO_NO_CACHE_FLAG": 1, "REQUEST_INFO_PAGING_IO_FLAG": 2, "REQUEST_INFO_SEQUENTIAL_IO_FLAG": 4,
    "REQUEST_INFO_TEMPORARY_FLAG": 8, "REQUEST_INFO_WRITE_THROUGH_FLAG": 0x10,
    "REQUEST_INFO_HYBRID_WRITE_THROUGH_FLAG": 0x20, "REQUEST_INFO_NO_FILE_OBJECT_FLAG": 0x40,
    "REQUEST_INFO_VOLSNAP_IO_FLAG": 0x80, "REQUEST_INFO_STREAM_FLAG": 0x100,
    "REQUEST_INFO_VALID_CACHEPRIORITY_FLAG": 0x80000000,
}


def srbx_golden(clang):
    """The extended-SRB entries, for both families, measured from SRBX_RECORDS."""
    tu = "#include <ntddk.h>\n#include <srb.h>\n" + SRBX_RECORDS
    records = measure_records(clang, tu, SRBX_NAMES, "scsiport", skip_missing=False)
    for (record, field), expected in SRBX_EXPECTED.items():
        found = [e for e in records if e["record"] == record and
                 ((field is None and e["kind"] == "record") or e.get("name") == field)]
        if not found:
            raise RuntimeError(f"{record}.{field}: not measured")
        got = found[0]["size"] if field is None else found[0]["offset"]
        if got != expected:
            raise RuntimeError(f"{record}.{field or 'size'}: {got} != documented {expected}")
    constants = measure_constants(tu, list(SRBX_EXPECTED_CONSTANTS), "scsiport")
    for c in constants:
        if c["value"] != SRBX_EXPECTED_CONSTANTS[c["name"]]:
            raise RuntimeError(f"{c['name']}: {c['value']} != documented {SRBX_EXPECTED_CONSTANTS[c['name']]}")
    if len(constants) != len(SRBX_EXPECTED_CONSTANTS):
        raise RuntimeError("extended-SRB constants missing from the transcription")
    entries = []
    for family in ("scsiport", "storport"):
        for e in records + constants:
            entries.append(dict(e, family=family, source="wdk-doc"))
    return entries


# ---- protocol and I/O-control headers (devioctl.h, ntddscsi.h, ntddstor.h, ntdddisk.h, ata.h,
# wmistr.h, scsiwmi.h) --------------------------------------------------------------------------
# Self-contained: PROTO_HEADERS lists the project's headers; every typedef'd record and every
# integer macro / enumerator they declare gets a golden entry, in both families.
#   * Where mingw-w64 declares the item (its user-mode ntddscsi.h/ntddstor.h/ntdddisk.h/wmistr.h
#     and ddk/ata.h/scsiwmi.h), the value is measured from mingw (source "mingw").
#   * Items mingw lacks are newer WDK additions, transcribed from the WDK documentation into the
#     project's header: they are measured by compiling that header for the Windows target
#     (x86_64-w64-mingw32-gcc, LLP64, MS bit-fields) and checked against the documented sizes
#     and offsets in PROTO_EXPECTED (source "wdk-doc"). A Linux build must then lay them out
#     the same way.
#   * PROTO_WDK_DIFFERS names items where the current WDK is newer than mingw's copy; for
#     those the WDK transcription is the golden value.
PROTO_HEADERS = ["devioctl.h", "ntddscsi.h", "mpabi_scsi_miniport_ioctl.h", "ntddstor.h", "mpabi_storage_bus_type.h",
                 "ntdddisk.h", "ata.h", "wmistr.h", "scsiwmi.h"]
PROTO_ORACLE_TU = ("#include <ntddk.h>\n#include <ntddscsi.h>\n#include <ntddstor.h>\n#include <ntdddisk.h>\n"
                   "#include <ata.h>\n#include <wmistr.h>\n#include <scsiwmi.h>\n")
PROTO_WDK_DIFFERS = {
    "PARTITION_INFORMATION_MBR": "the WDK adds GUID PartitionId after HiddenSectors (24 bytes)",
    "PARTITION_INFORMATION_EX": "the WDK adds BOOLEAN IsServicePartition after RewritePartition",
    "STORAGE_ADAPTER_DESCRIPTOR": "the WDK's BusType is a UCHAR followed by SrbType and AddressType (32 bytes)",
}
# Constants where mingw's copy is older than the WDK: name -> (value, reason).
PROTO_CONSTANT_OVERRIDES = {
    "BusTypeMax": (0x15, "mingw's STORAGE_BUS_TYPE ends at BusTypeNvme; the WDK adds BusTypeSCM, BusTypeUfs and "
                         "BusTypeNvmeof before BusTypeMax (as storport.h's copy of the enum already has)"),
}
# Documented x64 sizes / offsets of the transcribed records: (record, field or None) -> value.
PROTO_EXPECTED = {
    ("SRB_IO_CONTROL", None): 28, ("SCSI_PASS_THROUGH", None): 56, ("SCSI_PASS_THROUGH", "DataBufferOffset"): 24,
    ("SCSI_PASS_THROUGH_DIRECT", None): 56, ("SCSI_PASS_THROUGH_EX", None): 64,
    ("SCSI_PASS_THROUGH_EX", "DataOutBufferOffset"): 40, ("SCSI_PASS_THROUGH_EX", "Cdb"): 56,
    ("SCSI_PASS_THROUGH_DIRECT_EX", "DataInBuffer"): 48, ("ATA_PASS_THROUGH_EX", None): 48,
    ("ATA_PASS_THROUGH_EX", "DataBufferOffset"): 24, ("ATA_PASS_THROUGH_DIRECT", "CurrentTaskFile"): 40,
    ("FIRMWARE_REQUEST_BLOCK", None): 24, ("STORAGE_FIRMWARE_SLOT_INFO", None): 16,
    ("STORAGE_FIRMWARE_SLOT_INFO_V2", None): 24, ("STORAGE_FIRMWARE_INFO", "Slot"): 16,
    ("STORAGE_FIRMWARE_INFO_V2", "Slot"): 24, ("STORAGE_FIRMWARE_DOWNLOAD", "ImageBuffer"): 24,
    ("STORAGE_FIRMWARE_DOWNLOAD_V2", "ImageBuffer"): 32, ("STORAGE_FIRMWARE_ACTIVATE", None): 12,
    ("STORAGE_PROTOCOL_SPECIFIC_DATA", None): 40, ("STORAGE_PROTOCOL_DATA_DESCRIPTOR", None): 48,
    ("STORAGE_PROTOCOL_COMMAND", "Command"): 80, ("STORAGE_ADAPTER_DESCRIPTOR", None): 32,
    ("STORAGE_ADAPTER_DESCRIPTOR", "SrbType"): 30, ("STORAGE_DEVICE_DESCRIPTOR", None): 40,
    ("PARTITION_INFORMATION_MBR", None): 24, ("PARTITION_INFORMATION_EX", None): 144,
    ("PARTITION_INFORMATION_EX", "Mbr"): 32, ("IDENTIFY_DEVICE_DATA", None): 512,
    ("IDENTIFY_PACKET_DATA", None): 512,
    ("SENDCMDINPARAMS", None): 33, ("SENDCMDOUTPARAMS", None): 17, ("GETVERSIONINPARAMS", None): 24,
    ("WNODE_HEADER", None): 48, ("WNODE_HEADER", "Guid"): 24, ("WNODE_ALL_DATA", "OffsetInstanceDataAndLength"): 60,
    ("WNODE_SINGLE_INSTANCE", "VariableData"): 64, ("WNODE_SINGLE_INSTANCE", None): 64, ("WNODE_TOO_SMALL", "SizeNeeded"): 48, ("WMIREGGUIDW", None): 32,
    ("WMIREGINFOW", "WmiRegGuid"): 24, ("SCSIWMIGUIDREGINFO", None): 16, ("SCSIWMI_REQUEST_CONTEXT", None): 28,
    ("SCSIWMI_REQUEST_CONTEXT", "ReturnSize"): 24, ("SCSI_WMILIB_CONTEXT", None): 60,
}


def proto_names():
    """Records, and integer macros and enumerators, that the project's PROTO_HEADERS declare."""
    inc = os.path.join(ROOT, "CMiniportABI", "include")
    records, constants = [], []
    for h in PROTO_HEADERS:
        path = os.path.join(inc, h)
        if not os.path.exists(path):
            continue
        text = open(path).read()
        records += typedef_records(text)
        for m in re.finditer(r"^\s*#\s*define\s+([A-Za-z_]\w*)[ \t]+(\S.*)$", strip_comments(text), re.M):
            name, value = m.group(1), m.group(2).strip()
            if name.startswith(("_", "MPABI_")) or value.startswith('"') or "L\"" in value:
                continue
            constants.append(name)
        for _, members in enum_bodies(text):
            constants += members
    records = [r for r in dict.fromkeys(records) if not r.startswith("MPABI_")]
    return records, list(dict.fromkeys(constants))


def proto_oracle_has(clang, names):
    """The subset of typedef names that the mingw oracle translation unit declares."""
    resource = clang_resource_include(clang)
    src = PROTO_ORACLE_TU + "".join(f"{n} *mpabi_has_{i};\n" for i, n in enumerate(names))
    proc = subprocess.run([clang, "--target=x86_64-w64-mingw32", "-nostdinc", "-isystem", resource,
                           "-isystem", MINGW_INC, "-I", DDK, "-w", "-fsyntax-only", "-ferror-limit=0", "-x", "c", "-"],
                          input=src, capture_output=True, text=True)
    missing = set(re.findall(r"unknown type name '(\w+)'", proc.stderr))
    return [n for n in names if n not in missing]


def proto_golden(clang):
    records, constants = proto_names()
    inc = os.path.join(ROOT, "CMiniportABI", "include")
    ours_tu = "".join(f'#include "{os.path.join(inc, h)}"\n' for h in PROTO_HEADERS
                      if os.path.exists(os.path.join(inc, h)))
    # What mingw has, measured from mingw (except where the WDK is newer).
    oracle = measure_records(clang, PROTO_ORACLE_TU,
                             proto_oracle_has(clang, [r for r in records if r not in PROTO_WDK_DIFFERS]), "scsiport")
    have = {e["record"] for e in oracle}
    for e in oracle:
        e["source"] = "mingw"
    # The rest from the WDK transcription, compiled for the Windows target.
    rest = [r for r in records if r not in have]
    transcribed = measure_records(clang, ours_tu, rest, "scsiport", skip_missing=False)
    for e in transcribed:
        e["source"] = "wdk-doc"
    entries = oracle + transcribed
    for (record, field), expected in PROTO_EXPECTED.items():
        if record not in records:
            raise RuntimeError(f"{record}: documented but not declared by {', '.join(PROTO_HEADERS)}")
        found = [e for e in entries if e["record"] == record and
                 ((field is None and e["kind"] == "record") or e.get("name") == field)]
        if not found:
            raise RuntimeError(f"{record}.{field}: not measured")
        got = found[0]["size"] if field is None else found[0]["offset"]
        if got != expected:
            raise RuntimeError(f"{record}.{field or 'size'}: {got} != documented {expected}")
    mingw_constants = measure_constants(PROTO_ORACLE_TU, constants, "scsiport")
    known = {c["name"] for c in mingw_constants}
    ours = measure_constants(ours_tu, [c for c in constants if c not in known], "scsiport")
    for c in ours:
        c["source"] = "wdk-doc"
    for c in mingw_constants:
        if c["name"] in PROTO_CONSTANT_OVERRIDES:
            c["value"] = PROTO_CONSTANT_OVERRIDES[c["name"]][0]
            c["source"] = "wdk"
    entries += mingw_constants + ours
    out = []
    for family in ("scsiport", "storport"):
        for e in entries:
            out.append(dict(e, family=family))
    return out



# ---- kernel base headers: ntdef.h, wdm.h, ntddk.h, ntstatus.h, PCI (mpabi_bus.h) -----------
# Records and constants of the WDK base headers a miniport may include. Measured from mingw's
# ntddk.h/wdm.h/ntstatus.h where mingw has the item; KERNEL_WDK_RECORDS (transcribed from the
# WDK and the PCI specification) where it does not, checked against KERNEL_EXPECTED; StorPort
# constants mingw lacks come from KERNEL_STORPORT_CONSTANTS (the WDK's storport.h values).
# Appended to both families (the layout probes include ntddk.h beside each family's headers).
KERNEL_TU = "#include <ntddk.h>\n#include <ntstatus.h>\n"
KERNEL_RECORDS = ["IO_STATUS_BLOCK", "DRIVER_EXTENSION", "DRIVER_OBJECT", "OBJECT_ATTRIBUTES", "STRING",
                  "SINGLE_LIST_ENTRY", "LIST_ENTRY32", "LIST_ENTRY64", "PCI_CAPABILITIES_HEADER", "PCI_SLOT_NUMBER",
                  "POWER_STATE"]
# The kernel object and parameter types of mpabi_kernel_types.h, all in mingw's wdm.h/ntdef.h.
# mingw declares the full dispatcher-header unions (timer, thread and mutant flag bytes, ...);
# the project declares a simplified form of the same size and offsets. Each record's size and
# alignment is golden; its fields are the ones the project's header declares (project_field_paths),
# measured in mingw's declaration. The rest of a mingw record is opaque to the project.
KERNEL_OBJECT_RECORDS = ["KEVENT", "KSEMAPHORE", "KMUTANT", "KMUTEX", "KTIMER",
                         "KSPIN_LOCK_QUEUE", "KLOCK_QUEUE_HANDLE", "MDL", "TIME_FIELDS",
                         "PROCESSOR_NUMBER", "GROUP_AFFINITY", "RTL_QUERY_REGISTRY_TABLE", "CLIENT_ID"]
# mingw's KDPC and KWAIT_BLOCK are the Windows 7 forms (LIST_ENTRY DpcListEntry; Thread first)
# and its DISPATCHER_HEADER lacks the WDK's Reserved1/LockNV: these three are transcribed from the
# current WDK's wdm.h (same sizes as mingw's, checked), and the Header.* fields mingw lacks in the
# objects that embed a DISPATCHER_HEADER are covered by the DISPATCHER_HEADER entries.
KERNEL_OBJECT_WDK_RECORDS = r"""
typedef struct {
    union {
        struct {
            UCHAR Type;
            UCHAR Signalling;
            UCHAR Size;
            UCHAR Reserved1;
        };
        volatile LONG Lock;
        LONG LockNV;
    };
    LONG SignalState;
    LIST_ENTRY WaitListHead;
} MPABI_WDK_DISPATCHER_HEADER;
typedef struct {
    union {
        ULONG TargetInfoAsUlong;
        struct {
            UCHAR Type;
            UCHAR Importance;
            volatile USHORT Number;
        };
    };
    SINGLE_LIST_ENTRY DpcListEntry;
    KAFFINITY ProcessorHistory;
    PKDEFERRED_ROUTINE DeferredRoutine;
    PVOID DeferredContext;
    PVOID SystemArgument1;
    PVOID SystemArgument2;
    PVOID volatile DpcData;
} MPABI_WDK_KDPC;
typedef struct {
    LIST_ENTRY WaitListEntry;
    UCHAR WaitType;
    volatile UCHAR BlockState;
    USHORT WaitKey;
    LONG SpareLong;
    union {
        struct _KTHREAD *Thread;
        struct _KQUEUE *NotificationQueue;
    };
    PVOID Object;
    PVOID SparePtr;
} MPABI_WDK_KWAIT_BLOCK;
"""
KERNEL_OBJECT_WDK_NAMES = ["DISPATCHER_HEADER", "KDPC", "KWAIT_BLOCK"]
KERNEL_OBJECT_WDK_DIFFERS = {
    "DISPATCHER_HEADER": "the WDK's wdm.h has the Type/Signalling/Size/Reserved1 bytes and LockNV; mingw's copy has older flag unions (same size)",
    "KDPC": "the WDK's wdm.h (Windows 8.1+) has TargetInfoAsUlong, SINGLE_LIST_ENTRY DpcListEntry and ProcessorHistory; mingw's copy is the Windows 7 form (same size)",
    "KWAIT_BLOCK": "the WDK's wdm.h (Windows 8+) orders WaitType/BlockState/WaitKey/SpareLong before Thread and ends with SparePtr; mingw's copy is the Windows 7 form (same size)",
}
# Documented x64 sizes and offsets (WDK: wdm.h and the kernel-object pages), checked on the oracle.
KERNEL_OBJECT_EXPECTED = {
    ("DISPATCHER_HEADER", None): 24, ("DISPATCHER_HEADER", "SignalState"): 4,
    ("DISPATCHER_HEADER", "WaitListHead"): 8, ("KEVENT", None): 24, ("KSEMAPHORE", None): 32,
    ("KSEMAPHORE", "Limit"): 24, ("KMUTANT", None): 56, ("KMUTEX", None): 56, ("KTIMER", None): 64,
    ("KTIMER", "DueTime"): 24, ("KTIMER", "Dpc"): 48, ("KDPC", None): 64, ("KDPC", "DpcListEntry"): 8,
    ("KDPC", "ProcessorHistory"): 16, ("KDPC", "DeferredRoutine"): 24, ("KDPC", "DpcData"): 56,
    ("KWAIT_BLOCK", None): 48, ("KWAIT_BLOCK", "WaitType"): 16, ("KWAIT_BLOCK", "SpareLong"): 20,
    ("KWAIT_BLOCK", "Thread"): 24, ("KWAIT_BLOCK", "Object"): 32, ("KWAIT_BLOCK", "SparePtr"): 40, ("KSPIN_LOCK_QUEUE", None): 16, ("KLOCK_QUEUE_HANDLE", None): 24,
    ("KLOCK_QUEUE_HANDLE", "OldIrql"): 16, ("MDL", None): 48, ("MDL", "MappedSystemVa"): 24,
    ("MDL", "ByteCount"): 40, ("TIME_FIELDS", None): 16, ("PROCESSOR_NUMBER", None): 4,
    ("GROUP_AFFINITY", None): 16, ("RTL_QUERY_REGISTRY_TABLE", None): 56, ("CLIENT_ID", None): 16,
}


def project_field_paths(clang, names):
    """{typedef name: set of field paths} of the project's own headers (host target)."""
    inc = os.path.join(ROOT, "CMiniportABI", "include")
    src = "#include <ntddk.h>\n" + "\n".join(f"struct mpabi_probe_{n} {{ {n} x; }};" for n in names) + "\n"
    proc = subprocess.run([clang, "-I", inc, "-w", "-fsyntax-only", "-x", "c", "-Xclang",
                           "-fdump-record-layouts-complete", "-"], input=src, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[:4000])
    dump = parse_dump(proc.stdout)
    return {n: {f["path"] for f in fields_from_rows(dump[n])} for n in names}


KERNEL_WDK_RECORDS = r"""
typedef struct {
    union {
        struct {
            ULONG BaseIndexRegister : 3;
            ULONG Reserved : 29;
        };
        ULONG TableOffset;
    };
} MPABI_WDK_PCI_MSIX_TABLE_CONFIG;
typedef struct {
    PCI_CAPABILITIES_HEADER Header;
    struct {
        USHORT TableSize : 11;
        USHORT Reserved : 3;
        USHORT FunctionMask : 1;
        USHORT MSIXEnable : 1;
    } MessageControl;
    MPABI_WDK_PCI_MSIX_TABLE_CONFIG MessageTable;
    MPABI_WDK_PCI_MSIX_TABLE_CONFIG PBATable;
} MPABI_WDK_PCI_MSIX_CAPABILITY;
"""
KERNEL_EXPECTED = {
    ("DRIVER_OBJECT", None): 336, ("DRIVER_OBJECT", "MajorFunction"): 0x70,
    ("DRIVER_EXTENSION", None): 40, ("IO_STATUS_BLOCK", None): 16, ("OBJECT_ATTRIBUTES", None): 48,
    ("PCI_MSIX_TABLE_CONFIG", None): 4, ("PCI_MSIX_CAPABILITY", None): 12,
    ("PCI_MSIX_CAPABILITY", "MessageTable"): 4, ("PCI_MSIX_CAPABILITY", "PBATable"): 8,
}
# Integer macros of the project's base headers that mingw evaluates (the rest are ours only).
KERNEL_CONSTANT_HEADERS = ["ntstatus.h", "ntdef.h", "wdm.h", "mpabi_bus.h", "mpabi_kernel_types.h", "mpabi_kernel.h"]
KERNEL_NOT_CONSTANTS = {"NULL64", "NULL32", "NOTHING", "UNICODE_NULL", "ANSI_NULL", "MAXSIZE_T", "MAXSSIZE_T",
                        "MINSSIZE_T", "MAXULONG_PTR", "MAXLONG_PTR", "MINLONG_PTR"}
# storport.h values mingw's old storport.h lacks (checked against the WDK's storport.h).
KERNEL_STORPORT_CONSTANTS = {
    "STOR_FEATURE_VIRTUAL_MINIPORT": 0x1, "STOR_FEATURE_ATA_PASS_THROUGH": 0x2,
    "STOR_FEATURE_FULL_PNP_DEVICE_CAPABILITIES": 0x4, "STOR_FEATURE_DUMP_POINTERS": 0x8,
    "STOR_FEATURE_DEVICE_NAME_NO_SUFFIX": 0x10, "STOR_FEATURE_DUMP_RESUME_CAPABLE": 0x20,
    "STOR_FEATURE_DEVICE_DESCRIPTOR_FROM_ATA_INFO_VPD": 0x40, "STOR_FEATURE_EXTRA_IO_INFORMATION": 0x80,
    "STOR_FEATURE_ADAPTER_CONTROL_PRE_FINDADAPTER": 0x100, "STOR_FEATURE_ADAPTER_NOT_REQUIRE_IO_PORT": 0x200,
    "STOR_FEATURE_DUMP_16_BYTE_ALIGNMENT": 0x400, "STOR_FEATURE_SET_ADAPTER_INTERFACE_TYPE": 0x800,
    "STOR_FEATURE_DUMP_INFO": 0x1000, "STOR_FEATURE_DMA_ALLOCATION_NO_BOUNDARY": 0x2000,
    "STOR_FEATURE_SUPPORTS_NVME_ADAPTER": 0x4000, "STOR_FEATURE_REPORT_INTERNAL_DATA": 0x8000,
    "STOR_FEATURE_EARLY_DUMP": 0x10000, "STOR_FEATURE_NVME_ICE": 0x20000,
    "CONFIG_INFO_VERSION_2": 224, "CONFIG_INFO_VERSION_3": 224,
    "HW_INIT_DATA_SIZE_PHYSICAL": 0x88, "HW_INIT_DATA_SIZE_VIRTUAL": 0xd0,
}

# Kernel-header values mingw's wdm.h lacks, from the WDK documentation (wdm.h: POOL_FLAGS,
# ExAllocatePoolWithTag's POOL_*_ALLOCATION modifiers, WAIT_TYPE, MDL flags, the processor
# relationships; the PCI code and class values from the PCI specification, as the WDK's wdm.h).
# MDL_MAPPING_FLAGS stays out: mingw's definition names an undefined MDL_SYSTEM_VA and the WDK
# documentation does not give its value.
KERNEL_WDK_CONSTANTS = {
    "POOL_NX_ALLOCATION": 512, "POOL_ZERO_ALLOCATION": 1024,
    "POOL_FLAG_REQUIRED_START": 0x1, "POOL_FLAG_USE_QUOTA": 0x1, "POOL_FLAG_UNINITIALIZED": 0x2,
    "POOL_FLAG_SESSION": 0x4, "POOL_FLAG_CACHE_ALIGNED": 0x8, "POOL_FLAG_RESERVED1": 0x10,
    "POOL_FLAG_RAISE_ON_FAILURE": 0x20, "POOL_FLAG_NON_PAGED": 0x40, "POOL_FLAG_NON_PAGED_EXECUTE": 0x80,
    "POOL_FLAG_PAGED": 0x100, "POOL_FLAG_RESERVED2": 0x200, "POOL_FLAG_RESERVED3": 0x400,
    "POOL_FLAG_REQUIRED_END": 0x80000000, "POOL_FLAG_OPTIONAL_START": 0x100000000,
    "POOL_FLAG_SPECIAL_POOL": 0x100000000, "POOL_FLAG_OPTIONAL_END": -(1 << 63),  # 0x8000000000000000 as long long
    "MDL_LOCKED_PAGE_TABLES": 0x0100, "MDL_PAGE_CONTENTS_INVARIANT": 0x4000,
    "WaitNotification": 2, "WaitDequeue": 3, "WaitDpc": 4,
    "RelationProcessorDie": 5, "RelationNumaNodeEx": 6, "RelationProcessorModule": 7,
    "PCI_CAPABILITY_ID_SATA_CONFIG": 0x12, "PCI_CAPABILITY_ID_ADVANCED_FEATURES": 0x13,
    "PCI_SUBCLASS_MSC_AHCI_CTLR": 0x06, "PCI_SUBCLASS_MSC_NVM_CTLR": 0x08,
    "MAXDWORD": 0xffffffff,
}


def kernel_golden(clang):
    """Entries of the kernel base headers for both families (and StorPort-only values)."""
    records = measure_records(clang, KERNEL_TU, KERNEL_RECORDS, "scsiport", skip_missing=False)
    wdk = measure_records(clang, KERNEL_TU + KERNEL_WDK_RECORDS,
                          ["MPABI_WDK_PCI_MSIX_TABLE_CONFIG", "MPABI_WDK_PCI_MSIX_CAPABILITY"], "scsiport",
                          skip_missing=False)
    for e in wdk:
        e["record"] = e["record"][len("MPABI_WDK_"):]
        e["source"] = "wdk-doc"
    records += wdk
    ours = project_field_paths(clang, KERNEL_OBJECT_RECORDS)
    objects = measure_records(clang, KERNEL_TU, KERNEL_OBJECT_RECORDS, "scsiport", skip_missing=False,
                              keep_field=lambda n, path: path in ours[n])
    wdk_objects = measure_records(clang, KERNEL_TU + KERNEL_OBJECT_WDK_RECORDS,
                                  [f"MPABI_WDK_{n}" for n in KERNEL_OBJECT_WDK_NAMES], "scsiport",
                                  skip_missing=False)
    oracle_sizes = {e["record"]: e["size"] for e in measure_records(
        clang, KERNEL_TU, KERNEL_OBJECT_WDK_NAMES, "scsiport", skip_missing=False, keep_field=lambda n, p: False)}
    for e in wdk_objects:
        e["record"] = e["record"][len("MPABI_WDK_"):]
        e["source"] = "wdk-doc"
        if e["kind"] == "record" and e["size"] != oracle_sizes[e["record"]]:
            raise RuntimeError(f"{e['record']}: WDK transcription size {e['size']} != mingw {oracle_sizes[e['record']]}")
    header_fields = {e["name"] for e in wdk_objects if e["record"] == "DISPATCHER_HEADER" and "name" in e}
    measured_fields = {(e["record"], e["name"]) for e in objects if "name" in e}
    unmatched = [f"{n}.{p}" for n in KERNEL_OBJECT_RECORDS for p in sorted(ours[n]) if (n, p) not in measured_fields
                 and not (p.startswith("Header.") and p[len("Header."):] in header_fields)]
    if unmatched:
        raise RuntimeError("kernel object fields the project declares but mingw does not: " + ", ".join(unmatched))
    ours_wdk = project_field_paths(clang, KERNEL_OBJECT_WDK_NAMES)
    for n in KERNEL_OBJECT_WDK_NAMES:
        transcribed = {e["name"] for e in wdk_objects if e["record"] == n and "name" in e}
        if transcribed != ours_wdk[n]:
            raise RuntimeError(f"{n}: project fields {sorted(ours_wdk[n] ^ transcribed)} differ from the WDK's")
    records += objects + wdk_objects
    for (record, field), expected in list(KERNEL_EXPECTED.items()) + list(KERNEL_OBJECT_EXPECTED.items()):
        found = [e for e in records if e["record"] == record and
                 ((field is None and e["kind"] == "record") or e.get("name") == field)]
        if not found:
            raise RuntimeError(f"{record}.{field}: not measured")
        got = found[0]["size"] if field is None else found[0]["offset"]
        if got != expected:
            raise RuntimeError(f"{record}.{field or 'size'}: {got} != documented {expected}")
    names = []
    for h in KERNEL_CONSTANT_HEADERS:
        text = strip_comments(open(os.path.join(ROOT, "CMiniportABI", "include", h)).read())
        names += [n for n in re.findall(r"^#define ([A-Z][A-Z0-9_]*) +\S", text, flags=re.M)
                  if n not in KERNEL_NOT_CONSTANTS and not n.startswith("MPABI_")]
        if h != "mpabi_bus.h":  # the bus enums are already golden entries of the scsiport family
            for _, members in enum_bodies(text):
                names += members
    constants = measure_constants(KERNEL_TU, names, "scsiport")
    measured = {c["name"] for c in constants}
    for name, value in KERNEL_WDK_CONSTANTS.items():
        if name in measured:
            raise RuntimeError(f"{name}: mingw has it now, measure it instead")
        if name not in names:
            raise RuntimeError(f"{name}: not declared by the project's base headers")
        constants.append({"family": "scsiport", "kind": "constant", "name": name, "value": value, "source": "wdk-doc"})
    measured |= set(KERNEL_WDK_CONSTANTS)
    ours_only = [n for n in dict.fromkeys(names) if n not in measured]
    if ours_only:
        print(f"  note: {len(ours_only)} base-header constants not in mingw, not in the golden table: "
              + ", ".join(ours_only), file=sys.stderr)
    entries = []
    for family in ("scsiport", "storport"):
        for e in records + constants:
            entries.append(dict(e, family=family))
    for name, value in KERNEL_STORPORT_CONSTANTS.items():
        entries.append({"family": "storport", "kind": "constant", "name": name, "value": value, "source": "wdk-doc"})
    return entries



# ---- the golden table as compile-time checks for the Windows driver target -----------------
WINDOWS_CHECK_DIR = os.path.join(ROOT, "Tests", "MiniportKitTests", "Golden")


def windows_check_c(family, entries):
    """A C file asserting every golden entry of one family at compile time.

    Compiled by WindowsTargetLayoutTests with clang --target=x86_64-pc-windows-msvc
    -ffreestanding -S: each record size and alignment, field offset and size and constant value
    is a _Static_assert naming the entry; each bit-field is an object `mpabi_bf_<n>` holding a
    zeroed record with only that bit-field set to all ones, read back from the assembly and
    compared with the golden position (the n-th bit-field entry of the family, in table order).
    """
    # The same headers as the Linux layout probes of this family (layout_c decides which).
    includes = "".join(line + "\n" for line in layout_c(family, []).splitlines()
                       if line.startswith("#include") and "mpabi_layout.h" not in line)
    out = ["/* Generated by Scripts/abi/generate_golden.py - do not edit. */",
           f"/* Every {family} entry of windows-x64.json, checked by the compiler for the Windows target. */",
           includes, "",
           "#define MPABI_CHECK(condition, entry) _Static_assert(condition, entry)", ""]

    def lit(v):
        return "(-9223372036854775807LL - 1)" if v == -(1 << 63) else f"{v}LL"

    bit = 0
    for e in entries:
        r, k = e.get("record"), e["kind"]
        if k == "record":
            out.append(f'MPABI_CHECK(sizeof({r}) == {e["size"]}, "record {r}: size {e["size"]}");')
            out.append(f'MPABI_CHECK(__alignof__({r}) == {e["align"]}, "record {r}: alignment {e["align"]}");')
        elif k == "field":
            n = e["name"]
            out.append(f'MPABI_CHECK(offsetof({r}, {n}) == {e["offset"]}, "field {r}.{n}: offset {e["offset"]}");')
            if e["size"]:
                out.append(f'MPABI_CHECK(sizeof((({r} *)0)->{n}) == {e["size"]}, "field {r}.{n}: size {e["size"]}");')
        elif k == "bitfield":
            n = e["name"]
            out.append(f'/* bit-field {r}.{n}: bits {e["bitOffset"]}+{e["bitWidth"]} */')
            out.append(f'union {{ {r} r; unsigned char b[sizeof({r})]; }} mpabi_bf_{bit} = {{ .r.{n} = -1 }};')
            bit += 1
        else:
            n, v = e["name"], e["value"]
            if (1 << 31) <= v < (1 << 32):
                # MSVC gives every enumerator type int, so an enumerator such as 0xffffffff reads
                # back as the same 32 bits, negative: accept that form as well.
                out.append(f'MPABI_CHECK((long long)({n}) == {lit(v)} || (long long)({n}) == {lit(v - (1 << 32))}, '
                           f'"constant {n} = {v}");')
            else:
                out.append(f'MPABI_CHECK((long long)({n}) == {lit(v)}, "constant {n} = {v}");')
    return "\n".join(out) + "\n"


def windows_check_files(entries):
    return {os.path.join(WINDOWS_CHECK_DIR, f"windows-x64-{family}.c"):
            windows_check_c(family, [e for e in entries if e["family"] == family])
            for family in ("scsiport", "storport")}


# ---- the probes of the project's headers --------------------------------------------------
def layout_c(family, entries):
    if family == "scsiport":
        includes = "#include \"miniport.h\"\n#include \"srb.h\"\n#include \"scsi.h\"\n"
    else:
        includes = "#include \"storport.h\"\n"
    includes += "".join(f"#include \"{h}\"\n" for h in PROTO_HEADERS
                        if os.path.exists(os.path.join(ROOT, "CMiniportABI", "include", h)))
    includes += "#include \"ntddk.h\"\n"
    out = [f"/* Generated by Scripts/abi/generate_golden.py - do not edit. */",
           f"/* Layout of the project's {family} headers, for every entry of the golden table. */",
           includes + "#include \"mpabi_layout.h\"", ""]
    fills = []
    rows = []
    for i, e in enumerate(entries):
        r, k = e.get("record"), e["kind"]
        if k == "record":
            rows.append(f'    {{"{r}", NULL, MPABI_LAYOUT_RECORD, sizeof({r}), __alignof__({r}), 0, NULL}},')
        elif k == "field":
            size = f"sizeof(((({r} *)0)->{e['name']}))" if e["size"] else "0"
            rows.append(f'    {{"{r}", "{e["name"]}", MPABI_LAYOUT_FIELD, offsetof({r}, {e["name"]}), {size}, 0, NULL}},')
        elif k == "bitfield":
            fn = f"mpabi_fill_{family}_{i}"
            # 0 - 1 wraps to all ones in any bit-field, signed or not, without a conversion warning
            fills.append(f"static void {fn}(unsigned char *image) {{ {r} *record = ({r} *)image; "
                         f"record->{e['name']} = 0; record->{e['name']}--; }}")
            rows.append(f'    {{"{r}", "{e["name"]}", MPABI_LAYOUT_BITFIELD, 0, sizeof({r}), 0, {fn}}},')
        else:
            rows.append(f'    {{NULL, "{e["name"]}", MPABI_LAYOUT_CONSTANT, (long long)({e["name"]}), 0, 0, NULL}},')
    out += fills
    out.append("")
    out.append(f"const MPABI_LAYOUT_ENTRY MpAbiLayout_{family}[] = {{")
    out += rows
    out.append("};")
    out.append(f"const unsigned long MpAbiLayout_{family}_Count = sizeof(MpAbiLayout_{family}) / sizeof(MpAbiLayout_{family}[0]);")
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if the committed outputs are stale")
    args = parser.parse_args()
    if not shutil.which(MINGW_GCC) or not os.path.isdir(DDK):
        sys.exit("needs x86_64-w64-mingw32-gcc and the mingw-w64 DDK headers "
                 "(apt-get install gcc-mingw-w64-x86-64 mingw-w64-x86-64-dev)")
    clang = find_clang()
    entries = scsiport_golden(clang) + storport_golden(clang) + srbx_golden(clang)
    entries += proto_golden(clang)
    entries += kernel_golden(clang)
    golden = {
        "abi": "windows-x64",
        "generator": "Scripts/abi/generate_golden.py",
        "oracle": run([MINGW_GCC, "--version"]).stdout.splitlines()[0],
        "overrides": dict(
            [(k, {"value": v, "reason": r}) for k, (v, r) in WDK_OVERRIDES.items()]
            + [(k, {"reason": r}) for k, (r, _) in WDK_RECORDS.items()]
            + [(k, {"align": 1, "reason": "the WDK's scsi.h packs this record to 1 byte; mingw's copy does not"})
               for k in WDK_PACKED_RECORDS]
            + [(k, {"reason": r}) for k, r in PROTO_WDK_DIFFERS.items()]
            + [(k, {"reason": r}) for k, r in KERNEL_OBJECT_WDK_DIFFERS.items()]
            + [(k, {"value": v, "reason": r}) for k, (v, r) in PROTO_CONSTANT_OVERRIDES.items()]),
        "entries": entries,
    }
    outputs = {GOLDEN_PATH: json.dumps(golden, indent=1) + "\n"}
    for family in ("scsiport", "storport"):
        outputs[os.path.join(LAYOUT_DIR, f"layout_{family}.c")] = layout_c(
            family, [e for e in entries if e["family"] == family])
    outputs.update(windows_check_files(entries))
    if args.check:
        stale = [p for p, text in outputs.items() if not os.path.exists(p) or open(p).read() != text]
        if stale:
            sys.exit("stale generated files: " + ", ".join(os.path.relpath(p, ROOT) for p in stale))
        print("golden table and layout probes are up to date")
        return
    for path, text in outputs.items():
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    counts = {}
    for e in entries:
        counts[(e["family"], e["kind"])] = counts.get((e["family"], e["kind"]), 0) + 1
    for (family, kind), n in sorted(counts.items()):
        print(f"{family:9} {kind:9} {n}")


if __name__ == "__main__":
    main()
