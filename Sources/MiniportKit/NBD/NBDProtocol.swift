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

    public static let flagHasFlags: UInt16 = 1 << 0
    public static let flagReadOnly: UInt16 = 1 << 1
    public static let flagSendFlush: UInt16 = 1 << 2
    public static let flagSendFUA: UInt16 = 1 << 3
    public static let flagRotational: UInt16 = 1 << 4
    public static let flagSendTrim: UInt16 = 1 << 5
    public static let flagSendWriteZeroes: UInt16 = 1 << 6
    public static let flagSendDF: UInt16 = 1 << 7
    public static let flagCanMultiConn: UInt16 = 1 << 8
    public static let flagSendResize: UInt16 = 1 << 9
    public static let flagSendCache: UInt16 = 1 << 10
    public static let flagSendFastZero: UInt16 = 1 << 11

    // MARK: options

    public enum Option: UInt32, Sendable {
        case exportName = 1
        case abort = 2
        case list = 3
        case peekExport = 4
        case startTLS = 5
        case info = 6
        case go = 7
        case structuredReply = 8
        case listMetaContext = 9
        case setMetaContext = 10
        case extendedHeaders = 11
    }

    // MARK: option replies

    public static let replyAck: UInt32 = 1
    public static let replyServer: UInt32 = 2
    public static let replyInfo: UInt32 = 3
    public static let replyMetaContext: UInt32 = 4
    /// Error replies have bit 31 set.
    public static let replyErrorBit: UInt32 = 1 << 31
    public static let replyErrUnsup: UInt32 = replyErrorBit | 1
    public static let replyErrPolicy: UInt32 = replyErrorBit | 2
    public static let replyErrInvalid: UInt32 = replyErrorBit | 3
    public static let replyErrPlatform: UInt32 = replyErrorBit | 4
    public static let replyErrTLSReqd: UInt32 = replyErrorBit | 5
    public static let replyErrUnknown: UInt32 = replyErrorBit | 6
    public static let replyErrShutdown: UInt32 = replyErrorBit | 7
    public static let replyErrBlockSizeReqd: UInt32 = replyErrorBit | 8
    public static let replyErrTooBig: UInt32 = replyErrorBit | 9

    // MARK: NBD_OPT_INFO / NBD_OPT_GO information types

    public static let infoExport: UInt16 = 0
    public static let infoName: UInt16 = 1
    public static let infoDescription: UInt16 = 2
    public static let infoBlockSize: UInt16 = 3

    // MARK: commands

    public enum Command: UInt16, Sendable {
        case read = 0
        case write = 1
        case disc = 2
        case flush = 3
        case trim = 4
        case cache = 5
        case writeZeroes = 6
        case blockStatus = 7
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

    public enum Error: UInt32, Sendable, CustomStringConvertible {
        case ok = 0
        case perm = 1        // EPERM
        case io = 5          // EIO
        case nomem = 12      // ENOMEM
        case inval = 22      // EINVAL
        case nospc = 28      // ENOSPC
        case overflow = 75   // EOVERFLOW
        case notsup = 95     // ENOTSUP
        case shutdown = 108  // ESHUTDOWN

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
