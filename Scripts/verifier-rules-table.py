#!/usr/bin/env python3
"""Writes the verifier rule table of the DocC catalog from the VerifierRule enum.

    python3 Scripts/verifier-rules-table.py          # rewrite the table in VerifierRules.md
    python3 Scripts/verifier-rules-table.py --check  # fail if the table is stale (Scripts/docs.sh)

The table sits between the BEGIN/END markers of
Sources/MiniportKit/MiniportKit.docc/VerifierRules.md: one row per case of VerifierRule
(Sources/MiniportKit/Verifier/Violation.swift), in declaration order, with the rule id, the
Driver Verifier 0xF1 code for SCSI Port and StorPort miniports (from `code` and `code(for:)`)
and the first sentence of the case's doc comment.
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENUM = ROOT / "Sources/MiniportKit/Verifier/Violation.swift"
ARTICLE = ROOT / "Sources/MiniportKit/MiniportKit.docc/VerifierRules.md"
BEGIN = "<!-- BEGIN verifier-rules (Scripts/verifier-rules-table.py) -->"
END = "<!-- END verifier-rules -->"


def parse(text):
    body, _, extension = text.partition("extension VerifierRule")
    cases, comment = [], []
    for line in body.splitlines():
        stripped = line.strip()
        if stripped.startswith("///"):
            comment.append(stripped[3:].strip())
            continue
        match = re.match(r'case (\w+) = "([^"]+)"', stripped)
        if match:
            cases.append((match.group(1), match.group(2), " ".join(comment)))
        if stripped.startswith("public var code"):
            break
        comment = []
    scsi = dict(re.findall(r'case \.(\w+): return "(0x[0-9A-Fa-f]+)"', body))
    stor = dict(re.findall(r'case \.(\w+): return "(0x[0-9A-Fa-f]+)"', extension))
    return cases, scsi, stor


def meaning(comment):
    # The first sentence; symbol links and line breaks kept as DocC writes them.
    text = re.sub(r"\s+", " ", comment).strip()
    match = re.match(r"(.+?\.)(\s+[A-Z`(]|$)", text)
    sentence = match.group(1) if match else text
    return sentence.replace("|", "\\|").replace("*", "\\*")


def table(text):
    cases, scsi, stor = parse(text)
    rows = ["| Rule | Case | SCSI Port code | StorPort code | Meaning |", "| --- | --- | --- | --- | --- |"]
    for name, rule, comment in cases:
        scsi_code = scsi.get(name)
        stor_code = stor.get(name, scsi_code)
        rows.append("| `{}` | ``VerifierRule/{}`` | {} | {} | {} |".format(
            rule, name, scsi_code or "–", stor_code or "–", meaning(comment)))
    return len(cases), "\n".join(rows)


def main():
    count, rows = table(ENUM.read_text())
    article = ARTICLE.read_text()
    start, end = article.index(BEGIN) + len(BEGIN), article.index(END)
    updated = article[:start] + "\n" + rows + "\n" + article[end:]
    if "--check" in sys.argv:
        if updated != article:
            sys.exit("verifier-rules-table: the rule table in {} is stale; run {}".format(
                ARTICLE.relative_to(ROOT), Path(__file__).relative_to(ROOT)))
        print("verifier rule table: {} rules, up to date".format(count))
    else:
        ARTICLE.write_text(updated)
        print("verifier rule table: {} rules written".format(count))


if __name__ == "__main__":
    main()
