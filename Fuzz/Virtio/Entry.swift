import FuzzSupport

/// libFuzzer's driver in a fuzz build (Scripts/fuzz.sh), a replay of the files given as
/// arguments in a normal one.
@main
struct Entry {
    static func main() { FuzzEntry.main(fuzzOne) }
}
