"""Prints json.dumps of each float given as 16 hex digits of its IEEE-754 bits, one per line (what flytekit's JSON shows)."""
import json
import struct
import sys

for line in sys.stdin:
    bits = line.strip()
    if bits:
        print(json.dumps(struct.unpack(">d", bytes.fromhex(bits))[0]))
