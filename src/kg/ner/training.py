"""Train the project's Stanza NER model from the project's own files (``kg models train-ner``).

Data (all in ``kg/ner/data/``, never the seed articles, which are the evaluation set):

* ``written.txt`` — sentences written for the project with inline markup ``[TYPE words]``;
* ``templates.txt`` + ``entities.tsv`` — templates whose ``{SLOT}`` s are filled from the project's entity
  lists (a clitic glued to a slot is attached the Arabic way: ل + ال → لل);
* ``plain.txt`` — sentences written for the project with few or no entities (same markup), so that the
  model sees ordinary news words — masdars, verbs, dual nouns, adverbs — outside names;
* silver sentences: the articles written for the project (``examples/articles/``, ``tests/data/articles/``;
  never ``../shared/seeds``) split into sentences and labelled automatically by the gazetteer rules
  recognizer (tokens outside a rule mention are O): real-style context, mostly non-entity words;
* ``generation.json`` — counts, seed, dev share, silver sources, network sizes and optimiser settings.

Steps: markup → text + character spans → tokens (the same tokenizer the recognizer uses) → BIO tags →
Stanza JSON; 50-d PPMI+SVD word vectors from the training tokens (numpy) → a Stanza pretrain; then
``python -m stanza.models.ner_tagger`` (no char-LM, ``--cpu``, fixed seed) in a subprocess. Output: a model
directory that :class:`kg.ner.stanza_ner.StanzaRecognizer` loads offline, with ``metadata.json`` and
``MODEL_CARD.md``.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from kg.errors import ExtractionError, ResourceMissingError
from kg.ner.stanza_ner import (
    LEXICON_FILE,
    METADATA_FILE,
    MODEL_NAME,
    MODEL_VERSION,
    NER_FILE,
    PRETRAIN_FILE,
    RESOURCES_FILE,
    RESOURCES_STUB,
    Tokenizer,
    default_tokenizer,
)
from kg.resources import checkout_root, ner_data_dir

DATA_DIR = ner_data_dir()
PROJECT_ROOT = checkout_root()
TYPES = ("PER", "ORG", "LOC", "FAC", "NORP")
_MARK_RE = re.compile(r"\[(PER|ORG|LOC|FAC|NORP) ([^\[\]]+?)\]")
_SLOT_RE = re.compile(r"([وفبلك]{0,2})\{([A-Z_]+)\}")
UNIONS = {
    "ORG": ("ARMY", "GOV", "INTL", "GROUP"),
    "AGENT": ("ARMY", "GOV", "INTL", "GROUP", "AGENCY"),
    "PLACE": ("COUNTRY", "CITY", "GOVERNORATE", "REGION"),
    "FACILITY": ("BASE", "HQ", "AIRPORT", "OTHERFAC"),
}


@dataclass(frozen=True)
class Example:
    """One training sentence: plain text and its entity spans (character offsets)."""

    text: str
    spans: tuple[tuple[int, int, str], ...]


# ------------------------------------------------------------------------------------------ markup


def parse_markup(line: str) -> Example:
    """``و[LOC واشنطن] تعلن`` → text ``وواشنطن تعلن`` and the span of ``واشنطن``."""
    out: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0
    length = 0
    for m in _MARK_RE.finditer(line):
        before = line[pos : m.start()]
        out.append(before)
        length += len(before)
        surface = m.group(2).strip()
        spans.append((length, length + len(surface), m.group(1)))
        out.append(surface)
        length += len(surface)
        pos = m.end()
    out.append(line[pos:])
    text = "".join(out)
    if "[" in text or "]" in text:
        raise ExtractionError(f"bad markup in training sentence: {line!r}")
    return Example(text, tuple(spans))


def attach_clitic(clitic: str, word: str) -> str:
    """Glue proclitics to a word as written: ل + الأمم → للأمم; و + بغداد → وبغداد."""
    if clitic.endswith("ل") and word.startswith("ال"):
        return clitic + word[1:]
    return clitic + word


def read_lines(path: Path) -> list[str]:
    """Non-empty, non-comment lines of a data file."""
    if not path.is_file():
        raise ResourceMissingError(f"NER training data file not found: {path}")
    return [
        ln.strip()
        for ln in path.read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.lstrip().startswith("#")
    ]


def read_fillers(path: Path) -> dict[str, list[tuple[str, str]]]:
    """``entities.tsv`` → slot → [(type, surface)]."""
    fillers: dict[str, list[tuple[str, str]]] = {}
    for ln in read_lines(path):
        parts = ln.split("\t")
        if len(parts) != 3:
            raise ExtractionError(f"{path.name}: expected slot<TAB>type<TAB>surface, got {ln!r}")
        slot, typ, surface = parts
        fillers.setdefault(slot, []).append((typ, surface))
    for union, members in UNIONS.items():
        fillers[union] = [f for m in members for f in fillers.get(m, [])]
    return fillers


def fill_template(template: str, fillers: dict[str, list[tuple[str, str]]], rng: random.Random) -> str:
    """One markup sentence from a template; typed fillers become ``[TYPE surface]``."""

    def repl(m: re.Match[str]) -> str:
        clitic, slot = m.group(1), m.group(2)
        choices = fillers.get(slot)
        if not choices:
            raise ExtractionError(f"template slot {{{slot}}} has no fillers in entities.tsv")
        typ, surface = rng.choice(choices)
        if typ == "O":
            return attach_clitic(clitic, surface) if clitic else surface
        glued = attach_clitic(clitic, surface)
        return f"{glued[: len(glued) - len(surface)]}[{typ} {surface}]" if clitic else f"[{typ} {surface}]"

    return _SLOT_RE.sub(repl, template)


def _dehamza(line: str, rng: random.Random) -> str:
    """Spelling noise seen in news: أ/إ/آ written as bare ا in some words."""
    return "".join(rng.choice("ا") if ch in "أإآ" and rng.random() < 0.5 else ch for ch in line)


def generate(config: dict[str, object], data_dir: Path = DATA_DIR) -> tuple[list[str], list[str]]:
    """(written markup lines, generated markup lines), deterministic for the config's seed."""
    rng = random.Random(int(config["seed"]))  # type: ignore[call-overload]
    written = read_lines(data_dir / "written.txt")
    templates = read_lines(data_dir / "templates.txt")
    fillers = read_fillers(data_dir / "entities.tsv")
    n = int(config["generated_sentences"])  # type: ignore[call-overload]
    noise = float(config.get("hamza_noise", 0.1))  # type: ignore[arg-type]
    generated = []
    for i in range(n):
        line = fill_template(templates[i % len(templates)], fillers, rng)
        if rng.random() < noise:
            line = _dehamza(line, rng)
        generated.append(line)
    return written, generated


