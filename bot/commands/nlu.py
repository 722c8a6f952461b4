"""`buergerbot nlu ...`: parse a message, train the model, evaluate it on labelled data."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bot.commands import CommandError, configured_city, parse_now


def register(groups: argparse._SubParsersAction) -> None:
    nlu = groups.add_parser("nlu", help="language understanding")
    sub = nlu.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("parse", help="intent, entities and language of one message")
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--now", help="ISO time to resolve dates against (default: now)")
    p.add_argument("--json", action="store_true", help="print Rasa's parse format as JSON")
    p.set_defaults(run=parse)

    t = sub.add_parser("train", help="train the model on nlu/data and cache it")
    t.set_defaults(run=train)

    e = sub.add_parser("evaluate", help="accuracy, macro-F1 and errors on labelled data")
    e.add_argument("--data", required=True, type=Path, metavar="FILE_OR_DIR")
    e.add_argument("--now", help="ISO time to resolve dates against (default: now)")
    e.add_argument("--json", action="store_true")
    e.set_defaults(run=evaluate)


def _interpreter(city):
    """The model for nlu/data, trained first if the data changed; services from the catalog."""
    from nlu import Interpreter
    from nlu.trainingdata import DataError

    try:
        return Interpreter.load_or_train(services=city.services, tz=city.tz)
    except DataError as e:
        raise CommandError(str(e)) from None


def parse(args: argparse.Namespace) -> int:
    city = configured_city()
    now = parse_now(args.now, city.tz)
    result = _interpreter(city).parse(args.text, now)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    intent = result["intent"]
    print(f"intent    {intent['name']} ({intent['confidence']:.2f})")
    print(f"language  {result['language']} ({result['language_confidence']:.2f})")
    for e in result["entities"]:
        print(f"entity    {e['entity']} = {e['value']}  [{result['text'][e['start'] : e['end']]}]")
    return 0


def train(args: argparse.Namespace) -> int:
    from nlu.interpreter import load_or_train_model, model_path
    from nlu.trainingdata import DataError

    try:
        model = load_or_train_model(retrain=True)
    except DataError as e:
        raise CommandError(str(e)) from None
    path, _ = model_path()
    meta = model.meta
    print(
        f"trained on {meta['examples']} examples in {meta['train_seconds']:.1f} s "
        f"(cross-validated accuracy {meta['cv_accuracy'] or 0:.3f}): {path}"
    )
    return 0


def evaluate(args: argparse.Namespace) -> int:
    from nlu import trainingdata
    from nlu.evaluation import evaluate as run
    from nlu.evaluation import report

    city = configured_city()
    try:
        data = trainingdata.load(args.data)
    except trainingdata.DataError as e:
        raise CommandError(str(e)) from None
    if not data.examples:
        raise CommandError(f"{args.data}: holds no intent examples to evaluate")
    result = run(_interpreter(city), data, parse_now(args.now, city.tz))
    print(json.dumps(result, ensure_ascii=False, indent=1) if args.json else report(result))
    return 0
