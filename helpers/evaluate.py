"""Score quotes and speakers against hand annotations (``*.json`` gold files, see ../shared/gold/README.md).

A predicted quote is right when at least half of its characters lie inside ONE gold quote; a gold
quote is found when right predictions cover at least half of it. Optional gold quotes neither reward
nor punish. Speaker accuracy counts found gold quotes (with a gold speaker) whose predicted speaker
has the gold speaker's surname, transliteration variants and actors-table aliases counting as equal.
"""

import difflib
import json
from pathlib import Path

import pandas as pd

from . import actors as actors_mod
from . import articles as articles_mod
from . import corrections as corrections_mod
from . import pipeline, positioning
from .actors import FUZZY_THRESHOLD, ActorMatcher, surname_key
from .frames import COLUMNS
from .knowledge import Knowledge

SUMMARY_COLUMNS = ["file", "n_gold", "n_optional", "n_pred", "n_pred_scored", "n_right", "n_found",
                   "precision", "recall", "f1", "n_speaker", "n_speaker_right", "speaker_accuracy"]


def _articles(article_id: str, text: str, knowledge: Knowledge | None) -> pd.DataFrame:
    return pd.DataFrame([articles_mod.article_from_text(article_id, text, knowledge=knowledge)])


def predict(article_id: str, text: str, actors: pd.DataFrame, knowledge: Knowledge | None = None,
            corrections: pd.DataFrame | None = None) -> pd.DataFrame:
    """The quotes frame the real pipeline gives for one text (``corrections``: as ``pipeline.analyze_articles``)."""
    return pipeline.analyze_articles(_articles(article_id, text, knowledge), actors, ("score",), knowledge,
                                     corrections=corrections)["quotes"]


def same_speaker(predicted: str | None, gold: str, matcher: ActorMatcher) -> bool:
    """Whether two names denote the same speaker (surnames equal up to transliteration, or one actor)."""
    if not isinstance(predicted, str) or not predicted:
        return False
    a, b = matcher.match(predicted), matcher.match(gold)
    if a and a == b:
        return True
    sa, sb = surname_key(predicted), surname_key(gold)
    return sa == sb or difflib.SequenceMatcher(None, sa, sb).ratio() >= FUZZY_THRESHOLD


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def score_file(gold: dict, pred: pd.DataFrame, matcher: ActorMatcher, name: str) -> tuple[dict, list, list, list]:
    """Summary row, misses, wrong speakers and false positives of one gold file."""
    golds = gold["quotes"]
    required = [g for g in golds if not g.get("optional")]
    preds = pred.to_dict("records")
    right: list[tuple[dict, dict]] = []
    false_pos, scored = [], 0
    for p in preds:
        span = (p["start"], p["end"])
        need = (span[1] - span[0]) / 2
        hits = [g for g in golds if _overlap(span, (g["start"], g["end"])) >= need]
        req = [g for g in hits if not g.get("optional")]
        if hits and not req:
            continue
        scored += 1
        if req:
            right.append((p, max(req, key=lambda g: _overlap(span, (g["start"], g["end"])))))
        else:
            false_pos.append({"file": name, "start": p["start"], "end": p["end"], "kind": p["kind"],
                              "speaker": p["speaker"], "text": p["text"]})
    misses, wrong, found, n_spk, n_spk_right = [], [], 0, 0, 0
    for g in required:
        gspan = (g["start"], g["end"])
        covering = [p for p, _ in right if _overlap((p["start"], p["end"]), gspan)]
        covered = _union_overlap([(p["start"], p["end"]) for p in covering], gspan)
        if covered * 2 < gspan[1] - gspan[0]:
            misses.append({"file": name, "start": g["start"], "end": g["end"], "kind": g["kind"],
                           "speaker": g["speaker"], "text": g["text"]})
            continue
        found += 1
        if g.get("speaker"):
            n_spk += 1
            best = max(covering, key=lambda p: _overlap((p["start"], p["end"]), gspan))
            if same_speaker(best["speaker"], g["speaker"], matcher):
                n_spk_right += 1
            else:
                wrong.append({"file": name, "start": g["start"], "gold_speaker": g["speaker"],
                              "predicted": best["speaker"], "mention": best["speaker_mention"],
                              "kind": g["kind"], "text": g["text"]})
    row = _metrics(name, len(required), len(golds) - len(required), len(preds), scored,
                   len(right), found, n_spk, n_spk_right)
    return row, misses, wrong, false_pos


