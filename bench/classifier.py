"""Benchmark nlp.classify against a TF-IDF + LinearSVC baseline on the development data.

Run: .venv/bin/python bench/classifier.py [--split eval|train]

Data: ../shared/data/dev/ relative to the repository (never copied into it); the script exits cleanly
when the folder is absent. Split: a row belongs to the training half when the first byte of sha256(id)
is even, else to the evaluation half.
- `--split eval` (default, the score): the baseline trains on the training half; both are scored on the
  evaluation half.
- `--split train` (for tuning the lexicon without looking at the evaluation half): both are scored on the
  training half, the baseline through 5-fold cross-validated predictions within that half.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "dev"
# Our own hand-written non-finance complaints (in the repository): the tuning sets the unit tests use, and
# sets kept out of tuning (bench/data) to show how the lexicon does on text it was not adjusted to.
HANDWRITTEN_TUNING = sorted((REPO / "tests" / "unit" / "nlp" / "data").glob("handwritten_*.jsonl"))
TUNING_POOLS = sorted((REPO / "tests" / "unit" / "nlp" / "data" / "pool").glob("pool_*.jsonl"))
HANDWRITTEN_HELD_OUT = sorted((REPO / "bench" / "data").glob("handwritten_*.jsonl"))
sys.path.insert(0, str(REPO))

from nlp import CATEGORIES, classify, load_lexicon  # noqa: E402

STARTUP_SNIPPET = """
import time
t0 = time.perf_counter()
import nlp
t1 = time.perf_counter()
nlp.warm_up()
t2 = time.perf_counter()
print(f"{t1 - t0:.3f} {t2 - t1:.3f}")
"""


def load(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def in_training_half(row: dict) -> bool:
    return hashlib.sha256(row["id"].encode()).digest()[0] % 2 == 0


def acceptable_aware_gold(rows: list[dict], predictions: list[str]) -> list[str]:
    """A prediction in gold_acceptable counts as the gold label; otherwise the gold label stands."""
    return [p if p in r["gold_acceptable"] else r["gold"] for r, p in zip(rows, predictions, strict=True)]


def report_categories(name: str, rows: list[dict], predictions: list[str]) -> dict[str, float]:
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    gold = acceptable_aware_gold(rows, predictions)
    labels = [c for c in CATEGORIES if c in set(gold)]
    accuracy = sum(p in r["gold_acceptable"] for r, p in zip(rows, predictions, strict=True)) / len(rows)
    p, r, f, support = precision_recall_fscore_support(gold, predictions, labels=labels, zero_division=0)
    macro = float(f.mean())
    print(f"\n== {name}: acceptable-accuracy {accuracy:.3f}   macro-F1 (acceptable-aware) {macro:.3f}")
    print(f"   {'category':<20}{'prec':>7}{'recall':>8}{'F1':>7}{'support':>9}")
    for i, label in enumerate(labels):
        print(f"   {label:<20}{p[i]:>7.3f}{r[i]:>8.3f}{f[i]:>7.3f}{support[i]:>9}")
    columns = labels + [c for c in CATEGORIES if c not in labels and c in set(predictions)]
    matrix = confusion_matrix(gold, predictions, labels=columns)
    print("   confusion (rows: acceptable-aware gold, columns: predicted)")
    print("   " + " " * 20 + "".join(f"{c[:8]:>9}" for c in columns))
    for label, row in zip(columns, matrix, strict=True):
        if label in labels:
            print(f"   {label:<20}" + "".join(f"{n:>9}" for n in row))
    return {
        "accuracy": accuracy,
        "macro_f1": macro,
        **{f"f1_{lab}": float(f[i]) for i, lab in enumerate(labels)},
    }


def train_baseline(rows: list[dict]):
    import jieba
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    from nlp.matching import base_tokenizer

    tokenizer = base_tokenizer()  # the plain jieba dictionary: the baseline gets no lexicon words
    assert isinstance(tokenizer, jieba.Tokenizer)
    vectorizer = TfidfVectorizer(
        tokenizer=tokenizer.lcut, token_pattern=None, lowercase=True, sublinear_tf=True, ngram_range=(1, 2)
    )
    model = LinearSVC(C=1.0).fit(
        vectorizer.fit_transform([r["text"] for r in rows]), [r["gold"] for r in rows]
    )
    return vectorizer, model


def cross_validated_baseline(rows: list[dict], folds: int = 5) -> list[str]:
    """Baseline predictions for `rows`, each made by a model trained on the other folds only."""
    predictions = [""] * len(rows)
    for fold in range(folds):
        held = [i for i in range(len(rows)) if i % folds == fold]
        vectorizer, model = train_baseline([r for i, r in enumerate(rows) if i % folds != fold])
        for i, label in zip(
            held, model.predict(vectorizer.transform([rows[i]["text"] for i in held])), strict=True
        ):
            predictions[i] = str(label)
    return predictions


def per_source(rows: list[dict], ours: list[str], baseline: list[str]) -> None:
    print("\n== acceptable-accuracy per source label        rows   ours  baseline")
    groups: dict[tuple[str, str], list[int]] = {}
    for i, row in enumerate(rows):
        groups.setdefault((row["source"].split("/")[0], row["source_label"]), []).append(i)
    for (source, label), members in sorted(groups.items(), key=lambda item: -len(item[1])):
        if len(members) < 10:
            continue
        o = sum(ours[i] in rows[i]["gold_acceptable"] for i in members) / len(members)
        b = sum(baseline[i] in rows[i]["gold_acceptable"] for i in members) / len(members)
        print(f"   {source[:18]:<18} {label:<14}{len(members):>6}{o:>7.3f}{b:>10.3f}")
    for source in sorted({r["source"].split("/")[0] for r in rows}):
        members = [i for i, r in enumerate(rows) if r["source"].split("/")[0] == source]
        o = sum(ours[i] in rows[i]["gold_acceptable"] for i in members) / len(members)
        b = sum(baseline[i] in rows[i]["gold_acceptable"] for i in members) / len(members)
        print(f"   {source[:18]:<18} {'(all)':<14}{len(members):>6}{o:>7.3f}{b:>10.3f}")


def load_handwritten(path: Path) -> list[dict]:
    """Hand-written rows use `acceptable`; give them the dev data's field names."""
    with path.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [
        {**r, "gold_acceptable": r["acceptable"], "source": path.stem, "source_label": r["gold"]}
        for r in rows
    ]


