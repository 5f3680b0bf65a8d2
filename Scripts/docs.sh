#!/usr/bin/env bash
# Builds the DocC documentation of MiniportKit (Sources/MiniportKit/MiniportKit.docc and the
# symbols' doc comments) with swift-docc-plugin, then that of each module MiniportKit
# re-exports (MiniportPlatform, MiniportSCSI, MiniportHBA, MiniportVirtio, MiniportBusLogic),
# failing on any warning, and prints each documentation coverage summary.
#
#     Scripts/docs.sh            # archives: .build/docs/<target>.doccarchive
#
# The verifier rule table in VerifierRules.md must match the VerifierRule enum
# (Scripts/verifier-rules-table.py rewrites it).
set -euo pipefail
cd "$(dirname "$0")/.."

python3 Scripts/verifier-rules-table.py --check

# --disable-sandbox: the plugin writes the archive under .build. Synthesized symbols (the
# Equatable/Hashable defaults) are left out: they have no doc comment of ours to write. The
# members the compiler writes for a conformance (init(from:), init(rawValue:)) show the
# protocol's documentation (--enable-inherited-docs).
# MiniportKit, then the modules it re-exports (@_exported import). DocC resolves symbol links
# only inside the module being built: a comment names another module's symbol as plain code
# (`DeviceIO`), not as a link.
for target in MiniportKit MiniportPlatform MiniportSCSI MiniportHBA MiniportVirtio MiniportBusLogic; do
    output=.build/docs/$target.doccarchive
    mkdir -p "$(dirname "$output")"
    swift package --disable-sandbox generate-documentation \
        --target "$target" \
        --output-path "$output" \
        --warnings-as-errors \
        --experimental-skip-synthesized-symbols \
        --enable-inherited-docs \
        --experimental-documentation-coverage \
        --coverage-summary-level brief
    echo "documentation archive: $PWD/$output"
    echo "coverage details: $PWD/$output/documentation-coverage.json"
done
