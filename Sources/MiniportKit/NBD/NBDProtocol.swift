/// The constants of the NBD protocol (the "fixed newstyle" negotiation and the transmission
/// phase with simple replies), named as the upstream protocol document names them
/// (`NetworkBlockDevice/nbd`, doc/proto.md). Every value on the wire is big-endian.
public enum NBD {
    // MARK: magic numbers

    /// `NBDMAGIC`: the first 8 bytes the server sends.
    public static let initMagic: UInt64 = 0x4E42_444D_4147_4943
    /// `IHAVEOPT`: newstyle negotiation; also the magic of every option the client sends.
    public static let optionMagic: UInt64 = 0x4948_4156_454F_5054
    /// The magic of every option reply.
    public static let optionReplyMagic: UInt64 = 0x0003_E889_0455_65A9
    /// `NBD_REQUEST_MAGIC`.
    public static let requestMagic: UInt32 = 0x2560_9513
    /// `NBD_SIMPLE_REPLY_MAGIC`.
    public static let simpleReplyMagic: UInt32 = 0x6744_6698

    // MARK: handshake flags (16 bits, server) and client flags (32 bits)

    /// `NBD_FLAG_FIXED_NEWSTYLE`.
    public static let flagFixedNewstyle: UInt16 = 1 << 0
    /// `NBD_FLAG_NO_ZEROES`: no 124 zero bytes after NBD_OPT_EXPORT_NAME's reply.
    public static let flagNoZeroes: UInt16 = 1 << 1
    /// `NBD_FLAG_C_FIXED_NEWSTYLE`.
    public static let clientFlagFixedNewstyle: UInt32 = 1 << 0
    /// `NBD_FLAG_C_NO_ZEROES`.
    public static let clientFlagNoZeroes: UInt32 = 1 << 1

    // MARK: transmission flags (16 bits)

    /// `NBD_FLAG_HAS_FLAGS`: always set; the other transmission flags are meaningful.
    public static let flagHasFlags: UInt16 = 1 << 0
    /// `NBD_FLAG_READ_ONLY`: the export refuses writes (EPERM).
    public static let flagReadOnly: UInt16 = 1 << 1
    /// `NBD_FLAG_SEND_FLUSH`: NBD_CMD_FLUSH is served.
    public static let flagSendFlush: UInt16 = 1 << 2
    /// `NBD_FLAG_SEND_FUA`: NBD_CMD_FLAG_FUA on writes is honoured.
    public static let flagSendFUA: UInt16 = 1 << 3
    /// `NBD_FLAG_ROTATIONAL`: a hint that the medium seeks.
    public static let flagRotational: UInt16 = 1 << 4
    /// `NBD_FLAG_SEND_TRIM`: NBD_CMD_TRIM is accepted.
    public static let flagSendTrim: UInt16 = 1 << 5
    /// `NBD_FLAG_SEND_WRITE_ZEROES`: NBD_CMD_WRITE_ZEROES is served.
    public static let flagSendWriteZeroes: UInt16 = 1 << 6
    /// `NBD_FLAG_SEND_DF`: "do not fragment" on structured reads (not offered here).
    public static let flagSendDF: UInt16 = 1 << 7
    /// `NBD_FLAG_CAN_MULTI_CONN`: several connections see one consistent export (not offered here).
    public static let flagCanMultiConn: UInt16 = 1 << 8
    /// `NBD_FLAG_SEND_RESIZE` (not offered here).
    public static let flagSendResize: UInt16 = 1 << 9
    /// `NBD_FLAG_SEND_CACHE` (not offered here).
    public static let flagSendCache: UInt16 = 1 << 10
    /// `NBD_FLAG_SEND_FAST_ZERO` (not offered here).
    public static let flagSendFastZero: UInt16 = 1 << 11

    // MARK: options

    /// The options a client sends during negotiation (`NBD_OPT_*`).
    public enum Option: UInt32, Sendable {
        /// `NBD_OPT_EXPORT_NAME`: choose an export and go straight to transmission (old style, no error reply).
        case exportName = 1
        /// `NBD_OPT_ABORT`: end the negotiation.
        case abort = 2
        /// `NBD_OPT_LIST`: the exports the server offers.
        case list = 3
        /// `NBD_OPT_PEEK_EXPORT` (withdrawn; answered NBD_REP_ERR_UNSUP).
        case peekExport = 4
        /// `NBD_OPT_STARTTLS` (answered NBD_REP_ERR_UNSUP).
        case startTLS = 5
        /// `NBD_OPT_INFO`: describe an export without selecting it.
        case info = 6
        /// `NBD_OPT_GO`: describe an export and start transmission.
        case go = 7
        /// `NBD_OPT_STRUCTURED_REPLY` (answered NBD_REP_ERR_UNSUP: simple replies only).
        case structuredReply = 8
        /// `NBD_OPT_LIST_META_CONTEXT` (answered NBD_REP_ERR_UNSUP).
        case listMetaContext = 9
        /// `NBD_OPT_SET_META_CONTEXT` (answered NBD_REP_ERR_UNSUP).
        case setMetaContext = 10
        /// `NBD_OPT_EXTENDED_HEADERS` (answered NBD_REP_ERR_UNSUP).
        case extendedHeaders = 11
    }

    // MARK: option replies