# ------------------------------------------------------------------------------------------ silver


def _html_text(html: str) -> str:
    """Visible text of the title, headings and paragraphs of an HTML page, one block per line."""
    from html.parser import HTMLParser

    blocks: list[str] = []

    class _P(HTMLParser):
        depth = 0

        def handle_starttag(self, tag: str, attrs: object) -> None:
            if tag in ("p", "h1", "h2", "h3", "title"):
                self.depth += 1
                blocks.append("")

        def handle_endtag(self, tag: str) -> None:
            if tag in ("p", "h1", "h2", "h3", "title") and self.depth:
                self.depth -= 1

        def handle_data(self, data: str) -> None:
            if self.depth and blocks:
                blocks[-1] += data

    _P().feed(html)
    return "\n".join(b.strip() for b in blocks if b.strip())


def article_texts(path: Path) -> list[str]:
    """Article bodies in one file: ``.txt`` (a `` date …`` header line dropped), ``.jsonl``, ``.html``."""
    raw = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    if path.suffix == ".txt":
        if raw.startswith(" date ") and "\n" in raw:
            raw = raw[raw.index("\n") + 1 :]
        return [raw]
    if path.suffix == ".jsonl":
        out = []
        for ln in raw.splitlines():
            if ln.strip():
                rec = json.loads(ln)
                out.append("\n".join(str(rec.get(k, "")) for k in ("title", "text") if rec.get(k)))
        return out
    if path.suffix in (".html", ".htm"):
        return [_html_text(raw)]
    return []


