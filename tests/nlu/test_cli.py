"""`buergerbot nlu parse|train|evaluate`, run in-process like the installed command."""

from __future__ import annotations

import json

from bot.cli import main

from .conftest import HELDOUT


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_parse_json(capsys, interpreter):
    code, out, _ = run(
        capsys, "nlu", "parse", "--now", "2021-09-13T10:00", "--json",
        "Termin für Ummeldung kommenden Mittwoch so gegen halb zehn",
    )  # fmt: skip
    assert code == 0
    result = json.loads(out)
    assert result["intent"]["name"] == "book_appointment"
    assert result["language"] == "de"
    assert [(e["entity"], e["value"]) for e in result["entities"]] == [
        ("service", "wohnsitz_ummelden"),
        ("date", "2021-09-15"),
        ("time", "09:30"),
    ]


def test_parse_text(capsys, interpreter):
    code, out, _ = run(capsys, "nlu", "parse", "--now", "2021-09-13", "do you open on saturday?")
    assert code == 0
    assert "intent    ask_opening_hours" in out
    assert "language  en" in out
    assert "entity    date = 2021-09-18  [on saturday]" in out


def test_evaluate_json(capsys, interpreter):
    code, out, _ = run(capsys, "nlu", "evaluate", "--data", str(HELDOUT), "--json")
    assert code == 0
    result = json.loads(out)
    assert {"accuracy", "macro_f1", "per_intent", "errors"} <= result.keys()
    assert result["per_intent"]["greet"]["support"] >= 15
    assert set(result["per_intent"]["greet"]) == {"precision", "recall", "f1", "support"}
    wrong = len(result["errors"])
    assert result["accuracy"] == round(1 - wrong / result["examples"], 4)


def test_evaluate_a_directory_with_a_report(capsys, interpreter, tmp_path):
    (tmp_path / "a.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - Moin moin\n'
        "- intent: cancel_appointment\n  examples: |\n    - Ich sage meinen Termin ab\n"
        "    - Hallo\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "nlu", "evaluate", "--data", str(tmp_path))
    assert code == 0
    assert "accuracy 0.667" in out
    assert "cancel_appointment -> greet" in out and "Hallo" in out


def test_evaluate_reports_bad_data_in_one_line(capsys, tmp_path):
    code, _, err = run(capsys, "nlu", "evaluate", "--data", str(tmp_path / "nope.yml"))
    assert code == 2
    assert "nope.yml" in err and "Traceback" not in err
