"""Compile the CAMEO code table and the CAMEO.2.0 verb dictionary into brinkwatch/resources/coding/.

Sources (read from ../shared/data, never copied):
  cameo/CAMEO.goldsteinscale.tsv    Goldstein value per CAMEO code
  cameo/cameo_codes.json            CAMEO names and quad classes
  plover/CAMEO2PLOVER-2021.txt      PLOVER type, mode and context per CAMEO code
  dictionaries/CAMEO.2.0.txt        PETRARCH2 verbs and patterns

Outputs (formats in docs/coding.md):
  cameo.tsv   code, name, goldstein, quad_class, plover_type, plover_mode, plover_context
  verbs.json  the verb blocks as `brinkwatch.coding.verbs.VerbTable.to_json` writes them

Run: python scripts/build_coding_tables.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from brinkwatch.coding.petrarch_format import parse_verbs
from brinkwatch.coding.verbs import VerbTable

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "brinkwatch" / "resources" / "coding"

# CAMEO2PLOVER has no rows for the statement (01) and appeal (02) families: PLOVER folds appeals into
# REQUEST and drops bare statements. We follow the PLOVER manual for 02 and leave 01 without a type.
_FAMILY_FALLBACK = {"02": "REQUEST"}
# cameo_codes.json lists the bombing code 183 as "1883" (a typo in the source); file it under 183.
_TYPOS = {"1883": "183"}


def _plover(path: Path) -> dict[str, tuple[str, str, str]]:
    table: dict[str, tuple[str, str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        found = re.match(r"^(\d{2,4}):\s*([^#]*)", line)
        if not found or len(found.group(1)) == 2:
            continue
        parts = [part.strip() for part in found.group(2).split(",")]
        parts += [""] * (3 - len(parts))
        table.setdefault(found.group(1), (parts[0], parts[1].replace(" ", ""), parts[2].replace(" ", "")))
    return table


def build_cameo(shared: Path) -> list[list[str]]:
    goldstein: dict[str, str] = {}
    for line in (shared / "data/cameo/CAMEO.goldsteinscale.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].strip().isdigit():
            goldstein[parts[0].strip()] = parts[1].strip()
    codes = json.loads((shared / "data/cameo/cameo_codes.json").read_text(encoding="utf-8"))
    codes = {_TYPOS.get(code, code): info for code, info in codes.items()}
    plover = _plover(shared / "data/plover/CAMEO2PLOVER-2021.txt")
    rows = []
    for code in sorted(set(codes) | set(goldstein)):
        info = codes.get(code, {})
        match = next((plover[code[:n]] for n in (4, 3) if code[:n] in plover and len(code) >= n), None)
        if match is None and len(code) == 2:
            match = next((value for key, value in sorted(plover.items()) if key.startswith(code)), None)
            match = (match[0], "", "") if match else None
        plover_type, mode, context = match or (_FAMILY_FALLBACK.get(code[:2], ""), "", "")
        rows.append(
            [
                code,
                str(info.get("name", "")).replace("\t", " "),
                goldstein.get(code, ""),
                str(info.get("quad_class", "")),
                plover_type,
                mode,
                context,
            ]
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    rows = build_cameo(args.shared)
    header = "code\tname\tgoldstein\tquad_class\tplover_type\tplover_mode\tplover_context\n"
    (OUT / "cameo.tsv").write_text(header + "".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")
    text = (args.shared / "data/dictionaries/CAMEO.2.0.txt").read_text(encoding="utf-8", errors="replace")
    table = VerbTable.from_blocks(parse_verbs(text))
    (OUT / "verbs.json").write_text(json.dumps(table.to_json(), separators=(",", ":")), encoding="utf-8")
    print(f"cameo.tsv: {len(rows)} codes; verbs.json: {len(table.blocks)} blocks, {len(table.lemmas)} verbs")


if __name__ == "__main__":
    main()
