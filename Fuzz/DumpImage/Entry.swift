import Foundation
import FuzzSupport

/// libFuzzer's driver in a fuzz build (Scripts/fuzz.sh), a replay of the files given as
/// arguments in a normal one; `--make-seeds DIR` writes the seed corpus of valid images.
@main
struct Entry {
    static func main() {
        let arguments = CommandLine.arguments
        if arguments.count == 3, arguments[1] == "--make-seeds" {
            for (index, seed) in seedInputs().enumerated() {
                _ = FileManager.default.createFile(atPath: "\(arguments[2])/valid-\(index)", contents: Data(seed))
            }
            return
        }
        FuzzEntry.main(fuzzOne)
    }
}
