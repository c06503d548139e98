"""Converts legislators-current.yaml into the project's senators.json.

Called by scripts/refresh-senators; see there for usage.
"""
import json
import sys

import yaml


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
        "name": entry["name"].get("official_full") or f'{entry["name"]["first"]} {entry["name"]["last"]}',
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


def main(yaml_path, json_path, commit, date):
    with open(json_path) as current:
        existing = json.load(current)
    previous = {s["bioguide"]: s for s in existing["senators"]}
    with open(yaml_path) as upstream:
        legislators = yaml.safe_load(upstream)
    senators = [senator(e, previous) for e in legislators if e["terms"][-1]["type"] == "sen"]
    senators.sort(key=lambda s: (s["state"], s["state_rank"] != "junior"))
    missing = [s["bioguide"] for s in senators if not s["contact_form"] or not s["phone"]]
    if missing:
        sys.exit(f"no contact form or phone for {', '.join(missing)}: add them before refreshing")
    meta = dict(existing["meta"], commit=commit, commit_date=date, count=len(senators))
    with open(json_path, "w") as out:
        json.dump({"meta": meta, "senators": senators}, out, indent=1, ensure_ascii=False)
        out.write("\n")
    print(f"wrote {len(senators)} Senators to {json_path} (snapshot {date})")


if __name__ == "__main__":
    main(*sys.argv[1:5])
