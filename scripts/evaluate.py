"""The one place that prints how well the extractor does, data it was not tuned on first.

    .venv/bin/python scripts/evaluate.py [--shared ../shared] [--sets test,gsr,train,dev,seed] [--verbose]

Sets, in the order printed (all read from ``../shared``, never copied into the project):
- ``test``: ``dev/corpus2/test.jsonl``, 62 articles nobody tuned on: the headline figure.
- ``gsr``: the Arabic event GSR dev half, sentence by sentence (ASSAULT and PROTEST, scored as its
  README says). The eventiveness and sentence models learn from these sentences, so the figures
  are 5-fold cross-validated: each fold's sentences are extracted with a pack whose eventiveness
  and sentence models, and the thresholds of a sentence sent alone, were trained and tuned without
  them (and with the shipped corpus2/train examples).
- ``train``: ``dev/corpus2/train.jsonl``, which the models were trained on: in-sample figures
  (the cross-validated ones are in each model file's header).
- ``dev`` and ``seed``: the 16 first annotated articles and the founding article, on which the
  rules were written in earlier rounds: tuned on.
Articles go through the command line exactly as evaluation tools run it (``python -m service
extract``) and are scored by ``../shared/tools/score_incidents.py``.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import msgspec
import sentence_training
from corpora import GSR_FILES, PROTEST, ROOT, SHARED, gsr_positive, prf, read_gsr, read_jsonl, requests_of, score_files

from service.extraction import DEFAULT_PACK, Document, extract, load_knowledge

SLOTS = ("type", "status", "background", "admin1", "country", "perpetrator", "killed", "victims", "date")
GSR_FOLDS = 5


def run_cli(docs: list[dict], output: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        requests = Path(tmp) / "in.jsonl"
        requests.write_text(requests_of(docs), encoding="utf-8")
        command = [sys.executable, "-m", "service", "extract", str(requests), "--output", str(output)]
        subprocess.run([*command, "--no-progress"], cwd=ROOT, check=True, stderr=subprocess.DEVNULL)


def predict(gold: Path, predictions: Path) -> None:
    """Run the CLI over the articles of a gold file (as requests), writing its answers to ``predictions``."""
    run_cli(read_jsonl(gold), predictions)


def corpus_figures(name: str, gold_path: Path, shared: Path, verbose: bool) -> str:
    docs = read_jsonl(gold_path)
    with tempfile.TemporaryDirectory() as tmp:
        predictions = Path(tmp) / "out.jsonl"
        run_cli(docs, predictions)
        result = score_files(gold_path, predictions, shared, verbose=verbose)
    slots = result["slot_accuracy"]
    shown = ", ".join(f"{s} {slots[s]:.2f}" for s in SLOTS if slots.get(s) is not None)
    line = (
        f"{name:<34} {len(docs):>4} docs  P {result['precision']:.3f}  R {result['recall']:.3f}"
        f"  F1 {result['f1']:.3f}  slots {result['slot_mean']:.3f}\n{'':<36}{shown}"
    )
    if verbose:
        line += "\n" + "\n".join(result["errors"])
    return line


def gsr_fold(sentence_id: str) -> int:
    return int(hashlib.sha256(sentence_id.encode()).hexdigest(), 16) % GSR_FOLDS


def gsr_figures(shared: Path) -> list[str]:
    """Sentence-level P/R/F1 per category, each fold extracted by a pack trained without it."""
    import train_models as training

    folder = shared / "data" / "gsr-dev"
    sentences = list(read_gsr(folder))
    bare = load_knowledge(with_models=False)
    shipped = load_knowledge()
    docs = read_jsonl(shared / "dev" / "corpus2" / "train.jsonl")
    articles = [training.annotate(bare, doc) for doc in docs]
    typed = dict.fromkeys((a.id for a in articles), shipped.models.typing)
    corpus_events, _ = training.Trainer(articles, ()).examples(typed)
    c = _c_of(DEFAULT_PACK / "models" / "eventiveness.tsv")
    with_sentences = shipped.models.sentences is not None
    sentence_data = training.sentence_examples(bare, docs, folder)
    counts = {category: [0, 0, 0] for category in GSR_FILES}  # tp, fp, fn
    for fold in range(GSR_FOLDS):
        held = {s.id for s in sentences if gsr_fold(s.id) == fold}
        # The sentence model without the fold's sentences; the training sentences' scores held out
        # within the rest, as training does over all of them.
        kept = [e for e in sentence_data if e.group.removeprefix("gsr:") not in held]
        scores = sentence_training.held_out(kept) if with_sentences else {}
        gsr_events = training.gsr_examples(bare, folder, scores, shipped.models.typing)
        train = corpus_events + [e for e in gsr_events if e.group.removeprefix("gsr:") not in held]
        data = training.Vectorized(train)
        shipped_model = shipped.models.eventiveness
        model = data.model(data.fit(slice(None), c), "eventiveness", shipped_model.threshold)
        # The types with thresholds of their own, and a sentence sent alone, get them as training
        # does, from this fold's data alone.
        held_scores = training.held_out_scores(data, c)
        by_type = training.type_thresholds(train, held_scores, PROTEST)
        judged = [s for s in sentences if s.id not in held]
        short, short_by_type, _ = training.short_thresholds(train, held_scores, judged)
        with tempfile.TemporaryDirectory() as tmp:
            pack = Path(tmp) / "pack"
            shutil.copytree(DEFAULT_PACK, pack)
            header = [
                f"fold {fold}",
                *training.threshold_lines(model.threshold, by_type, short, short_by_type),
            ]
            training.write_model(pack / "models" / "eventiveness.tsv", model, header)
            if with_sentences:
                fold_sentences = sentence_training.fit(kept)
                sentence_training.write(pack / "models" / "sentences.tsv", fold_sentences, [f"fold {fold}"])
            knowledge = load_knowledge(pack)
            for sentence in (s for s in sentences if s.id in held):
                incidents = msgspec.to_builtins(extract(Document(text=sentence.text), knowledge).incidents)
                predicted = gsr_positive(sentence.category, incidents)
                tally = counts[sentence.category]
                tally[0] += predicted and sentence.yes
                tally[1] += predicted and not sentence.yes
                tally[2] += sentence.yes and not predicted
    lines = []
    for category, (tp, fp, fn) in counts.items():
        precision, recall, f1 = prf(tp, fp, fn)
        lines.append(f"GSR dev {category:<26} {tp + fn:>4} yes  P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}")
    return lines


def _c_of(model_file: Path) -> float:
    header = next(line for line in model_file.read_text(encoding="utf-8").splitlines() if ", C=" in line)
    return float(header.split(", C=")[1].rstrip(". "))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--sets", default="test,gsr,train,dev,seed")
    parser.add_argument("--verbose", action="store_true", help="list each missed and invented incident (not for test)")
    options = parser.parse_args()
    shared, wanted = options.shared, options.sets.split(",")
    dev = shared / "dev"
    print("Data nobody tuned on:")
    if "test" in wanted:
        print(corpus_figures("corpus2/test (never tuned on)", dev / "corpus2" / "test.jsonl", shared, False))
    if "gsr" in wanted:
        print("\n".join(gsr_figures(shared)) + "   (5-fold cross-validated)")
    print("Data the models were trained or the rules written on:")
    for name, path in (
        ("train", dev / "corpus2" / "train.jsonl"),
        ("dev", dev / "gold-dev.jsonl"),
        ("seed", dev / "gold-seed.jsonl"),
    ):
        if name in wanted:
            label = {
                "train": "corpus2/train (trained on)",
                "dev": "16 dev articles (tuned on)",
                "seed": "founding article (tuned on)",
            }[name]
            print(corpus_figures(label, path, shared, options.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
