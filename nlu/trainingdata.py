"""Reads Rasa 3 NLU YAML (intents with annotated examples, synonyms, lookup tables).

Annotations: `[Perso](service)` and `[Perso]{"entity": "service", "value": "personalausweis"}`.
An intent block may carry `metadata: {language: en}`; examples are German otherwise.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from nlu.normalise import fold

DEFAULT_LANGUAGE = "de"
_ANNOTATION = re.compile(r"\[(?P<text>[^\]]+)\](?:\((?P<entity>[^)]+)\)|(?P<json>\{[^}]*\}))")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DataError(ValueError):
    """Training data that cannot be read; the message names the file and the fix."""


@dataclass(frozen=True)
class Annotation:
    entity: str
    start: int
    end: int
    text: str
    value: str | None  # an explicit value; else the synonym of `text`, else `text`


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    language: str = DEFAULT_LANGUAGE
    entities: tuple[Annotation, ...] = ()


@dataclass
class TrainingData:
    examples: list[Example] = field(default_factory=list)
    synonyms: dict[str, str] = field(default_factory=dict)  # folded text -> value
    lookups: dict[str, list[str]] = field(default_factory=dict)

    @property
    def intents(self) -> list[str]:
        return sorted({e.intent for e in self.examples})

    def value_of(self, a: Annotation) -> str:
        return a.value or self.synonyms.get(fold(a.text), fold(a.text))

    def lexicon_entries(self) -> Iterator[tuple[str, str, str]]:
        """(entity, text, value) for every spelling the data teaches, of entities with a lookup
        table (services, documents; dates and names have extractors of their own).

        Lookup entries and annotations name an entity; a synonym's other spellings then count
        for every entity its value belongs to ("Persos" is a service because "Perso" is).
        """
        named: set[tuple[str, str, str]] = set()
        for entity, texts in self.lookups.items():
            named.update((entity, t, self.synonyms.get(fold(t), fold(t))) for t in texts)
        for ex in self.examples:
            named.update(
                (a.entity, a.text, self.value_of(a))
                for a in ex.entities
                if a.entity in self.lookups
            )
        entities_of: dict[str, set[str]] = {}
        for entity, _, value in named:
            entities_of.setdefault(value, set()).add(entity)
        yield from sorted(named)
        for text, value in sorted(self.synonyms.items()):
            for entity in sorted(entities_of.get(value, ())):
                yield entity, text, value


def data_files(path: Path) -> list[Path]:
    """The YAML files of a file or directory (searched recursively), in a stable order."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise DataError(f"{path}: no such file or directory")
    files = sorted(p for p in path.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())
    if not files:
        raise DataError(f"{path}: holds no .yml files with NLU data")
    return files


def fingerprint(files: Iterable[Path], *extra: str) -> str:
    """A hash of the data files' contents (and of `extra`, e.g. the model's settings)."""
    h = hashlib.sha256()
    for f in sorted(files):
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    for x in extra:
        h.update(x.encode() + b"\0")
    return h.hexdigest()


def load(path: Path) -> TrainingData:
    data = TrainingData()
    for f in data_files(path):
        read_file(f, data)
    return data


def read_file(path: Path, into: TrainingData) -> None:
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise DataError(f"{path}: cannot read it as YAML ({e.__class__.__name__})") from None
    items = doc.get("nlu") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise DataError(f"{path}: needs a top-level 'nlu:' list (Rasa 3 format)")
    for i, item in enumerate(items):
        where = f"{path}: nlu[{i}]"
        if not isinstance(item, dict):
            raise DataError(f"{where}: each entry is a mapping with intent/synonym/lookup")
        lines = _lines(item.get("examples"), where)
        if "intent" in item:
            meta = item.get("metadata") or {}
            lang = str(meta.get("language", DEFAULT_LANGUAGE)) if isinstance(meta, dict) else "de"
            into.examples.extend(parse_example(line, str(item["intent"]), lang) for line in lines)
        elif "synonym" in item:
            for line in lines:
                into.synonyms[fold(line)] = str(item["synonym"])
        elif "lookup" in item:
            into.lookups.setdefault(str(item["lookup"]), []).extend(lines)
        elif "regex" not in item:
            raise DataError(f"{where}: unknown entry; use intent, synonym, lookup or regex")


def _lines(block: object, where: str) -> list[str]:
    if not isinstance(block, str):
        raise DataError(f"{where}: 'examples' must be a block of '- ' lines (examples: |)")
    out = []
    for raw in block.splitlines():
        line = raw.strip()
        if line.startswith("- "):
            out.append(line[2:].strip())
        elif line == "-":
            continue
        elif line:
            raise DataError(f"{where}: example line {line!r} does not start with '- '")
    return out


def parse_example(line: str, intent: str, language: str = DEFAULT_LANGUAGE) -> Example:
    """One example line: the plain text and its entity annotations with offsets into it."""
    text, entities, pos = [], [], 0
    length = 0
    for m in _ANNOTATION.finditer(line):
        before = line[pos : m.start()]
        text.append(before)
        length += len(before)
        value = None
        entity = m["entity"]
        if m["json"]:
            try:
                spec = json.loads(m["json"])
            except json.JSONDecodeError:
                raise DataError(f"example {line!r}: the entity JSON is not valid") from None
            entity, value = spec.get("entity"), spec.get("value")
        if entity and ":" in entity:  # Rasa 1 shorthand [text](entity:value)
            entity, value = entity.split(":", 1)
        span = m["text"]
        entities.append(Annotation(str(entity), length, length + len(span), span, value))
        text.append(span)
        length += len(span)
        pos = m.end()
    text.append(line[pos:])
    return Example("".join(text), intent, language, tuple(entities))
