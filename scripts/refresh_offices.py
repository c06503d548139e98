"""Writes the chambers' lists of active offices into active-offices.json.

Called by scripts/refresh-offices; see there for usage.
"""
import argparse
import datetime
import json
import re
import sys

STATES = set(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ "
    "NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY".split()
)
# Places with a House delegate but no Senators. The House writes American
# Samoa "AQ", not "AS" (HAQ00: docs/cwc-evidence.md, sources CCM-codes and MYD).
DELEGATES = {"DC", "PR", "GU", "VI", "AQ", "MP"}
PATTERN = {"senate": re.compile(r"^S([A-Z]{2})0[1-3]$"), "house": re.compile(r"^H([A-Z]{2})[0-9]{2}$")}
PLACES = {"senate": STATES, "house": STATES | DELEGATES}


def codes(path, chamber):
    """The office codes of a downloaded list, checked for the chamber.

    An entry that is not one of the chamber's codes is reported and left out
    rather than stopping the run: the chambers' lists have held such strays
    (EFF's copy of the House's list has "MP00", without its H)."""
    with open(path, encoding="utf-8") as file:
        listed = json.load(file)
    if isinstance(listed, dict):
        found = [value for value in listed.values() if isinstance(value, list)]
        if len(found) != 1:
            sys.exit(f"{path}: expected one list of offices in the object")
        listed = found[0]
    result = set()
    for entry in listed:
        code = entry if isinstance(entry, str) else entry.get("office_code") or entry.get("code")
        code = code.strip().upper() if isinstance(code, str) else ""
        matched = PATTERN[chamber].match(code)
        if matched and matched.group(1) in PLACES[chamber]:
            result.add(code)
        else:
            print(f"{path}: left out {entry!r}, not a {chamber} office code", file=sys.stderr)
    if not result:
        sys.exit(f"{path}: the list holds no {chamber} office code")
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