def handwritten(lexicon, vectorizer, model) -> None:
    """Both classifiers on complaints from shops, restaurants, repair, delivery … (no finance)."""
    sets = [(p.stem + " (tuning)", p) for p in HANDWRITTEN_TUNING]
    sets += [(p.stem + " (held out)", p) for p in HANDWRITTEN_HELD_OUT]
    held: list[tuple[list[dict], list[str]]] = []
    print("\n== hand-written non-finance complaints (the baseline still trained on the dev training half)")
    print(f"   {'set':<30}{'rows':>6}{'ours acc':>10}{'ours F1':>9}{'base acc':>10}{'base F1':>9}")
    if TUNING_POOLS:
        rows = [r for p in TUNING_POOLS for r in load_handwritten(p)]
        texts = [r["text"] for r in rows]
        o = quiet_metrics(rows, [classify(t, lexicon=lexicon).category for t in texts])
        b = quiet_metrics(rows, [str(p) for p in model.predict(vectorizer.transform(texts))])
        name = f"{len(TUNING_POOLS)} training pools (tuning)"
        print(f"   {name:<30}{len(rows):>6}{o[0]:>10.3f}{o[1]:>9.3f}{b[0]:>10.3f}{b[1]:>9.3f}")
    for name, path in sets:
        rows = load_handwritten(path)
        texts = [r["text"] for r in rows]
        ours = [classify(t, lexicon=lexicon).category for t in texts]
        base = [str(p) for p in model.predict(vectorizer.transform(texts))]
        o, b = quiet_metrics(rows, ours), quiet_metrics(rows, base)
        print(f"   {name:<30}{len(rows):>6}{o[0]:>10.3f}{o[1]:>9.3f}{b[0]:>10.3f}{b[1]:>9.3f}")
        if "held out" in name:
            held.append((rows, ours))
    if held:
        rows = [r for rs, _ in held for r in rs]
        ours = [p for _, ps in held for p in ps]
        o = quiet_metrics(rows, ours)
        print(f"   {'all held-out sets':<30}{len(rows):>6}{o[0]:>10.3f}{o[1]:>9.3f}")


def quiet_metrics(rows: list[dict], predictions: list[str]) -> tuple[float, float]:
    from sklearn.metrics import f1_score

    gold = acceptable_aware_gold(rows, predictions)
    labels = [c for c in CATEGORIES if c in set(gold)]
    accuracy = sum(p in r["gold_acceptable"] for r, p in zip(rows, predictions, strict=True)) / len(rows)
    return accuracy, float(f1_score(gold, predictions, labels=labels, average="macro", zero_division=0))


