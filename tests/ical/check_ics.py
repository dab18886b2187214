#!/usr/bin/env python3
"""Checks an iCalendar file skillpath wrote against the plan it came from,
with a real parser (Debian's python3-icalendar), for the server tests
(api/tests/plan_calendar_test.cc, issue #14 item 4).

usage: check_ics.py CALENDAR.ics EXPECTED.json

EXPECTED.json: {"publish": bool, "name": str, "events": [{"uid", "summary",
"location", "all_day", "start", "end"}]} with start/end as
"YYYY-MM-DDTHH:MM:SSZ" (timed, UTC) or "YYYY-MM-DD" (all day, end
exclusive). Exit status 0 when the file parses and its events are exactly
those; otherwise 1 and one line per difference.
"""
import datetime
import json
import sys

import icalendar


def value(prop):
    """A DTSTART/DTEND as the expected JSON writes it."""
    v = prop.dt
    if isinstance(v, datetime.datetime):
        if v.tzinfo is None or v.utcoffset() != datetime.timedelta(0):
            raise ValueError(f"{v!r} is not in UTC")
        return v.strftime("%Y-%m-%dT%H:%M:%SZ"), False
    return v.strftime("%Y-%m-%d"), True


def main(ics_path, expected_path):
    raw = open(ics_path, "rb").read()
    expected = json.load(open(expected_path, encoding="utf-8"))
    problems = []
    # The wire form RFC 5545 3.1 asks for, before the parser forgives anything.
    if not raw.endswith(b"\r\n") or b"\n" in raw.replace(b"\r\n", b""):
        problems.append("lines must end in CRLF")
    for n, line in enumerate(raw.split(b"\r\n"), 1):
        if len(line) > 75:
            problems.append(f"line {n} is {len(line)} octets (at most 75)")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {n} is not UTF-8 on its own (a character split by folding)")
    cal = icalendar.Calendar.from_ical(raw)
    if cal.name != "VCALENDAR":
        problems.append(f"top component is {cal.name}")
    for prop, want in (("VERSION", "2.0"), ("CALSCALE", "GREGORIAN")):
        if str(cal.get(prop)) != want:
            problems.append(f"{prop} is {cal.get(prop)!r}, want {want!r}")
    if not str(cal.get("PRODID", "")):
        problems.append("no PRODID")
    method = cal.get("METHOD")
    if expected["publish"] != (method is not None and str(method) == "PUBLISH"):
        problems.append(f"METHOD is {method!r}, publish should be {expected['publish']}")
    if str(cal.get("X-WR-CALNAME")) != expected["name"]:
        problems.append(f"X-WR-CALNAME is {cal.get('X-WR-CALNAME')!r}, want {expected['name']!r}")

    got = {}
    for event in cal.walk("VEVENT"):
        uid = str(event.get("UID"))
        if uid in got:
            problems.append(f"UID {uid} twice")
        if event.get("DTSTAMP") is None:
            problems.append(f"{uid}: no DTSTAMP")
        start, start_day = value(event["DTSTART"])
        end, end_day = value(event["DTEND"])
        if start_day != end_day:
            problems.append(f"{uid}: DTSTART and DTEND of different types")
        got[uid] = {
            "uid": uid,
            "summary": str(event.get("SUMMARY", "")),
            "location": str(event.get("LOCATION", "")),
            "all_day": start_day,
            "start": start,
            "end": end,
        }
    want = {e["uid"]: e for e in expected["events"]}
    for uid in sorted(set(want) - set(got)):
        problems.append(f"missing event {uid}")
    for uid in sorted(set(got) - set(want)):
        problems.append(f"unexpected event {uid}: {got[uid]}")
    for uid in sorted(set(want) & set(got)):
        for key in ("summary", "location", "all_day", "start", "end"):
            if got[uid][key] != want[uid][key]:
                problems.append(f"{uid}: {key} is {got[uid][key]!r}, want {want[uid][key]!r}")
    for text in expected.get("description_contains", []):
        if not any(text in str(e.get("DESCRIPTION", "")) for e in cal.walk("VEVENT")):
            problems.append(f"no DESCRIPTION holds {text!r}")
    for p in problems:
        print(p)
    print(f"{len(got)} events parsed, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
