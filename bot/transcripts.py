"""Conversation transcripts: YAML files of what citizens write and what the answers must (and
must not) contain, run through the real engine; a report per file and per category, in the
spirit of `rasa test`.

A file holds one case (`turns` at the top) or many (`cases`). Keys a file, a case or a turn
may set: `now` (Europe/Berlin wall time), `lang`; a file or case: `category`, `name`; a case
may be a single turn written inline (`user` and the checks next to `category`). A turn sends
`user` (text or button payload) or `tap` (the title of a button of the previous answer) and
checks:

    mentions        every one of these substrings is in the answer's texts
    any             at least one of these is
    not_mentions    none of these is (case-insensitive)
    starts          the first text starts with this
    buttons         these button titles are offered
    ics             an .ics file is attached (true) or not (false)
    max_chars       the answer's texts are at most this long (a phone screen: ~400)

A turn may instead be `worker: true`: the delivery worker's event chores run at the turn's
`now` (the life cycle's consumers, the waitlist's offers and lapses), and the notices they
queued for this conversation are the answer, checked and tapped like any other.

Each case is a new conversation (its own sender), unless cases name the same `sender`: they
continue one conversation (a citizen who joins the waitlist, and later gets the offer, while
another case frees the seat). `channel` (a file's or case's) makes the sender one of that
channel (`telegram`: a verified chat); default `transcript`. The cases of a file share one
database, so a file can fill the calendar for the next case. `xfail: reason` marks a case
known to fail: it is reported apart and does not fail the run, and a case so marked that
passes is reported too.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import yaml

from bot.offload import offload
from bot.turn import Button, Engine, Response, Turn

if TYPE_CHECKING:
    from app.services import Services

CHECKS = ("mentions", "any", "not_mentions", "starts", "buttons", "ics", "max_chars")
TURN_KEYS = frozenset({"user", "tap", "worker", "now", "lang", "metadata", *CHECKS})
CASE_KEYS = frozenset({"name", "category", "now", "lang", "turns", "xfail", "sender", "channel"})
CASE_KEYS |= TURN_KEYS
FILE_KEYS = frozenset({"name", "category", "now", "lang", "turns", "cases", "xfail", "channel"})
Worker = Callable[[str, datetime], list[Response]]
"""Runs the worker's event chores at `now`; the notices queued for the sender, as answers."""


class TranscriptError(ValueError):
    """A transcript file that cannot be run; the message names the file and the entry."""


@dataclass(frozen=True)
class Case:
    file: Path
    index: int
    name: str
    category: str
    now: str
    lang: str | None
    turns: tuple[dict[str, Any], ...]
    xfail: str | None = None
    sender: str | None = None  # cases naming the same sender continue one conversation
    channel: str = "transcript"

    @property
    def id(self) -> str:
        return f"{self.file.stem}[{self.index}]" + (f" {self.name}" if self.name else "")


@dataclass
class Outcome:
    case: Case
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def load_cases(path: Path) -> list[Case]:
    """The cases of one file, checked for unknown keys (a typo in a check must not pass)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise TranscriptError(f"{path}: cannot read ({e})") from None
    if not isinstance(data, dict):
        raise TranscriptError(f"{path}: must be a mapping with turns or cases")
    _unknown(path, "the file", data, FILE_KEYS)
    raw_cases = data.get("cases") or ([{"turns": data["turns"]}] if data.get("turns") else [])
    if not raw_cases:
        raise TranscriptError(f"{path}: has no turns and no cases")
    cases = []
    for i, raw in enumerate(raw_cases):
        where = f"cases[{i}]"
        if not isinstance(raw, dict):
            raise TranscriptError(f"{path}: {where} must be a mapping")
        _unknown(path, where, raw, CASE_KEYS)
        turns = raw.get("turns") or [{k: v for k, v in raw.items() if k in TURN_KEYS}]
        for j, step in enumerate(turns):
            if not isinstance(step, dict) or not ({"user", "tap", "worker"} & step.keys()):
                raise TranscriptError(f"{path}: {where}.turns[{j}] needs user, tap or worker")
            _unknown(path, f"{where}.turns[{j}]", step, TURN_KEYS)
        now = raw.get("now") or data.get("now")
        if not now:
            raise TranscriptError(f"{path}: {where} needs now (here or at the top)")
        cases.append(
            Case(
                file=path,
                index=i + 1,
                name=str(raw.get("name") or ""),
                category=str(raw.get("category") or data.get("category") or path.stem),
                now=str(now),
                lang=raw.get("lang") or data.get("lang"),
                turns=tuple(turns),
                xfail=raw.get("xfail") or data.get("xfail"),
                sender=str(raw["sender"]) if raw.get("sender") else None,
                channel=str(raw.get("channel") or data.get("channel") or "transcript"),
            )
        )
    return cases


def _unknown(path: Path, where: str, m: dict, allowed: frozenset[str]) -> None:
    extra = sorted(set(m) - allowed)
    if extra:
        raise TranscriptError(f"{path}: {where}: unknown key(s) {', '.join(extra)}")


def files_under(path: Path) -> list[Path]:
    """The transcript files at `path` (a file, or every *.yml below a folder), sorted."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise TranscriptError(f"{path}: no such file or folder")
    return sorted(p for p in path.rglob("*.yml") if p.is_file())


def run_case(engine: Engine, case: Case, tz: ZoneInfo, worker: Worker | None = None) -> Outcome:
    return asyncio.run(run_case_async(engine, case, tz, worker))


