"""Loads the city's config file: the one place that reads it from disk."""

from __future__ import annotations

from pathlib import Path

import yaml

from office.city import City, ConfigError, parse_city

# libyaml's parser when PyYAML has it: the same safe constructor, a fraction of the time at
# every start.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_city(path: Path) -> City:
    """The city from `path` (the setting BUERGERBOT_CONFIG); ConfigError names what is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"{path}: cannot read the config file ({e.strerror})") from None
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "the file"
        raise ConfigError(
            f"{path}: {where}: not valid YAML; check indentation and quotes"
        ) from None
    except ValueError as e:
        # PyYAML builds dates itself: 2021-13-01 fails with a bare ValueError.
        raise ConfigError(f"{path}: a date that does not exist ({e}); write YYYY-MM-DD") from None
    return parse_city(data, str(path))
