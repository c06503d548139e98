"""Writes the chambers' lists of active offices into active-offices.json.

Called by scripts/refresh-offices; see there for usage.
"""
import argparse
import datetime
import json
import re
import sys

# Places with a House delegate but no Senators.
NO_SENATORS = {"DC", "PR", "GU", "VI", "AS", "MP"}
PATTERN = {"senate": re.compile(r"^S[A-Z]{2}0[1-3]$"), "house": re.compile(r"^H[A-Z]{2}[0-9]{2}$")}


def codes(path, chamber):
    """The office codes of a downloaded list, checked for the chamber."""
    with open(path, encoding="utf-8") as file:
        listed = json.load(file)
    if isinstance(listed, dict):
        found = [value for value in listed.values() if isinstance(value, list)]
        if len(found) != 1:
            sys.exit(f"{path}: expected one list of offices in the object")
        listed = found[0]
    result = set()
    for entry in listed:
        code = entry if isinstance(entry, str) else (entry.get("office_code") or entry.get("code"))
        well_formed = isinstance(code, str) and PATTERN[chamber].match(code.strip().upper())
        if not well_formed or (chamber == "senate" and code.strip().upper()[1:3] in NO_SENATORS):
            sys.exit(f"{path}: {entry!r} is not a {chamber} office code")
        result.add(code.strip().upper())
    if not result:
        sys.exit(f"{path}: the list is empty")
    return sorted(result)


def main():
    parser = argparse.ArgumentParser(prog="scripts/refresh-offices")
    parser.add_argument("target")
    parser.add_argument("--senate")
    parser.add_argument("--house")
    parser.add_argument("--date", default=datetime.date.today().isoformat())
    args = parser.parse_args()
    if not (args.senate or args.house):
        parser.error("give --senate, --house or both")
    with open(args.target, encoding="utf-8") as file:
        current = json.load(file)
    for chamber in ("senate", "house"):
        path = getattr(args, chamber)
        if path:
            current[chamber] = codes(path, chamber)
            current["meta"][f"{chamber}_source"] = f"the {chamber.capitalize()}'s list of active offices, loaded {args.date}"
    current["meta"]["retrieved"] = args.date
    with open(args.target, "w", encoding="utf-8") as file:
        file.write(json.dumps(current, indent=1) + "\n")
    print(f"{len(current['senate'])} Senate and {len(current['house'])} House offices written to {args.target}")


main()