async def run_case_async(
    engine: Engine, case: Case, tz: ZoneInfo, worker: Worker | None = None
) -> Outcome:
    outcome = Outcome(case)
    sender = f"{case.channel}:{case.file.stem}:{case.sender or case.index}"
    now = _time(case.now, tz)
    previous: list[Response] = []
    for i, step in enumerate(case.turns, 1):
        if "now" in step:
            now = _time(str(step["now"]), tz)
        if step.get("worker"):
            if worker is None:
                outcome.failures.append(f"turn {i}: no worker to run")
                return outcome
            previous = await offload(worker, sender, now)
            problems = check(step, previous)
            if problems:
                said = " | ".join(r.text for r in previous).replace("\n", " / ")
                outcome.failures.append(f"turn {i} (worker): {'; '.join(problems)}")
                outcome.failures.append(f"    got: {said[:300]}")
            continue
        text = step.get("user")
        if "tap" in step:
            text = _tap(previous, str(step["tap"]))
            if text is None:
                offered = [b.title for r in previous for b in r.buttons]
                outcome.failures.append(f"turn {i}: no button {step['tap']!r} in {offered}")
                return outcome
        turn = Turn(sender, str(text), now, step.get("lang") or case.lang, step.get("metadata", {}))
        previous = await engine.handle(turn)
        problems = check(step, previous)
        if problems:
            said = " | ".join(r.text for r in previous).replace("\n", " / ")
            outcome.failures.append(f"turn {i} {str(text)[:60]!r}: {'; '.join(problems)}")
            outcome.failures.append(f"    got: {said[:300]}")
    return outcome


def worker_of(services: Services) -> Worker:
    """The worker turn over a services bundle: its event chores, then what it queued for the
    sender (taken from the outbox as delivered, as the widget takes its notices)."""
    from bot.delivery.service import event_chores

    def run(sender: str, now: datetime) -> list[Response]:
        for chore in event_chores(services):
            chore(now)
        return [
            Response(m.payload.get("text", ""),
                     tuple(Button(b["title"], b["payload"]) for b in m.payload.get("buttons", [])))
            for m in services.outbox.take_for(sender, now)
        ]  # fmt: skip

    return run


def check(step: dict[str, Any], responses: list[Response]) -> list[str]:
    """What in the answer contradicts the turn's checks."""
    said = "\n".join(r.text for r in responses)
    low = said.lower()
    titles = [b.title for r in responses for b in r.buttons]
    problems = [f"missing {m!r}" for m in _list(step.get("mentions")) if m not in said]
    wanted_any = _list(step.get("any"))
    if wanted_any and not any(m in said for m in wanted_any):
        problems.append(f"none of {wanted_any!r}")
    problems += [f"unwanted {m!r}" for m in _list(step.get("not_mentions")) if m.lower() in low]
    if "starts" in step and not said.startswith(str(step["starts"])):
        problems.append(f"does not start with {step['starts']!r}")
    problems += [f"no button {b!r}" for b in _list(step.get("buttons")) if b not in titles]
    if "ics" in step:
        has = any(r.custom and "ics" in r.custom for r in responses)
        if has != bool(step["ics"]):
            problems.append("an .ics file was expected" if step["ics"] else "an unexpected .ics")
    if "max_chars" in step and len(said) > int(step["max_chars"]):
        problems.append(f"{len(said)} characters, more than {step['max_chars']}")
    return problems


def _tap(previous: list[Response], title: str) -> str | None:
    return next((b.payload for r in previous for b in r.buttons if b.title == title), None)


def _time(text: str, tz: ZoneInfo) -> datetime:
    t = datetime.fromisoformat(text)
    return t.replace(tzinfo=tz) if t.tzinfo is None else t.astimezone(tz)


def _list(value: Any) -> list:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


@dataclass
class Report:
    outcomes: list[Outcome]

    def groups(self, key: Callable[[Outcome], str]) -> dict[str, tuple[int, int]]:
        """(passed, total) per group, counting the cases not marked xfail."""
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for o in self.outcomes:
            if o.case.xfail:
                continue
            counts[key(o)][1] += 1
            counts[key(o)][0] += o.passed
        return {k: (v[0], v[1]) for k, v in sorted(counts.items())}

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.passed and not o.case.xfail]

    def total(self) -> tuple[int, int]:
        counted = [o for o in self.outcomes if not o.case.xfail]
        return sum(o.passed for o in counted), len(counted)

    def lines(self, root: Path, verbose: bool = True, known: bool = False) -> Iterator[str]:
        """The report; `verbose` lists each failure, `known` also those of xfail cases."""
        if verbose:
            for o in self.failed:
                yield f"FAIL {_rel(o.case.file, root)} {o.case.id}"
                yield from (f"  {f}" for f in o.failures)
        xfails = [o for o in self.outcomes if o.case.xfail]
        for o in xfails:
            state = "now passes" if o.passed else "fails as known"
            yield f"XFAIL {o.case.id}: {state} ({o.case.xfail})"
            if known and verbose:
                yield from (f"  {f}" for f in o.failures)
        yield ""
        yield from _table("folder", self.groups(lambda o: _rel(o.case.file.parent, root)))
        yield ""
        yield from _table("file", self.groups(lambda o: _rel(o.case.file, root)))
        yield ""
        yield from _table("category", self.groups(lambda o: o.case.category))
        passed, total = self.total()
        yield ""
        yield f"{passed}/{total} cases passed ({_pct(passed, total)})" + (
            f", {len(xfails)} known failures not counted" if xfails else ""
        )


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _table(title: str, groups: dict[str, tuple[int, int]]) -> Iterator[str]:
    width = max([len(title), *(len(k) for k in groups)])
    yield f"{title:<{width}}  passed  total  rate"
    for name, (passed, total) in groups.items():
        yield f"{name:<{width}}  {passed:>6}  {total:>5}  {_pct(passed, total)}"


def _pct(passed: int, total: int) -> str:
    return f"{100 * passed / total:.1f} %" if total else "–"