def _union_overlap(spans: list[tuple[int, int]], target: tuple[int, int]) -> int:
    covered = {i for s, e in spans for i in range(max(s, target[0]), min(e, target[1]))}
    return len(covered)


def _metrics(name, n_gold, n_opt, n_pred, scored, n_right, found, n_spk, n_spk_right) -> dict:
    precision = n_right / scored if scored else 1.0
    recall = found / n_gold if n_gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return dict(zip(SUMMARY_COLUMNS, [name, n_gold, n_opt, n_pred, scored, n_right, found, precision, recall,
                                      f1, n_spk, n_spk_right, n_spk_right / n_spk if n_spk else 1.0]))


def evaluate(gold_dir: str | Path, actors: pd.DataFrame | None = None,
             knowledge: Knowledge | None = None, corrections: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Score every ``*.json`` under ``gold_dir`` with ``corrections`` applied (default: the knowledge's
    ``corrections.csv``): 'summary' (per file + ALL), 'misses', 'wrong_speakers', 'false_positives';
    'corrections': the ALL row without and with corrections."""
    actors = actors_mod.load_actors(knowledge) if actors is None else actors
    corrections = corrections_mod.load_corrections(knowledge) if corrections is None else corrections
    matcher = actors_mod.matcher(actors)
    rows, raw_rows, n_corrected, misses, wrong, false_pos = [], [], 0, [], [], []
    root = Path(gold_dir)
    for path in [root] if root.is_file() else sorted(root.rglob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if "quotes" not in gold or "text" not in gold:
            continue
        name = path.name if root.is_file() else str(path.relative_to(root))
        raw = predict(str(gold.get("article_id", path.stem)), gold["text"], actors, knowledge,
                      corrections_mod.NONE)
        pred = corrections_mod.apply(raw, corrections, actors)[0]
        n_corrected += int(pred["corrected"].sum()) + len(raw) - len(pred)
        raw_rows.append(score_file(gold, raw, matcher, name)[0])
        row, m, w, f = score_file(gold, pred, matcher, name)
        rows.append(row)
        misses += m
        wrong += w
        false_pos += f
    summary, raw = _with_total(rows), _with_total(raw_rows)
    effect = pd.concat([raw.tail(1), summary.tail(1)], ignore_index=True).drop(columns="file")
    effect.insert(0, "corrections", ["without", f"with ({n_corrected} quote(s) corrected)"][:len(effect)])
    return {
        "summary": summary,
        "corrections": effect,
        "misses": pd.DataFrame(misses, columns=["file", "start", "end", "kind", "speaker", "text"]),
        "wrong_speakers": pd.DataFrame(wrong, columns=["file", "start", "gold_speaker", "predicted", "mention",
                                                       "kind", "text"]),
        "false_positives": pd.DataFrame(false_pos, columns=["file", "start", "end", "kind", "speaker", "text"]),
        **evaluate_positions(gold_dir, actors),
    }


def _with_total(rows: list[dict]) -> pd.DataFrame:
    summary = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    if rows:
        t = summary.sum(numeric_only=True)
        summary.loc[len(summary)] = _metrics("ALL", *(int(t[c]) for c in SUMMARY_COLUMNS[1:7]),
                                             int(t["n_speaker"]), int(t["n_speaker_right"]))
    return summary


def format_report(results: dict[str, pd.DataFrame], width: int = 100) -> str:
    """Plain-text report of ``evaluate`` results (what ``python -m helpers evaluate`` prints)."""
    out = []
    summary = results["summary"]
    if summary.empty:
        return "No gold files found."
    with pd.option_context("display.width", width, "display.max_columns", 20, "display.max_colwidth", 60,
                           "display.float_format", "{:.3f}".format):
        out.append("Quotes and speakers against gold\n" + summary.to_string(index=False))
        if "corrections" in results:
            shown = results["corrections"][["corrections", "precision", "recall", "f1", "speaker_accuracy"]]
            out.append("\nAll files without and with data/corrections.csv\n" + shown.to_string(index=False))
        for key in ("misses", "wrong_speakers", "false_positives"):
            frame = results[key]
            title = f"\n{key.replace('_', ' ').capitalize()} ({len(frame)})"
            if frame.empty:
                out.append(title + ": none")
                continue
            shown = frame.assign(text=frame["text"].str.slice(0, 70))
            out.append(title + "\n" + shown.to_string(index=False))
        if "position_accuracy" in results:
            out.append("\nPositions against gold\n" + results["position_accuracy"].to_string(index=False))
            out.append("\nConfusion (rows gold, columns predicted)\n" + results["position_confusion"].to_string())
            wrong_pos = results["positions"][~results["positions"]["right"]]
            out.append(f"\nWrong positions ({len(wrong_pos)})" + ("\n" + wrong_pos.to_string(index=False)
                                                                 if len(wrong_pos) else ": none"))
    return "\n".join(out)


# ---------------------------------------------------------------- positions (stage 6)

POSITION_COLUMNS = ["file", "quotes_from", "speaker", "target", "gold", "predicted", "stance", "speaker_found",
                    "right"]
LABELS = ["negative", "neutral", "positive"]


def _gold_quotes(gold: dict, article_id: str) -> pd.DataFrame:
    """A quotes frame of the gold quotes and speakers (to score positioning apart from the quote engine)."""
    speakers = gold.get("speakers", {})
    rows = [dict(article_id=article_id, quote_id=f"{article_id}:g{i}", kind=q["kind"], start=q["start"],
                 end=q["end"], text=q["text"], speaker=q.get("speaker"),
                 side=speakers.get(q.get("speaker") or "", {}).get("side", ""))
            for i, q in enumerate(gold["quotes"])]
    return pd.DataFrame(rows).reindex(columns=COLUMNS["quotes"])


def evaluate_positions(gold_dir: str | Path, actors: pd.DataFrame | None = None,
                       quotes_from: tuple[str, ...] = ("pipeline", "gold"),
                       knowledge: Knowledge | None = None) -> dict[str, pd.DataFrame]:
    """Score position labels against the gold ``positions`` of every ``*.json`` under ``gold_dir``.

    ``quotes_from``: "pipeline" runs the quote engine end to end, "gold" uses the gold quotes and
    speakers. Gold labels are per speaker and target (the gold files have russia and ukraine); a gold
    speaker without a predicted row toward a target is "missing", wrong whatever the gold label (as
    ../shared/tools/quote_eval.py scores it). Returns
    'positions' (one row per file, quotes_from, speaker, target), 'position_accuracy' and
    'position_confusion' (of the first ``quotes_from``).
    """
    actors = actors_mod.load_actors(knowledge) if actors is None else actors
    matcher = actors_mod.matcher(actors)
    root = Path(gold_dir)
    rows = []
    for path in [root] if root.is_file() else sorted(root.rglob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if not gold.get("positions") or "text" not in gold:
            continue
        name = path.name if root.is_file() else str(path.relative_to(root))
        aid = str(gold.get("article_id", path.stem))
        arts = _articles(aid, gold["text"], knowledge)
        for source in quotes_from:
            given = None if source == "pipeline" else _gold_quotes(gold, aid)
            pos = pipeline.analyze_frame(arts, actors, ("score",), knowledge, given)["positions"]
            pos = pos[pos["article_id"] == aid]
            names = list(dict.fromkeys(pos["speaker"]))
            by_target = {(r["speaker"], r["target"]): r for r in pos.to_dict("records")}
            for speaker, labels in gold["positions"].items():
                match = next((p for p in names if p == speaker or (
                    speaker != positioning.ARTICLE_SPEAKER and same_speaker(p, speaker, matcher))), None)
                for target, gold_label in labels.items():
                    row = by_target.get((match, target))
                    predicted = row["label"] if row else "missing"
                    rows.append(dict(file=name, quotes_from=source, speaker=speaker, target=target,
                                     gold=gold_label, predicted=predicted, stance=row["stance"] if row else 0.0,
                                     speaker_found=match is not None, right=predicted == gold_label))
    table = pd.DataFrame(rows, columns=POSITION_COLUMNS)
    accuracy = table.groupby("quotes_from", sort=False).agg(n_pairs=("right", "size"), n_right=("right", "sum"),
                                                            accuracy=("right", "mean")).reset_index()
    first = table[table["quotes_from"] == quotes_from[0]] if len(table) else table
    confusion = pd.crosstab(pd.Categorical(first["gold"], LABELS), pd.Categorical(first["predicted"],
                                                                                    LABELS + ["missing"]),
                            rownames=["gold"], colnames=["predicted"], dropna=False)
    return {"positions": table, "position_accuracy": accuracy, "position_confusion": confusion}
