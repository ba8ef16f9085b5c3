"""The application types of the typed Python log (see ../make_typed_log.py).

One dataclass per row of issue 15's table. `Settings` is the current version of a record whose
older version (`SettingsV1` in make_typed_log.py) lacked `retries` and `unit`: reading a line
written by the old version gives the dataclass defaults.
"""
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum, IntEnum

from bussdcc import Message


class Mode(str, Enum):
    AUTO = "auto"
    MANUAL = "manual"


class Kind(Enum):
    SOIL = "soil"
    AIR = "air"


class Level(IntEnum):
    LOW = 1
    HIGH = 2


@dataclass(slots=True, frozen=True)
class EnumValues(Message):
    mode: Mode
    kind: Kind
    level: Level


@dataclass(slots=True, frozen=True)
class KeyedMaps(Message):
    by_channel: dict[int, float]
    by_mode: dict[Mode, int]
    by_flag: dict[bool, str]


@dataclass(slots=True, frozen=True)
class LevelKeys(Message):
    """An IntEnum-keyed dict: the original writes {"1": ...} but cannot read it back (Level("1"))."""
    by_level: dict[Level, str]


@dataclass(slots=True, frozen=True)
class NaiveTime(Message):
    taken_at: datetime
    note: str


@dataclass(slots=True, frozen=True)
class AwareTime(Message):
    taken_at: datetime
    note: str


@dataclass(slots=True, frozen=True)
class Settings(Message):
    name: str
    retries: int = 3
    unit: str = "C"
    tags: list[str] = field(default_factory=list)


@dataclass(slots=True, frozen=True)
class Window(Message):
    window: tuple[int, str]
    limits: tuple[int, float, str, bool]


@dataclass(slots=True, frozen=True)
class FormInput(Message):
    count: int
    enabled: bool
    confirmed: bool


@dataclass(slots=True, frozen=True)
class Measurement(Message):
    sensor: str
    value: float
    low: float
    high: float
