"""Stanza NER, loaded fully offline from a model directory.

Two kinds of directory are supported:

* the project's own model (the shipped ``models/kg-ar-news-ner-<version>/`` or one written by
  ``kg models train-ner``): ``ner.pt``, ``pretrain.pt``, a stub ``resources.json``, ``lexicon.txt`` and
  ``metadata.json``;
* the official Stanza Arabic model as laid out by Stanza's downloader (``kg models fetch``):
  ``resources.json``, ``ar/ner/aqmar_charlm.pt``, ``ar/pretrain/fasttextwiki.pt`` and both char-LMs.

Every required file is checked before Stanza is touched, because Stanza fails late and misleadingly (a
missing pretrain silently loads *untrained* embeddings; a missing char-LM is reported as an unknown
processor). Stanza and torch are imported only when the pipeline is first needed.

Tagging drives the NER model objects that ``stanza.Pipeline`` loaded, on token lists, without building a
``stanza.Document`` (see ``kg.ner.stanza_tagger``: same tags, several times faster); ``tag(...,
via_pipeline=True)`` makes the full ``Pipeline`` call instead, and the tests check both agree.

Stanza tags whole tokens, so a span's first token may carry proclitics (``وواشنطن``, ``بمحافظة``,
``للقوات``). They are cut off when the rest is an article-bearing word or a known entity word
(``lexicon.txt``); see ``strip_proclitics``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from kg.errors import ExtractionError, ResourceMissingError
from kg.model import Mention, MentionLabel, Sentence
from kg.ner.stanza_tagger import tag_sentences
from kg.resources import ner_models_dir

NAME = "kg.ner.stanza"
OFFICIAL_NAME = "kg.ner.stanza-official"

#: The shipped model: ``src/kg/ner/models/<MODEL_NAME>-<MODEL_VERSION>/``.
MODEL_NAME = "kg-ar-news-ner"
MODEL_VERSION = "1.3.0"
MODELS_ROOT = ner_models_dir()
DEFAULT_MODEL_DIR = MODELS_ROOT / f"{MODEL_NAME}-{MODEL_VERSION}"

#: Files of a project model directory.
NER_FILE = "ner.pt"
PRETRAIN_FILE = "pretrain.pt"
RESOURCES_FILE = "resources.json"
LEXICON_FILE = "lexicon.txt"
METADATA_FILE = "metadata.json"
RESOURCES_STUB = {"ar": {"lang_name": "Arabic"}}

#: Files of the official Stanza Arabic NER package, relative to the downloader's directory.
OFFICIAL_FILES = {
    "model": "ar/ner/aqmar_charlm.pt",
    "pretrain": "ar/pretrain/fasttextwiki.pt",
    "forward_charlm": "ar/forward_charlm/ccwiki.pt",
    "backward_charlm": "ar/backward_charlm/ccwiki.pt",
}

#: Stanza tag → our label; tags not listed (and the official model's MISC) are dropped.
TAG_MAP: dict[str, MentionLabel] = {
    "PER": "PER",
    "PERS": "PER",
    "ORG": "ORG",
    "LOC": "LOC",
    "GPE": "LOC",
    "FAC": "FAC",
    "NORP": "NORP",
    "DATE": "DATE",
    "QUANT": "QUANT",
}


class TokenLike(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...


Tokenizer = Callable[[str, int], Sequence[TokenLike]]


def default_tokenizer() -> Tokenizer:
    """The project tokenizer, ``kg.text.tokens.tokenize`` (clitics attached, punctuation split)."""
    from kg.text.tokens import tokenize

    return tokenize


# ---------------------------------------------------------------------------------------------- clitics

_ARTICLE = "ال"
_CONJ = "وف"
_PREP = "بلك"


def strip_proclitics(word: str, lexicon: frozenset[str] = frozenset()) -> int:
    """How many leading characters of ``word`` are proclitics (و ف then ب ل ك) to leave out of a span.

    A prefix is cut only when what remains is clearly a word of its own: it starts with the article
    (``بالأنبار`` → ``الأنبار``; ``للقوات`` → ``لقوات``, the ل of the article elided after ل), or it is a
    known entity word (``وواشنطن`` → ``واشنطن``) while the whole token is not (``وزارة``, ``بغداد`` stay).
    """
    if word in lexicon:
        return 0
    best = 0
    for i in range(1, min(3, len(word) - 2) + 1):
        prefix, rest = word[:i], word[i:]
        if not _is_clitic_chain(prefix):
            continue
        if (rest.startswith(_ARTICLE) and len(rest) >= 4) or rest in lexicon:
            best = i
            break
        if prefix.endswith("ل") and rest.startswith("ل") and len(rest) >= 3 and ("ا" + rest) in lexicon:
            best = i
            break
        if prefix.endswith("ل") and rest.startswith("ل") and len(rest) >= 4 and not rest.startswith(_ARTICLE):
            # لل + noun: the article's alef is not written after the preposition ل.
            best = i
            break
    return best


def _is_clitic_chain(prefix: str) -> bool:
    if len(prefix) == 1:
        return prefix in _CONJ + _PREP
    if len(prefix) == 2:
        return prefix[0] in _CONJ and prefix[1] in _PREP
    return False


# ---------------------------------------------------------------------------------------------- loading


@dataclass(frozen=True)
class ModelFiles:
    """Validated paths handed to ``stanza.Pipeline``."""

    resources_dir: Path
    model: Path
    pretrain: Path
    forward_charlm: Path | None = None
    backward_charlm: Path | None = None
    lexicon: frozenset[str] = frozenset()
    version: str = MODEL_VERSION
    official: bool = False


def _missing(path: Path, what: str, fix: str) -> ResourceMissingError:
    return ResourceMissingError(f"Stanza NER {what} not found: {path}", hint=fix)


def project_model_files(model_dir: Path) -> ModelFiles:
    """Check a project model directory; every missing file is reported with the command that makes it."""
    fix = f"run `kg models train-ner --out {model_dir}` or point KG_NER_MODEL_DIR at a trained model"
    if not model_dir.is_dir():
        raise _missing(model_dir, "model directory", fix)
    for name, what in (
        (NER_FILE, "model file"),
        (PRETRAIN_FILE, "pretrain (word vectors) file"),
        (RESOURCES_FILE, "resources.json"),
    ):
        if not (model_dir / name).is_file():
            raise _missing(model_dir / name, what, fix)
    lexicon: frozenset[str] = frozenset()
    if (model_dir / LEXICON_FILE).is_file():
        lexicon = frozenset(w for w in (model_dir / LEXICON_FILE).read_text(encoding="utf-8").split() if w)
    version = MODEL_VERSION
    if (model_dir / METADATA_FILE).is_file():
        try:
            meta = json.loads((model_dir / METADATA_FILE).read_text(encoding="utf-8"))
            version = str(meta.get("version", version))
        except (OSError, ValueError) as exc:
            raise ResourceMissingError(f"unreadable {model_dir / METADATA_FILE}: {exc}", hint=fix) from None
    return ModelFiles(
        model_dir, model_dir / NER_FILE, model_dir / PRETRAIN_FILE, lexicon=lexicon, version=version
    )


def official_model_files(official_dir: Path) -> ModelFiles:
    """Check the official Stanza Arabic layout, including the pretrain and both char-LMs it needs."""
    fix = (
        f"run `kg models fetch --dir {official_dir}` on a machine with network access and copy the directory"
    )
    if not official_dir.is_dir():
        raise _missing(official_dir, "official model directory", fix)
    resources = official_dir / RESOURCES_FILE
    if not resources.is_file():
        raise _missing(resources, "resources.json", fix)
    paths = {}
    for key, rel in OFFICIAL_FILES.items():
        path = official_dir / rel
        if not path.is_file():
            raise _missing(path, key.replace("_", " ") + " file", fix)
        paths[key] = path
    try:
        import importlib.metadata as md

        stanza_version = md.version("stanza")
    except Exception:  # pragma: no cover - stanza is a declared dependency
        stanza_version = "unknown"
    return ModelFiles(
        official_dir,
        paths["model"],
        paths["pretrain"],
        paths["forward_charlm"],
        paths["backward_charlm"],
        version=f"aqmar_charlm/stanza-{stanza_version}",
        official=True,
    )


class StanzaRecognizer:
    """A :class:`kg.ner.base.Recognizer` backed by a Stanza NER model on pre-tokenized text.

    ``model_dir`` defaults to the shipped project model; ``official_dir`` selects the official Stanza
    Arabic model instead (PER/LOC/ORG tags kept, MISC dropped). Files are checked at construction; the
    pipeline itself is built on first use.
    """

    def __init__(
        self,
        model_dir: Path | None = None,
        *,
        official_dir: Path | None = None,
        tokenizer: Tokenizer | None = None,
        batch_size: int = 64,
    ) -> None:
        if official_dir is not None:
            self.files = official_model_files(Path(official_dir))
            self.name = OFFICIAL_NAME
        else:
            self.files = project_model_files(Path(model_dir) if model_dir is not None else DEFAULT_MODEL_DIR)
            self.name = NAME
        self.version = self.files.version
        self._tokenize = tokenizer or default_tokenizer()
        self._batch_size = batch_size
        self._pipeline: Any = None
        self._char_ids: dict[str, list[int]] = {}  # word → character ids, reused across articles
        self._lock = threading.Lock()

    # -- stanza -----------------------------------------------------------------------------------
    def _load(self) -> Any:
        with self._lock:
            if self._pipeline is None:
                self._pipeline = self._build_pipeline()
        return self._pipeline

    def _build_pipeline(self) -> Any:
        import logging

        try:
            import stanza
        except ImportError as exc:  # pragma: no cover - stanza is a declared dependency
            raise ResourceMissingError(
                "the stanza package is not installed", hint="pip install stanza"
            ) from exc
        f = self.files
        kwargs: dict[str, Any] = {
            "processors": "tokenize,ner",
            "tokenize_pretokenized": True,
            "ner_model_path": str(f.model),
            "ner_pretrain_path": str(f.pretrain),
            "ner_batch_size": self._batch_size,
            "download_method": None,
            "model_dir": str(f.resources_dir),
            "device": "cpu",
            "logging_level": "WARN",
        }
        if f.forward_charlm is not None and f.backward_charlm is not None:
            kwargs["ner_forward_charlm_path"] = str(f.forward_charlm)
            kwargs["ner_backward_charlm_path"] = str(f.backward_charlm)
        level = logging.getLogger("stanza").level
        try:
            with _no_training_optimizer():
                return stanza.Pipeline("ar", **kwargs)
        except Exception as exc:
            raise ResourceMissingError(
                f"cannot load the Stanza NER model from {f.resources_dir}: {type(exc).__name__}: {exc}",
                hint="retrain with `kg models train-ner` or re-fetch with `kg models fetch`",
            ) from exc
        finally:
            logging.getLogger("stanza").setLevel(level)

    # -- recognition ------------------------------------------------------------------------------
    def recognize(self, text: str, sentences: list[Sentence],
                  tokens: Sequence[Sequence[TokenLike]] | None = None) -> list[Mention]:
        """Mentions in ``text``; each sentence is tagged (with the text layer's ``tokens`` when given, else
        tokenized here), spans mapped back to offsets."""
        given = tokens is not None and len(tokens) == len(sentences)
        if not sentences and text.strip():
            sentences = [Sentence(0, 0, len(text), text)]
        batches: list[tuple[Sentence, list[TokenLike]]] = []
        for k, sent in enumerate(sentences):
            source = tokens[k] if given and tokens is not None else self._tokenize(text[sent.start : sent.end],
                                                                                  sent.start)
            toks = [t for t in source if t.text.strip()]
            if toks:
                batches.append((sent, list(toks)))
        if not batches:
            return []
        tagged = self.tag([[t.text for t in toks] for _, toks in batches])
        mentions: list[Mention] = []
        for (sent, toks), tags in zip(batches, tagged, strict=True):
            mentions.extend(self._spans(text, sent, toks, tags))
        return mentions

    def tag(self, sentences: list[list[str]], *, via_pipeline: bool = False) -> list[list[str]]:
        """BIOES tags ("O" outside entities) for each pre-tokenized sentence.

        By default the Pipeline's NER model runs on the token lists directly (``kg.ner.stanza_tagger``);
        ``via_pipeline`` runs ``stanza.Pipeline`` on a Document instead (same tags, slower).
        """
        if not sentences:
            return []
        nlp = self._load()
        try:
            if via_pipeline:
                doc = nlp(sentences)
                return [[tok.ner or "O" for tok in sent.tokens] for sent in doc.sentences]
            return tag_sentences(nlp.processors["ner"], sentences, self._char_ids)
        except Exception as exc:
            raise ExtractionError(f"Stanza NER failed: {type(exc).__name__}: {exc}") from exc

    def _spans(self, text: str, sent: Sentence, toks: list[TokenLike], tags: list[str]) -> list[Mention]:
        out: list[Mention] = []
        for first, last, tag in decode_bioes(tags):
            label = TAG_MAP.get(tag)
            if label is None:
                continue
            start, end = toks[first].start, toks[last].end
            cut = strip_proclitics(toks[first].text, self.files.lexicon)
            if cut and toks[first].end - toks[first].start > cut:
                start += cut
            out.append(
                Mention(
                    start=start,
                    end=end,
                    text=text[start:end],
                    label=label,
                    sentence=sent.index,
                    recognizer=self.name,
                    recognizer_version=self.version,
                    confidence=0.8,
                )
            )
        return out


@contextmanager
def _no_training_optimizer() -> Iterator[None]:
    """Stanza's NER trainer builds an Adam optimizer even to tag; torch's first optimizer imports ``torch._dynamo``
    (2.7 s of a 3 s model load measured here, more than a one-article build). kg only tags with the loaded model
    (``kg.ner.stanza_tagger``), so while the Pipeline loads, no optimizer is built (training uses its own
    trainer, outside this)."""
    try:
        from stanza.models.common import utils
    except ImportError:  # pragma: no cover - stanza is a declared dependency
        yield
        return
    real = getattr(utils, "get_optimizer", None)
    if real is None:  # another stanza: nothing to skip
        yield
        return
    utils.get_optimizer = lambda *args, **kwargs: None
    try:
        yield
    finally:
        utils.get_optimizer = real


def decode_bioes(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(first token, last token, type) of each entity in a BIOES (or BIO) tag sequence; lenient on errors."""
    spans: list[tuple[int, int, str]] = []
    open_start: int | None = None
    open_type = ""
    for i, tag in enumerate(tags):
        prefix, _, typ = tag.partition("-")
        if prefix in ("B", "S") or (prefix in ("I", "E") and (open_start is None or typ != open_type)):
            if open_start is not None:
                spans.append((open_start, i - 1, open_type))
            open_start, open_type = i, typ
        elif prefix == "O" or not typ:
            if open_start is not None:
                spans.append((open_start, i - 1, open_type))
            open_start = None
            continue
        if prefix in ("S", "E"):
            spans.append((open_start, i, open_type))  # type: ignore[arg-type]
            open_start = None
    if open_start is not None:
        spans.append((open_start, len(tags) - 1, open_type))
    return spans
