"""Rebuilds the project's member data and ZIP-to-district table from upstream.

Called by scripts/refresh-congress; see there for usage. Writes, in the data
directory:

- senators.json, from congress-legislators' legislators-current.yaml;
- representatives.json, from the same file, with the House seats nobody
  holds listed as vacant;
- zcta-districts.csv and zcta-districts.json (its snapshot), from
  us-zipcodes-congress' zccd.csv.

Nothing is written unless all three agree: every member's district is in
the table (or is a territory's, which the table lacks) and every Senator has
a phone and a contact form.
"""
import argparse
import csv
import io
import json
import sys
from datetime import date
from pathlib import Path

import yaml

# Delegates' jurisdictions: one non-voting House seat each, no Senators.
DELEGATES = {"AS", "DC", "GU", "MP", "PR", "VI"}
# Territories the ZIP-code table does not cover; each has one at-large seat.
NOT_IN_TABLE = {"AS", "GU", "MP", "VI"}
ZCTA_HEADER = ["state_fips", "state_abbr", "zcta", "cd"]


def name_of(entry):
    name = entry["name"]
    return name.get("official_full") or f'{name["first"]} {name["last"]}'


def senator(entry, previous):
    term = entry["terms"][-1]
    bioguide = entry["id"]["bioguide"]
    kept = previous.get(bioguide, {})
    contact_form = term.get("contact_form")
    source = "congress-legislators"
    if not contact_form and kept.get("contact_form"):
        contact_form, source = kept["contact_form"], kept["contact_form_source"]
    return {
        "bioguide": bioguide,
        "lis": entry["id"].get("lis"),
        "state": term["state"],
        "state_rank": term.get("state_rank"),
        "class": term.get("class"),
        "name": name_of(entry),
        "first": entry["name"]["first"],
        "last": entry["name"]["last"],
        "party": term.get("party"),
        "caucus": term.get("caucus"),
        "term_start": str(term["start"]),
        "term_end": str(term["end"]),
        "how": term.get("how"),
        "url": term.get("url"),
        "contact_form": contact_form,
        "phone": term.get("phone"),
        "office": term.get("office"),
        "address": term.get("address"),
        "contact_congress_yaml": kept.get("contact_congress_yaml", False),
        "contact_form_source": source,
    }


def representative(entry):
    term = entry["terms"][-1]
    return {
        "bioguide": entry["id"]["bioguide"],
        "state": term["state"],
        "district": int(term.get("district") or 0),
        "voting": term["state"] not in DELEGATES,
        "name": name_of(entry),
        "first": entry["name"]["first"],
        "last": entry["name"]["last"],
        "party": term.get("party"),
        "caucus": term.get("caucus"),
        "term_start": str(term["start"]),
        "term_end": str(term["end"]),
        "url": term.get("url"),
        "phone": term.get("phone"),
        "office": term.get("office"),
        "address": term.get("address"),
    }


def read_table(text):
    """The table's rows, checked, deduplicated and sorted."""
    reader = csv.reader(io.StringIO(text))
    if next(reader, None) != ZCTA_HEADER:
        sys.exit(f"the ZIP-code table must start with the header {','.join(ZCTA_HEADER)}")
    rows = set()
    for number, row in enumerate(reader, start=2):
        if not row:
            continue
        fips, state, zcta, cd = row
        if not (len(zcta) == 5 and zcta.isdigit() and cd.isdigit() and len(state) == 2):
            sys.exit(f"line {number} of the ZIP-code table is not a state, a ZCTA and a district")
        rows.add((fips, state, zcta, str(int(cd))))
    return sorted(rows)


def seat(state, district):
    return f"{state}-{district:02d}"


