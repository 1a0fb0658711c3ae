"""Independent goldens for record msgpack: Debian's python3-msgpack (the library flytekit uses) on values built the way
mashumaro's to_dict builds a dataclass's dict (Python's own isoformat, total_seconds, str(UUID)).

  check: reads "<name> <hex>" lines (msgpack written by .NET); prints "<name> ok" when unpackb gives the expected
         object and packb of that object gives the same bytes, else "<name> differs: ..." .
  write: prints "<name> <hex>" of packb(expected) for .NET to read.
"""
import sys
import uuid
from datetime import date, datetime, timedelta, timezone

import msgpack


def everything():
    # tests/Flyte.Tests.Records/Shapes.cs `Everything`, as mashumaro's to_dict writes the twin dataclass
    return {
        "Origin": {"X": 1, "Y": 2.5},
        "Path": [{"X": 3, "Y": 4.0}],
        "Counts": {"a": 1, "b": -2},
        "Names": {7: "seven", -1: "minus one"},
        "Maybe": None,
        "Big": 9007199254740993,
        "Status": "in-progress",
        "Raw": b"\x00\x01\xff",
        "Took": timedelta(seconds=90, microseconds=500000).total_seconds(),
        "At": datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=timezone(timedelta(hours=2))).isoformat(),
        "Day": date(2024, 2, 29).isoformat(),
        "Id": str(uuid.UUID("6F9619FF-8B86-D011-B42D-00C04FC964FF")),
        "renamed": "text",
        "Grid": [[1.0, 2.0], []],
    }


def event_utc():
    # `Event(At, Took, Ratio)` with a UTC datetime without microseconds: isoformat() drops the fraction
    return {"At": datetime(2024, 6, 1, 12, 0, 0, tzinfo=timezone.utc).isoformat(), "Took": 0.000001, "Ratio": 0.1}


EXPECTED = {"everything": everything, "event_utc": event_utc}


def main(mode):
    if mode == "write":
        for name, make in EXPECTED.items():
            print(name, msgpack.packb(make(), use_bin_type=True).hex())
        return
    for line in sys.stdin:
        if not line.strip():
            continue
        name, data = line.split()
        data = bytes.fromhex(data)
        expected = EXPECTED[name]()
        decoded = msgpack.unpackb(data, raw=False, strict_map_key=False)
        repacked = msgpack.packb(expected, use_bin_type=True)
        if decoded != expected:
            print(name, "differs: decoded", repr(decoded), "expected", repr(expected))
        elif repacked != data:
            print(name, "differs: python writes", repacked.hex())
        else:
            print(name, "ok")


if __name__ == "__main__":
    main(sys.argv[1])