def silver_files(config: dict[str, object], root: Path = PROJECT_ROOT) -> list[Path]:
    """The project-owned article files listed by ``config["silver"]["sources"]``, sorted (deterministic)."""
    silver = config.get("silver")
    if not isinstance(silver, dict):
        return []
    files: list[Path] = []
    for src in silver.get("sources", []):
        folder = root / str(src)
        if "shared/seeds" in Path(src).as_posix():
            raise ExtractionError(f"silver source {src!r}: the seed articles are the evaluation set")
        if not folder.is_dir():
            raise ResourceMissingError(f"silver article folder not found: {folder}")
        files.extend(p for p in sorted(folder.iterdir()) if p.suffix in (".txt", ".jsonl", ".html", ".htm"))
    return files


def silver_examples(config: dict[str, object], root: Path = PROJECT_ROOT) -> list[Example]:
    """Project articles → sentences labelled by the gazetteer rules (PER/ORG/LOC/FAC/NORP; the rest O).

    Most words of a news sentence are not names; these sentences teach the model real-style context
    that the templates lack. Labels are silver: a name the gazetteer does not know is left O.
    """
    silver = config.get("silver")
    if not isinstance(silver, dict):
        return []
    from kg.gazetteer import Gazetteer
    from kg.ner.rules import RulesRecognizer
    from kg.text.sentences import split_sentences
    from kg.text.tokens import tokenize

    rules = RulesRecognizer(Gazetteer.load(root / str(silver.get("gazetteer", "seeds"))))
    min_tokens = int(silver.get("min_tokens", 4))
    examples: list[Example] = []
    seen: set[str] = set()
    for path in silver_files(config, root):
        for text in article_texts(path):
            sentences = split_sentences(text)
            mentions = rules.recognize(text, sentences)
            for sent in sentences:
                toks = tokenize(sent.text)
                arabic = sum(1 for t in toks if re.search("[\u0621-\u064a]", t.text))
                if arabic < min_tokens or sent.text in seen or "http" in sent.text:
                    continue
                seen.add(sent.text)
                spans = tuple(
                    (m.start - sent.start, m.end - sent.start, m.label)
                    for m in mentions
                    if sent.start <= m.start and m.end <= sent.end and m.label in TYPES
                )
                examples.append(Example(sent.text, spans))
    return examples


# ------------------------------------------------------------------------------------------ tagging


def to_tagged(example: Example, tokenize: Tokenizer) -> list[dict[str, str]]:
    """Stanza training rows: one ``{"text", "ner"}`` per token, BIO; a token overlapping a span is in it."""
    toks = [t for t in tokenize(example.text, 0) if t.text.strip()]
    rows = []
    for tok in toks:
        tag = "O"
        for start, end, typ in example.spans:
            if tok.start < end and start < tok.end:
                first = not any(p.start < end and start < p.end for p in toks if p.end <= tok.start)
                tag = ("B-" if first else "I-") + typ
                break
        rows.append({"text": tok.text, "ner": tag})
    return rows


def lexicon_of(examples: Iterable[Example]) -> list[str]:
    """Every word of every entity surface: lets the recognizer tell a clitic from a name's first letter."""
    words = {w for ex in examples for s, e, _ in ex.spans for w in ex.text[s:e].split()}
    return sorted(words)


# ------------------------------------------------------------------------------------------ vectors


def ppmi_svd_vectors(
    sentences: list[list[str]], dim: int, window: int = 2, max_vocab: int = 6000
) -> tuple[list[str], list[list[float]]]:
    """Word vectors from co-occurrence PPMI + truncated SVD (numpy only); deterministic."""
    import numpy as np

    counts = Counter(w for s in sentences for w in s)
    vocab = [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:max_vocab]]
    index = {w: i for i, w in enumerate(vocab)}
    m = np.zeros((len(vocab), len(vocab)), dtype=np.float64)
    for sent in sentences:
        ids = [index.get(w, -1) for w in sent]
        for i, a in enumerate(ids):
            if a < 0:
                continue
            for j in range(max(0, i - window), min(len(ids), i + window + 1)):
                if j != i and ids[j] >= 0:
                    m[a, ids[j]] += 1.0
    total = m.sum()
    row = m.sum(axis=1, keepdims=True)
    col = m.sum(axis=0, keepdims=True) ** 0.75
    col = col / col.sum() * total
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log((m * total) / (row * col))
    pmi[~np.isfinite(pmi)] = 0.0
    pmi = np.maximum(pmi, 0.0)
    u, s, _ = np.linalg.svd(pmi, full_matrices=False)
    k = min(dim, u.shape[1])
    vecs = u[:, :k] * np.sqrt(s[:k])
    if k < dim:
        vecs = np.hstack([vecs, np.zeros((len(vocab), dim - k))])
    signs = np.sign(vecs[np.abs(vecs).argmax(axis=0), range(dim)])  # fix SVD sign ambiguity
    signs[signs == 0] = 1.0
    vecs = vecs * signs
    norm = np.linalg.norm(vecs, axis=1, keepdims=True)
    norm[norm == 0] = 1.0
    return vocab, (vecs / norm).round(5).tolist()


