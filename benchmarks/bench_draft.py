"""How well and how fast `rupak draft` proposes claims, against the curated ones.

    .venv/bin/python benchmarks/bench_draft.py

Five-fold cross-validation over the bundled speech's curated claims: the model learns from
four fifths, and each claim of the fifth held out is drafted twice. First from its
sentence, as ``rupak draft`` drafts a document: the sentence, after the one before it,
into the claims it lists, the drafted claim closest to the curated quote judged. Then from
its quote alone and the source's date, which tells how much a claim's own words carry
without the sentence around them (``--from sentence`` or ``--from quote`` for one of the
two). Per field: dates (start, end and precision all right), entity links (recall and
precision), modality, kind, theme, and the recall of the record links. Then the same for
the team-written sources of tests/fixtures/corpus, learned from the whole bundled package.
In the same run, the baselines: the majority class, a plain TF-IDF + logistic regression
over the quotes, and plain dateparser (its first date in the quote, read as a day). Last,
the time to draft a 2,000-sentence document. Targets (issue #23): dates >= 90 %, entities
>= 0.95 both, modality and kind >= 85 %, theme >= 80 %, record recall >= 0.70, 2,000
sentences <= 20 s.
"""

from __future__ import annotations

import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import rupak_lib as rk  # noqa: E402
from rupak_lib.curation.draft import Drafter  # noqa: E402

FIELDS = ("theme_id", "kind", "modality")
#: What each held-out claim is drafted from: its "quote", or its whole "sentence" (what
#: `rupak draft` reads). Set by --from.
TEXT = "quote"


def _day(value) -> str:
    return "" if value is None or str(value) == "NaT" else str(value)[:10]


def evaluate(corpus: rk.Corpus, train_ids: set[str], test_ids: set[str],
             tally: Counter) -> None:
    """Draft the held-out claims; add what was right to ``tally``.

    From quotes, each claim is drafted from its own quote. From sentences, as ``rupak draft``
    reads a source, each claim's sentence is drafted, after the body sentence before it,
    into the claims it lists, and the drafted claim whose quote shares the most words with
    the curated one is judged (of drafts quoting the same words, one per facility a list
    names, the one sharing the most entities with it).
    """
    facts = corpus.facts
    train, test = facts[facts["fact_id"].isin(train_ids)], facts[facts["fact_id"].isin(test_ids)]
    learned = corpus.fact_entities[corpus.fact_entities["fact_id"].isin(train_ids)]
    drafters = {s: Drafter(corpus, s, train, learned) for s in sorted(set(test["source_id"]))}
    said = dict(zip(corpus.sources["source_id"], corpus.sources["date"], strict=True))
    sentences = corpus.sentences.set_index(["source_id", "sentence"])["text"]
    body = set(corpus.sentences.loc[corpus.sentences["kind"].astype(str) == "body",
                                    ["source_id", "sentence"]].itertuples(index=False,
                                                                           name=None))
    texts = [" ".join(str(sentences[(f.source_id, n)]) for n in f.sentence_numbers)
             if TEXT == "sentence" and len(f.sentence_numbers) else str(f.quote)
             for f in test.itertuples()]
    plain = _plain(train, texts)
    majority = {f: train[f].astype(str).value_counts().idxmax() for f in FIELDS}
    links = corpus.fact_events
    for fact, base, text in zip(test.itertuples(), plain, texts, strict=True):
        tally["claims"] += 1
        if TEXT == "sentence" and len(fact.sentence_numbers):
            # read in order, as `rupak draft` reads: the sentence before is drafted first
            # ("this project" names what it introduced), and only this one's drafts judged
            first = int(fact.sentence_numbers[0])
            before = [(first - 1, str(sentences[(fact.source_id, first - 1)]))] \
                if (fact.source_id, first - 1) in body else []
            drafts = [d for d in drafters[fact.source_id].sentences(before + [(first, text)])
                      if re.search(rf"-s{first}(?:-\d+)?$", d["fact_id"])]
        else:
            drafts = drafters[fact.source_id].sentences([(0, text)], split=False)
        curated = set(corpus.fact_entities.loc[corpus.fact_entities["fact_id"] == fact.fact_id,
                                               "entity_id"])
        # the closest quote; of drafts quoting the same words (one per facility a list
        # names), the one about the curated claim's entities
        drafted = max(drafts, key=lambda d: (_shared(d["quote"], str(fact.quote)),
                                             len(_linked(d) & curated)))
        tally["parts"] += len(drafts)
        for f in FIELDS:
            truth = str(getattr(fact, f))
            tally[f] += drafted[f] == truth
            tally[f"plain {f}"] += base[f] == truth
            tally[f"majority {f}"] += majority[f] == truth
        truth = (_day(fact.date_start), _day(fact.date_end), str(fact.date_precision))
        tally["dates"] += (drafted["date_start"], drafted["date_end"],
                           drafted["date_precision"]) == truth
        tally["plain dates"] += _plain_date(text, said[fact.source_id]) == truth
        found = _linked(drafted)
        tally["entities right"] += len(found & curated)
        tally["entities found"] += len(found)
        tally["entities curated"] += len(curated)
        proposed = {e.split(":")[0] for e in drafted["event_ids"].split("|") if e}
        linked = set(links.loc[links["fact_id"] == fact.fact_id, "event_id"])
        tally["links right"] += len(proposed & linked)
        tally["links found"] += len(proposed)
        tally["links curated"] += len(linked)


def _linked(draft: dict) -> set[str]:
    return {e.split(":")[0] for e in draft["entity_ids"].split("|") if e}


def _shared(drafted: str, curated: str) -> float:
    """How much of two quotes is the same words (Jaccard over lower-cased words)."""
    a, b = set(drafted.lower().split()), set(curated.lower().split())
    return len(a & b) / max(len(a | b), 1)


