#!/usr/bin/env python3
"""Reads an iCalendar invitation with the `icalendar` package (not Tournée's code).

Usage: read_invitation.py < invitation.ics
Prints one JSON object: the calendar's method and its one event's uid, sequence,
status, summary, location, organizer, attendee and start and end in UTC (ISO 8601).
"""
import json
import sys

from icalendar import Calendar


def main():
    calendar = Calendar.from_ical(sys.stdin.read())
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    if len(events) != 1:
        raise SystemExit("expected one VEVENT, found %d" % len(events))
    event = events[0]
    print(json.dumps({
        "method": str(calendar.get("METHOD")),
        "uid": str(event.get("UID")),
        "sequence": int(event.get("SEQUENCE")),
        "status": str(event.get("STATUS")),
        "summary": str(event.get("SUMMARY")),
        "location": str(event.get("LOCATION")),
        "description": str(event.get("DESCRIPTION")),
        "organizer": str(event.get("ORGANIZER")),
        "attendee": str(event.get("ATTENDEE")),
        "attendee_cn": str(event.get("ATTENDEE").params.get("CN")),
        "start": event.decoded("DTSTART").isoformat(),
        "end": event.decoded("DTEND").isoformat(),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