# ------------------------------------------------------------------------------------------ training


def load_config(data_dir: Path = DATA_DIR) -> dict[str, object]:
    path = data_dir / "generation.json"
    if not path.is_file():
        raise ResourceMissingError(f"NER generation config not found: {path}")
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def data_fingerprint(data_dir: Path = DATA_DIR, root: Path = PROJECT_ROOT) -> str:
    """SHA-256 over the data files, silver articles and gazetteer, recorded so a model names its data."""
    h = hashlib.sha256()
    for name in ("written.txt", "plain.txt", "templates.txt", "entities.tsv", "generation.json"):
        if (data_dir / name).is_file():
            h.update(name.encode())
            h.update((data_dir / name).read_bytes())
    config = load_config(data_dir)
    extra = list(silver_files(config, root))
    silver = config.get("silver")
    if isinstance(silver, dict):
        gaz = root / str(silver.get("gazetteer", "seeds"))
        extra += [gaz / "entities.tsv", gaz / "aliases.tsv"]
    for path in extra:
        h.update(path.relative_to(root).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def build_dataset(
    config: dict[str, object], tokenize: Tokenizer, data_dir: Path = DATA_DIR
) -> tuple[list[list[dict[str, str]]], list[list[dict[str, str]]], list[Example]]:
    """(train rows, dev rows, all examples).

    Written and plain sentences are repeated ``written_repeat`` / ``plain_repeat`` times, silver ones
    ``silver.repeat`` times; dev is a shuffled share of every source.
    """
    written, generated = generate(config, data_dir)
    rng = random.Random(int(config["seed"]) + 1)  # type: ignore[call-overload]
    examples_w = [parse_markup(x) for x in written]
    examples_g = [parse_markup(x) for x in generated]
    plain_path = data_dir / "plain.txt"
    examples_p = [parse_markup(x) for x in read_lines(plain_path)] if plain_path.is_file() else []
    examples_s = silver_examples(config)
    dev_share = float(config["dev_share"])  # type: ignore[arg-type]
    pool = (
        [("w", e) for e in examples_w]
        + [("g", e) for e in examples_g]
        + [("p", e) for e in examples_p]
        + [("s", e) for e in examples_s]
    )
    rng.shuffle(pool)
    n_dev = int(len(pool) * dev_share)
    dev = [to_tagged(e, tokenize) for _, e in pool[:n_dev]]
    train = []
    silver = config.get("silver")
    repeats = {
        "w": int(config.get("written_repeat", 1)),  # type: ignore[call-overload]
        "g": 1,
        "p": int(config.get("plain_repeat", 1)),  # type: ignore[call-overload]
        "s": int(silver.get("repeat", 1)) if isinstance(silver, dict) else 1,
    }
    for kind, e in pool[n_dev:]:
        rows = to_tagged(e, tokenize)
        train.extend([rows] * repeats[kind])
    return train, dev, examples_w + examples_g + examples_p


def _write_vec(path: Path, vocab: list[str], vecs: list[list[float]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write(f"{len(vocab)} {len(vecs[0])}\n")
        for w, v in zip(vocab, vecs, strict=True):
            fh.write(w + " " + " ".join(f"{x:.5f}" for x in v) + "\n")


def train_model(
    out_dir: Path,
    *,
    data_dir: Path = DATA_DIR,
    tokenizer: Tokenizer | None = None,
    max_steps: int | None = None,
    log: Callable[[str], None] = print,
) -> dict[str, object]:
    """Build data, vectors and a Stanza NER model into ``out_dir``; returns the metadata written."""
    t0 = time.monotonic()
    config = load_config(data_dir)
    tokenize = tokenizer or default_tokenizer()
    train, dev, examples = build_dataset(config, tokenize, data_dir)
    log(f"data: {len(train)} train / {len(dev)} dev sentences")
    net = dict(config["network"])  # type: ignore[call-overload]
    steps = int(max_steps if max_steps is not None else net.pop("max_steps"))
    net.pop("max_steps", None)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kg-ner-train-") as tmp_s:
        tmp = Path(tmp_s)
        (tmp / "train.json").write_text(json.dumps(train, ensure_ascii=False), encoding="utf-8")
        (tmp / "dev.json").write_text(json.dumps(dev, ensure_ascii=False), encoding="utf-8")
        vocab, vecs = ppmi_svd_vectors([[r["text"] for r in s] for s in train], int(config["vector_dim"]))  # type: ignore[call-overload]
        _write_vec(tmp / "vectors.vec", vocab, vecs)
        _run(
            [
                sys.executable,
                "-m",
                "stanza.models.common.convert_pretrain",
                str(out_dir / PRETRAIN_FILE),
                str(tmp / "vectors.vec"),
                "-1",
            ],
            log,
        )
        args = [
            sys.executable,
            "-m",
            "stanza.models.ner_tagger",
            "--mode",
            "train",
            "--train_file",
            str(tmp / "train.json"),
            "--eval_file",
            str(tmp / "dev.json"),
            "--wordvec_pretrain_file",
            str(out_dir / PRETRAIN_FILE),
            "--shorthand",
            "ar_kgnews",
            "--save_dir",
            str(tmp / "saved"),
            "--save_name",
            NER_FILE,
            "--cpu",
            "--seed",
            str(config["seed"]),
            "--max_steps",
            str(steps),
        ]
        for key, value in net.items():
            # a boolean is a switch (``"no_char": true`` → ``--no_char``); anything else is ``--key value``
            if isinstance(value, bool):
                args += [f"--{key}"] if value else []
            else:
                args += [f"--{key}", str(value)]
        _run(args, log)
        saved = tmp / "saved" / NER_FILE
        if not saved.is_file():
            raise ExtractionError(f"Stanza training produced no model file ({saved})")
        shutil.copyfile(saved, out_dir / NER_FILE)
    (out_dir / RESOURCES_FILE).write_text(json.dumps(RESOURCES_STUB) + "\n", encoding="utf-8")
    (out_dir / LEXICON_FILE).write_text("\n".join(lexicon_of(examples)) + "\n", encoding="utf-8")
    n_tokens = sum(len(s) for s in train)
    ent_counts = Counter(r["ner"][2:] for s in train for r in s if r["ner"].startswith("B-"))
    meta: dict[str, object] = {
        "name": MODEL_NAME,
        "version": str(config.get("version", MODEL_VERSION)),
        "tags": list(TYPES),
        "stanza_version": _stanza_version(),
        "seed": config["seed"],
        "data_sha256": data_fingerprint(data_dir),
        "train_sentences": len(train),
        "dev_sentences": len(dev),
        "train_tokens": n_tokens,
        "train_entities": dict(sorted(ent_counts.items())),
        "written_sentences": len(read_lines(data_dir / "written.txt")),
        "plain_sentences": len(read_lines(data_dir / "plain.txt")) if (data_dir / "plain.txt").is_file() else 0,
        "silver_sentences": len(silver_examples(config)),
        "silver_sources": list(config["silver"]["sources"]) if isinstance(config.get("silver"), dict) else [],  # type: ignore[index]
        "generated_sentences": config["generated_sentences"],
        "vector_dim": config["vector_dim"],
        "vocab": len(vocab),
        "network": {**net, "max_steps": steps},
        "train_seconds": round(time.monotonic() - t0, 1),
        "files": {
            p.name: p.stat().st_size
            for p in sorted(out_dir.iterdir())
            if p.is_file() and p.name not in (METADATA_FILE, "MODEL_CARD.md")
        },
    }
    meta["dev_scores"] = dev_scores(out_dir, dev, tokenize)
    (out_dir / METADATA_FILE).write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (out_dir / "MODEL_CARD.md").write_text(model_card(meta), encoding="utf-8")
    log(f"model written to {out_dir} in {meta['train_seconds']} s")
    return meta


def dev_scores(
    model_dir: Path, dev: list[list[dict[str, str]]], tokenize: Tokenizer
) -> dict[str, dict[str, float]]:
    """Entity-level P/R/F1 per type on the held-out generated/written sentences, via the recognizer."""
    from kg.evaluation.ner import Span, score
    from kg.model import Sentence
    from kg.ner.stanza_ner import StanzaRecognizer, decode_bioes

    rec = StanzaRecognizer(model_dir, tokenizer=tokenize)
    gold: list[Span] = []
    pred: list[Span] = []
    for i, rows in enumerate(dev):
        text = " ".join(r["text"] for r in rows)
        offs, pos = [], 0
        for r in rows:
            offs.append((pos, pos + len(r["text"])))
            pos += len(r["text"]) + 1
        for first, last, typ in decode_bioes([r["ner"] for r in rows]):
            gold.append(Span(str(i), offs[first][0], offs[last][1], typ))
        for m in rec.recognize(text, [Sentence(0, 0, len(text), text)]):
            # dev gold keeps clitics inside the token span; compare on token boundaries
            start = max((s for s, _ in offs if s <= m.start), default=m.start)
            pred.append(Span(str(i), start, m.end, m.label))
    return {k: {m: round(v, 4) for m, v in d.items()} for k, d in score(gold, pred, TYPES).items()}


def model_card(meta: dict[str, object]) -> str:
    """MODEL_CARD.md text from the metadata."""
    dev = meta["dev_scores"]
    assert isinstance(dev, dict)
    rows = "\n".join(
        f"| {t} | {d['precision']:.3f} | {d['recall']:.3f} | {d['f1']:.3f} | {int(d['support'])} |"
        for t, d in dev.items()
    )
    files = meta["files"]
    assert isinstance(files, dict)
    tags = cast(list[str], meta["tags"])
    silver_sources = cast(list[str], meta.get("silver_sources", []))
    sizes = "\n".join(f"| `{n}` | {s:,} B |" for n, s in files.items())
    return f"""# Model card: {meta["name"]} {meta["version"]}

Stanza NER model (BiLSTM-CRF, no char-LM) for Arabic news about military bases, handovers and troop
withdrawals in Iraq, Syria and the region. Tags: {", ".join(tags)} (BIOES inside Stanza).

## Data
Only the project's own files — `src/kg/ner/data/`, the project's articles and the `seeds/` gazetteer (sha256 `{str(meta["data_sha256"])[:16]}…`):
{meta["written_sentences"]} hand-written sentences (`written.txt`, repeated in training),
{meta.get("plain_sentences", 0)} hand-written sentences with few or no entities (`plain.txt`, repeated),
{meta["generated_sentences"]} sentences generated from `templates.txt` filled with `entities.tsv`
(seed {meta["seed"]}), and {meta.get("silver_sentences", 0)} silver sentences: the project's own articles
({", ".join(f"`{s}`" for s in silver_sources)}) labelled by the gazetteer rules recognizer
(words outside a rule mention are O). The five seed articles (`../shared/seeds`) are **not** used: they
are the evaluation set.
Train: {meta["train_sentences"]} sentences, {meta["train_tokens"]} tokens, entities {meta["train_entities"]};
dev: {meta["dev_sentences"]} held-out sentences.

Word vectors: {meta["vector_dim"]}-d PPMI+SVD over the training tokens ({meta["vocab"]} words), numpy only.

## Network
{meta["network"]}; Stanza {meta["stanza_version"]}; trained on CPU in {meta["train_seconds"]} s.

## Files
| file | size |
|---|---|
{sizes}

## Dev scores (held-out generated/written sentences; optimistic — see docs/ner.md for the seed articles)
| type | P | R | F1 | support |
|---|---|---|---|---|
{rows}

## Reproduce
```
kg models train-ner --out src/kg/ner/models/{meta["name"]}-{meta["version"]}
```
"""


def _stanza_version() -> str:
    import importlib.metadata as md

    return md.version("stanza")


def _run(args: list[str], log: Callable[[str], None]) -> None:
    env_threads = {"OMP_NUM_THREADS": "2", "MKL_NUM_THREADS": "2"}
    import os

    proc = subprocess.run(
        args, capture_output=True, text=True, env={**os.environ, **env_threads}, check=False
    )
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-8:])
        raise ExtractionError(f"Stanza step failed ({args[2]}): {tail}")
    for line in (proc.stderr or "").splitlines():
        if "Best" in line or "score" in line.lower() and "dev" in line.lower():
            log(line.strip())