def _plain(train, quotes: list[str]) -> list[dict[str, str]]:
    """The baseline: TF-IDF over the quotes' words and a logistic regression, nothing else."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    out = [{} for _ in quotes]
    for f in FIELDS:
        model = make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=1000))
        model.fit([str(q) for q in train["quote"]], train[f].astype(str))
        for row, label in zip(out, model.predict(quotes), strict=True):
            row[f] = str(label)
    return out


def _plain_date(quote: str, said) -> tuple[str, str, str]:
    from dateparser.search import search_dates

    found = search_dates(quote, languages=["en"], settings={"RELATIVE_BASE": said.to_pydatetime()})
    if not found:
        return "", "", "none"
    day = found[0][1].date().isoformat()
    return day, day, "day"


def report(name: str, tally: Counter) -> None:
    n = tally["claims"]

    def pct(key: str) -> str:
        return f"{100 * tally[key] / n:5.1f} %"

    recall = tally["entities right"] / max(tally["entities curated"], 1)
    precision = tally["entities right"] / max(tally["entities found"], 1)
    links = tally["links right"] / max(tally["links curated"], 1)
    print(f"\n{name}: {n} claims")
    if TEXT == "sentence":
        print(f"  drafted claims per sentence  {tally['parts'] / n:.2f}")
    print(f"  dates (start, end, precision) {pct('dates')}   plain dateparser "
          f"{pct('plain dates')}   (target >= 90 %)")
    print(f"  entity links recall {recall:.3f}, precision {precision:.3f}   (target >= 0.95)")
    for f, target in (("modality", 85), ("kind", 85), ("theme_id", 80)):
        print(f"  {f:8} {pct(f)}   plain TF-IDF {pct('plain ' + f)}   majority "
              f"{pct('majority ' + f)}   (target >= {target} %)")
    found = tally["links right"] / max(tally["links found"], 1)
    print(f"  record links recall {links:.3f}, precision {found:.3f}   (target: recall >= 0.70)")


def speed(bundled: Path) -> float:
    """Seconds to draft a 2,000-sentence document added to a copy of the bundled package."""
    from rupak_lib.curation.add_source import NewSource, add_source

    corpus = rk.load(bundled)
    rng = random.Random(7)
    pool = [str(t) for t in corpus.sentences.loc[corpus.sentences["kind"] == "body", "text"]]
    lines = [f"{rng.choice(pool)}" for _ in range(2000)]
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(bundled, data)
        text = Path(tmp) / "long.txt"
        text.write_text("A long document written for the benchmark\n\n" + "\n".join(
            f"Item {i}: {line}" for i, line in enumerate(lines)) + "\n", "utf-8")
        add_source(text, NewSource("long-2026-03-01", "Long", "Bench Writer", "2026-03-01"),
                   data)
        corpus = rk.load(data)
        start = time.perf_counter()
        drafted = rk.draft(corpus, "long-2026-03-01")
        seconds = time.perf_counter() - start
    print(f"\nspeed: {len(lines)} sentences drafted into {len(drafted)} claims in "
          f"{seconds:.1f} s   (target <= 20 s)")
    return seconds


def main() -> None:
    import argparse

    global TEXT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="text", choices=("sentence", "quote"), action="append",
                        help="draft each held-out claim from its whole sentence, as rupak "
                             "draft reads a new source, or from its quote; both by default")
    corpus = rk.load(ROOT / "data")
    for text in parser.parse_args().text or ["sentence", "quote"]:
        TEXT = text
        accuracy(corpus)
    speed(ROOT / "data")


def accuracy(corpus: rk.Corpus) -> None:
    """The cross-validation over the bundled speech, then the fixture sources."""
    print(f"\n== each held-out claim drafted from its {TEXT} ==")
    ids = sorted(corpus.facts["fact_id"])
    random.Random(0).shuffle(ids)
    folds = [set(ids[i::5]) for i in range(5)]
    tally: Counter = Counter()
    for held in folds:
        evaluate(corpus, set(ids) - held, held, tally)
    report("bundled speech, five-fold cross-validation", tally)

    fixture = ROOT / "tests" / "fixtures" / "corpus"
    if fixture.is_dir():
        both = rk.load(fixture)
        joined = _joined(corpus, both)
        tally = Counter()
        evaluate(joined, set(corpus.facts["fact_id"]), set(both.facts["fact_id"]), tally)
        report("team-written fixture sources, learned from the bundled package", tally)


def _joined(bundled: rk.Corpus, other: rk.Corpus) -> rk.Corpus:
    """The bundled package's facts and themes with another package's claims and record."""
    import dataclasses

    import pandas as pd

    def cat(name: str) -> pd.DataFrame:
        frames = [getattr(bundled, name), getattr(other, name)]
        key = {"entities": "entity_id", "chronology": "event_id", "sources": "source_id"}
        out = pd.concat(frames, ignore_index=True)
        if name == "entities":
            # an entity both packages know keeps the aliases of both: the other package's
            # claims were curated with its own ("steel mill", "gas pipeline")
            aliases = out.groupby("entity_id")["aliases"].agg(lambda values: "|".join(
                dict.fromkeys(a for v in values.dropna() for a in str(v).split("|") if a)))
            out = out.drop_duplicates("entity_id")
            return out.assign(aliases=out["entity_id"].map(aliases))
        return out.drop_duplicates(key[name]) if name in key else out

    return dataclasses.replace(bundled, **{n: cat(n) for n in (
        "sources", "entities", "facts", "fact_entities", "chronology", "chronology_entities",
        "fact_events", "sentences")})


if __name__ == "__main__":
    main()
