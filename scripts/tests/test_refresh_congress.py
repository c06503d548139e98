"""scripts/refresh-congress on a small upstream: what it writes, and that it
writes nothing when the members and the ZIP-code table disagree."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

SCRIPT = Path(__file__).resolve().parents[1] / "refresh_congress.py"


def member(kind, bioguide, state, **term):
    term = {"type": kind, "state": state, "start": "2025-01-03", "end": "2027-01-03", "party": "Independent", **term}
    return {"id": {"bioguide": bioguide}, "name": {"first": "A", "last": bioguide, "official_full": f"A {bioguide}"},
            "terms": [term]}


def upstream(tmp_path, members, table_rows):
    (tmp_path / "senators.json").write_text(json.dumps({"meta": {"commit_date": "2026-01-01"}, "senators": []}))
    legislators = tmp_path / "legislators-current.yaml"
    legislators.write_text(yaml.safe_dump(members))
    table = tmp_path / "zccd.csv"
    table.write_text("state_fips,state_abbr,zcta,cd\n" + "".join(f"{row}\n" for row in table_rows))
    return [sys.executable, str(SCRIPT), str(legislators), str(table), "--congress", "120",
            "--date", "2027-01-03", "--zcta-date", "2026-12-01", "--out", str(tmp_path)]


def test_members_table_and_vacancies_are_written_with_their_snapshots(tmp_path):
    command = upstream(tmp_path, [
        member("sen", "S000001", "TX", state_rank="senior", **{"class": 2}, phone="202-224-0001",
               contact_form="https://example.senate.gov/contact"),
        member("rep", "R000001", "TX", district=1, phone="202-225-0001"),
        member("rep", "R000002", "AK", district=0),
        member("rep", "R000003", "DC", district=0),
    ], ["48,TX,75001,1", "48,TX,75002,2", "48,TX,75002,1", "02,AK,99501,0", "11,DC,20001,0"])
    subprocess.run(command, check=True, capture_output=True)

    house = json.loads((tmp_path / "representatives.json").read_text())
    assert house["meta"]["snapshot"] == "2027-01-03"
    assert house["meta"]["congress"] == 120
    assert house["meta"]["vacant_seats_at_snapshot"] == ["AS-00", "GU-00", "MP-00", "TX-02", "VI-00"]
    by_id = {r["bioguide"]: r for r in house["representatives"]}
    assert by_id["R000003"]["voting"] is False and by_id["R000001"]["voting"] is True
    senate = json.loads((tmp_path / "senators.json").read_text())
    assert senate["meta"]["commit_date"] == "2027-01-03"
    assert senate["senators"][0]["contact_form_source"] == "congress-legislators"
    table = json.loads((tmp_path / "zcta-districts.json").read_text())
    assert (table["commit_date"], table["rows"], table["zctas"]) == ("2026-12-01", 5, 4)
    assert (tmp_path / "zcta-districts.csv").read_text().splitlines()[1] == "02,AK,99501,0"


@pytest.mark.parametrize("case, members, says", [
    ("a seat the table lacks", [member("rep", "R000001", "TX", district=9)], "seats the ZIP-code table lacks (TX-09)"),
    ("a seat held twice", [member("rep", "R000001", "TX", district=1), member("rep", "R000002", "TX", district=1)],
     "seats held twice: TX-01"),
    ("a Senator without a phone", [member("sen", "S000001", "TX", contact_form="https://example.senate.gov")],
     "no contact form or phone for S000001"),
])
def test_disagreeing_data_is_refused_and_nothing_is_written(tmp_path, case, members, says):
    command = upstream(tmp_path, members, ["48,TX,75001,1"])
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode != 0, case
    assert says in result.stderr, (case, result.stderr)
    assert not (tmp_path / "representatives.json").exists(), case
