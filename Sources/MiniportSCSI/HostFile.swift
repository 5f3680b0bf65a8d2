#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Words for what the host says about a file: its kind and the reason a call failed.
///
/// Paths handed to the tools (disk images, miniport images) are untrusted input: anything
/// other than what the caller expects is refused with the path and one of these words, never
/// with a bare `errno` number.
public enum HostFile {
    /// The kind of file `mode` (a `stat` `st_mode`) describes, as a noun phrase: "a directory",
    /// "a FIFO (named pipe)", ...
    public static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: return "a regular file"
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFSOCK: return "a socket"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFLNK: return "a symbolic link"
        default: return "a file of unknown kind"
        }
    }

    /// `strerror(code)`: "No such file or directory" for ENOENT.
    public static func reason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