def refresh(args):
    out = Path(args.out)
    with open(out / "senators.json") as current:
        existing = json.load(current)
    with open(args.legislators) as upstream:
        legislators = yaml.safe_load(upstream)
    with open(args.zcta) as upstream:
        table = read_table(upstream.read())

    previous = {s["bioguide"]: s for s in existing["senators"]}
    current = [e for e in legislators if e["terms"][-1]["type"] in ("sen", "rep")]
    senators = [senator(e, previous) for e in current if e["terms"][-1]["type"] == "sen"]
    senators.sort(key=lambda s: (s["state"], s["state_rank"] != "junior"))
    missing = [s["bioguide"] for s in senators if not s["contact_form"] or not s["phone"]]
    if missing:
        sys.exit(f"no contact form or phone for {', '.join(missing)}: add them before refreshing")

    house = [representative(e) for e in current if e["terms"][-1]["type"] == "rep"]
    house.sort(key=lambda r: (r["state"], r["district"]))
    seats = {seat(state, int(cd)) for _, state, _, cd in table} | {seat(s, 0) for s in NOT_IN_TABLE}
    held = [seat(r["state"], r["district"]) for r in house]
    outside = sorted(set(held) - seats)
    if outside:
        sys.exit(f"members hold seats the ZIP-code table lacks ({', '.join(outside)}): "
                 "is the table for the same Congress as the members?")
    twice = sorted({s for s in held if held.count(s) > 1})
    if twice:
        sys.exit(f"seats held twice: {', '.join(twice)}")
    vacant = sorted(seats - set(held))

    senate_meta = dict(existing["meta"], commit=args.commit, commit_date=args.date, count=len(senators))
    house_meta = {
        "source": "unitedstates/congress-legislators legislators-current.yaml (CC0-1.0)",
        "snapshot": args.date,
        "commit": args.commit,
        "congress": args.congress,
        "count": len(house),
        "vacant_seats_at_snapshot": vacant,
        "note": "district 0 = at-large; voting=false for the six delegates (AS, DC, GU, MP, PR, VI). "
                "House offices have no web contact form in the source: they take advocacy mail through CWC.",
    }
    table_meta = {
        "source": "github.com/OpenSourceActivismTech/us-zipcodes-congress zccd.csv",
        "commit": args.zcta_commit,
        "commit_date": args.zcta_date,
        "license": "U.S. Government works (no copyright)",
        "congress": args.congress,
        "rows": len(table),
        "zctas": len({zcta for _, _, zcta, _ in table}),
        "note": "Each ZIP Code Tabulation Area's congressional district(s), built upstream from the "
                "Census block equivalency files for the Congress's districts and the ZCTA relationship "
                "files; cd 0 is at large (and the delegate districts of DC and PR). A ZCTA is not always "
                "a USPS ZIP code: PO-box and single-company ZIP codes have none.",
    }
    write_json(out / "senators.json", {"meta": senate_meta, "senators": senators})
    write_json(out / "representatives.json", {"meta": house_meta, "representatives": house})
    write_json(out / "zcta-districts.json", table_meta)
    with open(out / "zcta-districts.csv", "w", newline="") as csv_out:
        writer = csv.writer(csv_out, lineterminator="\n")
        writer.writerow(ZCTA_HEADER)
        writer.writerows(table)
    print(f"wrote {len(senators)} Senators and {len(house)} House members "
          f"(vacant: {', '.join(vacant) or 'none'}), snapshot {args.date}")
    print(f"wrote {len(table)} ZIP-code rows, {table_meta['zctas']} ZCTAs, snapshot {args.zcta_date}")


def write_json(path, value):
    with open(path, "w") as out:
        json.dump(value, out, indent=1, ensure_ascii=False)
        out.write("\n")


def arguments(argv):
    parser = argparse.ArgumentParser(prog="scripts/refresh-congress", description=__doc__.splitlines()[0])
    parser.add_argument("legislators", help="congress-legislators' legislators-current.yaml")
    parser.add_argument("zcta", help="us-zipcodes-congress' zccd.csv (state_fips,state_abbr,zcta,cd)")
    parser.add_argument("--congress", type=int, required=True, help="the Congress both describe, e.g. 120")
    parser.add_argument("--commit", default="unknown", help="legislators-current.yaml's upstream commit")
    parser.add_argument("--date", default=date.today().isoformat(), help="its snapshot date (default today)")
    parser.add_argument("--zcta-commit", default="unknown", help="zccd.csv's upstream commit")
    parser.add_argument("--zcta-date", default=date.today().isoformat(), help="its snapshot date (default today)")
    parser.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "core" / "data"),
                        help="the data directory (default core/data)")
    return parser.parse_args(argv)


if __name__ == "__main__":
    refresh(arguments(sys.argv[1:]))