def texts_per_second(fn, texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        fn(text)
    return len(texts) / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--split", choices=("eval", "train"), default="eval")
    split = parser.parse_args().split
    if not (DATA / "zh_category_dev.jsonl").is_file():
        print(f"development data not found at {DATA}: nothing to benchmark")
        return 0

    out = subprocess.run([sys.executable, "-c", STARTUP_SNIPPET], capture_output=True, text=True, check=True)
    import_s, warm_s = (float(x) for x in out.stdout.split())
    print("== start-up (fresh process; jieba's dictionary cache in the temp folder already built)")
    print(
        f"   import nlp {import_s * 1000:.0f} ms; warm_up() (jieba + lexicon + user words) {warm_s * 1000:.0f} ms"
    )

    lexicon = load_lexicon()
    rows = load("zh_category_dev.jsonl")
    train = [r for r in rows if in_training_half(r)]
    evaluation = [r for r in rows if not in_training_half(r)]
    vectorizer, model = train_baseline(train)
    if split == "train":
        scored = train
        print(f"\nzh_category_dev.jsonl: {len(rows)} rows; scoring the TRAINING half ({len(train)} rows)")
        print("   baseline: 5-fold cross-validated predictions within the training half")
        baseline = cross_validated_baseline(train)
    else:
        scored = evaluation
        print(
            f"\nzh_category_dev.jsonl: {len(rows)} rows; baseline trains on {len(train)}, all evaluate on {len(evaluation)}"
        )
    texts = [r["text"] for r in scored]
    print(f"   sources: {dict(Counter(r['source'].split('/')[0] for r in scored))}")

    ours = [classify(t, lexicon=lexicon).category for t in texts]
    if split == "eval":
        baseline = [str(p) for p in model.predict(vectorizer.transform(texts))]
    ours_metrics = report_categories("nlp.classify (lexicon)", scored, ours)
    base_metrics = report_categories("baseline TF-IDF(jieba 1-2 grams) + LinearSVC", scored, baseline)
    print("\n== side by side            ours  baseline")
    for key in ours_metrics:
        print(f"   {key:<24}{ours_metrics[key]:>6.3f}{base_metrics.get(key, float('nan')):>10.3f}")
    both_wrong = sum(
        o not in r["gold_acceptable"] and b not in r["gold_acceptable"]
        for r, o, b in zip(scored, ours, baseline, strict=True)
    )
    print(f"   rows both get wrong: {both_wrong} ({both_wrong / len(scored):.1%})")
    per_source(scored, ours, baseline)
    handwritten(lexicon, vectorizer, model)

    severity_rows = load("en_severity_dev.jsonl")
    predicted = [classify(r["text"], lexicon=lexicon).severity == "A" for r in severity_rows]
    actual = [r["gold_severity"] == "urgent" for r in severity_rows]
    tp = sum(p and a for p, a in zip(predicted, actual, strict=True))
    precision = tp / max(1, sum(predicted))
    recall = tp / max(1, sum(actual))
    print(
        f"\n== severity on en_severity_dev.jsonl ({len(severity_rows)} rows, {sum(actual)} urgent; A == urgent)"
    )
    print(
        f"   urgent precision {precision:.3f}  recall {recall:.3f}  (predicted A: {sum(predicted)}, hits {tp})"
    )

    def baseline_one(text: str) -> None:
        model.predict(vectorizer.transform([text]))

    ours_tps = texts_per_second(lambda t: classify(t, lexicon=lexicon), texts)
    base_tps = texts_per_second(baseline_one, texts)
    start = time.perf_counter()
    model.predict(vectorizer.transform(texts))
    base_batch_tps = len(texts) / (time.perf_counter() - start)
    mean_chars = statistics.mean(len(t) for t in texts)
    print(f"\n== throughput on the {len(texts)} scored texts (mean {mean_chars:.0f} chars), one core")
    print(
        f"   ours, per-text classify() (also its batch speed: there is no batch API) {ours_tps:>8.0f} texts/s"
    )
    print(
        f"   baseline, per-text predict(transform([text]))                         {base_tps:>8.0f} texts/s"
    )
    print(
        f"   baseline, one batch predict(transform(texts))                         {base_batch_tps:>8.0f} texts/s"
    )
    print(
        f"   ours / baseline per-text: {ours_tps / base_tps:.1f}x   ours / baseline batch: {ours_tps / base_batch_tps:.2f}x"
    )

    sample = [t for t in texts if 140 <= len(t) <= 160][:300]
    latencies = []
    for text in sample:
        start = time.perf_counter()
        classify(text, lexicon=lexicon)
        latencies.append((time.perf_counter() - start) * 1000)
    latencies.sort()
    print(f"\n== latency of classify() on {len(sample)} texts of 140-160 characters")
    print(
        f"   mean {statistics.mean(latencies):.3f} ms  median {statistics.median(latencies):.3f} ms"
        f"  p95 {latencies[int(len(latencies) * 0.95)]:.3f} ms  max {latencies[-1]:.3f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