    /// `NBD_REP_ACK`: the option is done.
    public static let replyAck: UInt32 = 1
    /// `NBD_REP_SERVER`: one export of an NBD_OPT_LIST answer.
    public static let replyServer: UInt32 = 2
    /// `NBD_REP_INFO`: one information block of an NBD_OPT_INFO/GO answer.
    public static let replyInfo: UInt32 = 3
    /// `NBD_REP_META_CONTEXT` (not used here).
    public static let replyMetaContext: UInt32 = 4
    /// Error replies have bit 31 set.
    public static let replyErrorBit: UInt32 = 1 << 31
    /// `NBD_REP_ERR_UNSUP`: the option is unknown to the server.
    public static let replyErrUnsup: UInt32 = replyErrorBit | 1
    /// `NBD_REP_ERR_POLICY`: refused by the server's policy.
    public static let replyErrPolicy: UInt32 = replyErrorBit | 2
    /// `NBD_REP_ERR_INVALID`: the option's data is malformed.
    public static let replyErrInvalid: UInt32 = replyErrorBit | 3
    /// `NBD_REP_ERR_PLATFORM`: not available on this platform.
    public static let replyErrPlatform: UInt32 = replyErrorBit | 4
    /// `NBD_REP_ERR_TLS_REQD`: TLS first.
    public static let replyErrTLSReqd: UInt32 = replyErrorBit | 5
    /// `NBD_REP_ERR_UNKNOWN`: no export of that name.
    public static let replyErrUnknown: UInt32 = replyErrorBit | 6
    /// `NBD_REP_ERR_SHUTDOWN`: the server is going down.
    public static let replyErrShutdown: UInt32 = replyErrorBit | 7
    /// `NBD_REP_ERR_BLOCK_SIZE_REQD`: the client must accept block size constraints.
    public static let replyErrBlockSizeReqd: UInt32 = replyErrorBit | 8
    /// `NBD_REP_ERR_TOO_BIG`: the option's data is longer than the server reads.
    public static let replyErrTooBig: UInt32 = replyErrorBit | 9

    // MARK: NBD_OPT_INFO / NBD_OPT_GO information types

    /// `NBD_INFO_EXPORT`: size and transmission flags.
    public static let infoExport: UInt16 = 0
    /// `NBD_INFO_NAME`: the export's name.
    public static let infoName: UInt16 = 1
    /// `NBD_INFO_DESCRIPTION`: the export's description.
    public static let infoDescription: UInt16 = 2
    /// `NBD_INFO_BLOCK_SIZE`: minimum, preferred and maximum request sizes.
    public static let infoBlockSize: UInt16 = 3

    // MARK: commands

    /// The request types of the transmission phase (`NBD_CMD_*`).
    public enum Command: UInt16, Sendable {
        /// `NBD_CMD_READ`.
        case read = 0
        /// `NBD_CMD_WRITE` (with NBD_CMD_FLAG_FUA: flushed before the reply).
        case write = 1
        /// `NBD_CMD_DISC`: the client disconnects; no reply.
        case disc = 2
        /// `NBD_CMD_FLUSH`: SYNCHRONIZE CACHE through the disk class.
        case flush = 3
        /// `NBD_CMD_TRIM`: accepted; the data may stay.
        case trim = 4
        /// `NBD_CMD_CACHE` (not offered: EINVAL).
        case cache = 5
        /// `NBD_CMD_WRITE_ZEROES`.
        case writeZeroes = 6
        /// `NBD_CMD_BLOCK_STATUS` (not offered: EINVAL).
        case blockStatus = 7
        /// `NBD_CMD_RESIZE` (not offered: EINVAL).
        case resize = 8
    }

    /// `NBD_CMD_FLAG_FUA`.
    public static let commandFlagFUA: UInt16 = 1 << 0
    /// `NBD_CMD_FLAG_NO_HOLE`.
    public static let commandFlagNoHole: UInt16 = 1 << 1
    /// `NBD_CMD_FLAG_DF`.
    public static let commandFlagDF: UInt16 = 1 << 2
    /// `NBD_CMD_FLAG_FAST_ZERO`.
    public static let commandFlagFastZero: UInt16 = 1 << 4

    // MARK: errors in replies (errno values, as the protocol fixes them)

    /// The error values of replies (errno numbers, as the protocol fixes them).
    public enum Error: UInt32, Sendable, CustomStringConvertible {
        /// Success.
        case ok = 0
        /// `EPERM`: a write to a read-only export.
        case perm = 1
        /// `EIO`: the device failed the request.
        case io = 5
        /// `ENOMEM`.
        case nomem = 12
        /// `EINVAL`: a malformed or unsupported request.
        case inval = 22
        /// `ENOSPC`: a write past the end of the export.
        case nospc = 28
        /// `EOVERFLOW`.
        case overflow = 75
        /// `ENOTSUP`.
        case notsup = 95
        /// `ESHUTDOWN`: the server is going down.
        case shutdown = 108

        /// The errno name (`EIO`).
        public var description: String {
            switch self {
            case .ok: return "OK"
            case .perm: return "EPERM"
            case .io: return "EIO"
            case .nomem: return "ENOMEM"
            case .inval: return "EINVAL"
            case .nospc: return "ENOSPC"
            case .overflow: return "EOVERFLOW"
            case .notsup: return "ENOTSUP"
            case .shutdown: return "ESHUTDOWN"
            }
        }
    }

    /// Size of a request header (magic, flags, type, cookie, offset, length).
    public static let requestSize = 28
    /// Size of a simple reply header (magic, error, cookie).
    public static let simpleReplySize = 16
    /// Size of an option header: magic, option, length.
    public static let optionHeaderSize = 16
    /// The longest string (export name, description) the protocol allows.
    public static let maximumStringLength = 4096
}

/// Big-endian helpers over raw bytes.
extension UnsafeRawBufferPointer {
    @inline(__always) func bigEndianUInt16(at offset: Int) -> UInt16 {
        UInt16(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }
    @inline(__always) func bigEndianUInt32(at offset: Int) -> UInt32 {
        UInt32(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
    @inline(__always) func bigEndianUInt64(at offset: Int) -> UInt64 {
        UInt64(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}

extension Array where Element == UInt8 {
    mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }
}
