#!/usr/bin/env python3
"""Writes the typed Python log test fixture with the real Python original.

    BUSSDCC_SRC=<bussdcc v0.42.0>/src BUSSDCC_FW_SRC=<bussdcc-framework v0.46.0>/src \
        PYTHONDONTWRITEBYTECODE=1 python3 make_typed_log.py OUT_DIR

(extract the sources with `git archive`, as /work/shared/bench/README.md shows). It runs a
bussdcc-framework Runtime with the framework's own JsonlSink into OUT_DIR, emitting one or more
events of each type in greenhouse/typed.py — one per row of issue 15's table — then reads the
log back line by line as the framework's JsonlSource does (json.loads, then load_value) and
checks that Python reads every line to the values it wrote — except the IntEnum-keyed dict,
which the original writes but cannot read back (Level("1") fails) — so the fixture records
what the original writes and what it accepts.
The Java tests (framework-io-jsonl PythonTypedLogTest) read the result with Java records.
"""
from __future__ import annotations

import math
import os
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
for key in ("BUSSDCC_FW_SRC", "BUSSDCC_SRC"):
    if not os.environ.get(key):
        sys.exit(f"make_typed_log.py: set {key}")
    sys.path.insert(0, os.path.abspath(os.environ[key]))
sys.path.insert(0, str(HERE))

from datetime import datetime, timedelta, timezone  # noqa: E402

from bussdcc import Message  # noqa: E402
import json  # noqa: E402
from importlib import import_module  # noqa: E402

from bussdcc_framework.io.jsonl import JsonlSink  # noqa: E402
from bussdcc_framework.runtime import Runtime  # noqa: E402
from bussdcc_framework.codec import load_value  # noqa: E402

from greenhouse.typed import (  # noqa: E402
    AwareTime, EnumValues, FormInput, KeyedMaps, Kind, Level, LevelKeys, Measurement, Mode, NaiveTime, Settings, Window,
)


@dataclass(slots=True, frozen=True)
class SettingsV1(Message):
    """An older version of Settings, written under the same type name: no retries, no unit."""
    name: str


SettingsV1.__module__ = "greenhouse.typed"
SettingsV1.__qualname__ = "Settings"


def events() -> list[Message]:
    return [
        EnumValues(Mode.AUTO, Kind.SOIL, Level.LOW),
        EnumValues(Mode.MANUAL, Kind.AIR, Level.HIGH),
        KeyedMaps({1: 0.5, 2: 1.25}, {Mode.AUTO: 10, Mode.MANUAL: 20}, {True: "on", False: "off"}),
        LevelKeys({Level.LOW: "low", Level.HIGH: "high"}),
        NaiveTime(datetime(2026, 3, 9, 12, 0, 1, 735301), "microseconds"),
        NaiveTime(datetime(2026, 3, 9, 12, 0, 2), "whole second"),
        AwareTime(datetime(2026, 3, 9, 12, 0, 1, 735301, tzinfo=timezone.utc), "utc"),
        AwareTime(datetime(2026, 3, 9, 12, 0, 2, tzinfo=timezone(timedelta(hours=1))), "plus one"),
        SettingsV1("greenhouse-1"),
        Settings("greenhouse-2", 5, "kPa", ["a", "b"]),
        Window((3, "low"), (1, 2.5, "x", True)),
        # A dataclass does not check its values: a web form's strings reach the log as they came.
        FormInput("5", "on", "yes"),  # type: ignore[arg-type]
        FormInput(7, True, False),
        Measurement("sensor-01", math.nan, -math.inf, math.inf),
        Measurement("sensor-02", 0.25, -1.0, 1.0),
    ]


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: make_typed_log.py OUT_DIR")
    out = Path(sys.argv[1])
    if out.exists() and any(out.rglob("*.jsonl")):
        sys.exit(f"make_typed_log.py: {out} already holds a log")
    rt = Runtime()
    rt.add_sink(JsonlSink(out))
    rt.boot()
    written = events()
    for m in written:
        rt.ctx.emit(m)
    rt.shutdown()

    read = []
    unreadable = []
    for file in sorted(out.rglob("*.jsonl")):
        for line in file.read_text().splitlines():
            record = json.loads(line)  # json.loads takes the bare NaN and Infinity it wrote
            module, name = record["type"].split(":", 1)
            if module != "greenhouse.typed":
                continue
            try:
                read.append(load_value(getattr(import_module(module), name), record["data"]))
            except (TypeError, ValueError) as e:
                unreadable.append((name, repr(e)))
    assert [n for n, _ in unreadable] == ["LevelKeys"], unreadable
    expected = [Settings("greenhouse-1") if isinstance(m, SettingsV1) else m for m in written]
    # What load_value makes of the lenient scalars it accepts:
    expected = [FormInput(5, True, True) if isinstance(m, FormInput) and m.count == "5" else m for m in expected]
    expected = [m for m in expected if not isinstance(m, LevelKeys)]
    assert len(read) == len(expected), (len(read), len(expected))
    for got, want in zip(read, expected):
        if isinstance(want, Measurement):
            same = all(
                (math.isnan(a) and math.isnan(b)) or a == b
                for a, b in [(got.value, want.value), (got.low, want.low), (got.high, want.high)]
            )
            assert same and got.sensor == want.sensor, (got, want)
        else:
            assert got == want, (got, want)
    print(f"Python reads back every line but LevelKeys: {unreadable[0][1]}")
    print(f"wrote {len(written)} application events into {out}; Python reads them back as written")


if __name__ == "__main__":
    main()
