"""The out-of-scope (fallback) threshold, chosen on data: for each candidate threshold, the
intent accuracy on the NLU held-out set (tests/nlu/heldout.yml, a fallback counts as a miss)
and the share of the out-of-scope conversation set (tests/conversations/out_of_scope) that the
NLU alone sends to out_of_scope or the fallback (the dialogue's routing adds to that).

    .venv/bin/python -P bench/oos_threshold.py

The rule: the threshold with the best mean of the two shares, an in-domain message lost and an
out-of-scope one answered as ours counting the same; of equals, the higher (safer) one. A
higher threshold turns more unsure answers into "not understood": safe for out-of-scope
messages, a cost for in-domain ones. Last line: the figures as JSON.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlu import trainingdata  # noqa: E402
from nlu.interpreter import BERLIN, FALLBACK_THRESHOLD, Interpreter  # noqa: E402

NOW = datetime(2021, 9, 13, 8, tzinfo=BERLIN)
THRESHOLDS = [round(0.2 + 0.05 * i, 2) for i in range(11)]  # 0.20 … 0.70
OUT = {"out_of_scope", "nlu_fallback"}


def oos_texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "tests/conversations/out_of_scope").glob("*.yml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            texts.append(case.get("user") or case["turns"][0]["user"])
    return texts


def main() -> None:
    model = Interpreter.load_or_train().model
    heldout = trainingdata.load(ROOT / "tests/nlu/heldout.yml").examples
    texts = oos_texts()
    base = Interpreter(model, threshold=0.0)
    gold = [(base.parse(ex.text, NOW)["intent_ranking"][0], ex.intent) for ex in heldout]
    tops = [base.parse(t, NOW)["intent_ranking"][0] for t in texts]
    rows = []
    for th in THRESHOLDS:
        right = sum(top["name"] == want and top["confidence"] >= th for top, want in gold)
        out = sum(top["name"] in OUT or top["confidence"] < th for top in tops)
        rows.append(
            {"threshold": th, "heldout_accuracy": right / len(gold), "oos_routed": out / len(tops)}
        )
    score = {r["threshold"]: round(r["heldout_accuracy"] + r["oos_routed"], 6) for r in rows}
    chosen = max(score, key=lambda th: (score[th], th))
    print(f"held-out examples {len(gold)}, out-of-scope messages {len(tops)}")
    print("threshold  held-out accuracy  out-of-scope by the NLU alone")
    for r in rows:
        mark = " <- chosen" if r["threshold"] == chosen else ""
        mark += " (in use)" if r["threshold"] == FALLBACK_THRESHOLD else ""
        print(
            f"{r['threshold']:9.2f}  {r['heldout_accuracy']:17.1%}  {r['oos_routed']:29.1%}{mark}"
        )
    print(json.dumps({"chosen": chosen, "in_use": FALLBACK_THRESHOLD, "rows": rows}))


if __name__ == "__main__":
    main()
