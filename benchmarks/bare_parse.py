#!/usr/bin/env python3
"""The baseline for bench_validate.py: libyaml parses every record file and nothing else.

    python benchmarks/bare_parse.py RECORDS_DIR

Walks RECORDS_DIR like mentorlog does (every .yaml, attachments/ left out), loads each file
with `yaml.load(f, Loader=yaml.CSafeLoader)` and prints how many it loaded. It runs as its
own process so that interpreter start-up counts here as it does for `mentorlog validate`.
"""

from __future__ import annotations

import os
import sys

import yaml


def parse_all(records: str) -> int:
    count = 0
    for dirpath, dirnames, filenames in os.walk(records):
        if dirpath == records and "attachments" in dirnames:
            dirnames.remove("attachments")
        for name in filenames:
            if name.endswith(".yaml"):
                with open(os.path.join(dirpath, name), "rb") as file:
                    yaml.load(file, Loader=yaml.CSafeLoader)
                count += 1
    return count


if __name__ == "__main__":
    print(parse_all(sys.argv[1]))
