"""Runs a loaded Stanza NER model on pre-tokenized sentences, fast, with exactly the Pipeline's tags.

``stanza.Pipeline`` on pre-tokenized text spends most of its time outside the network: building a
``Document`` (a Python object per token), filling padded tensors one row at a time (one ``torch.LongTensor`` per
word for the character model), and a NumPy Viterbi loop per sentence. Measured on the seed articles with the
shipped model, the network itself is under half of the time. Two paths, both driving Stanza's own model
objects as the Pipeline loaded them (``nlp.processors["ner"]``):

* :func:`tag_with_loader` hands token lists to Stanza's NER ``DataLoader`` and ``Trainer.predict`` (no
  Document). Works for every Stanza NER model (char-LM, transformer);
* :func:`tag_fast` orders the batch as Stanza does (its own ``sort_all``), runs the model's layers in
  ``forward``'s order without the training loss (:func:`emissions`), the character LSTM once per distinct word
  of the batch (:func:`char_representations`), and decodes every sentence of a batch in one vectorized Viterbi pass with the
  same arithmetic and tie-breaking (first maximum) as Stanza's ``viterbi_decode``. Used for models with a plain
  character model or none (the project's models); anything else goes through :func:`tag_with_loader`.

``tests/test_ner_stanza.py`` checks all three (Pipeline, loader, fast) give identical tags.
"""

from __future__ import annotations

from typing import Any

import numpy as np


class _TokenLists:
    """The one Document method Stanza's NER ``DataLoader`` calls, over plain token lists (no tags yet)."""

    def __init__(self, sentences: list[list[str]]) -> None:
        self.sentences = sentences

    def get(
        self, fields: object, as_sentences: bool = True, from_token: bool = True
    ) -> list[list[list[Any]]]:
        return [[[word, None, None] for word in sent] for sent in self.sentences]


def tag_sentences(
    processor: Any, sentences: list[list[str]], char_cache: dict[str, list[int]]
) -> list[list[str]]:
    """Tags of each sentence, as ``NERProcessor.process`` would set them (several models merged, first wins)."""
    import torch
    from stanza.models.ner.utils import merge_tags

    all_preds = []
    with torch.no_grad():
        for trainer, config in zip(processor.trainers, processor.configs, strict=True):
            if fast_path_applies(trainer):
                all_preds.append(tag_fast(trainer, config, sentences, char_cache))
            else:
                all_preds.append(tag_with_loader(trainer, config, sentences))
    return [list(merge_tags(*x)) for x in zip(*all_preds, strict=True)]


def fast_path_applies(trainer: Any) -> bool:
    """Only models whose inputs :func:`tag_fast` builds: words (+ delta), optional plain char model, no BERT."""
    model = trainer.model
    args = model.args
    plain_chars = not (args["char"] and args["char_emb_dim"] > 0) or (
        getattr(model, "charmodel", None) is not None
        and not model.charmodel.attn
        and model.charmodel.num_dir == 2
    )
    return (
        model.bert_model is None
        and plain_chars
        and not args.get("charlm")
        and not args.get("connect_output_layers")
        and args.get("word_emb_dim", 0) > 0
        and "word" in model.vocab
    )


def tag_with_loader(trainer: Any, config: dict[str, Any], sentences: list[list[str]]) -> list[list[str]]:
    """Stanza's own ``DataLoader`` + ``Trainer.predict`` on token lists."""
    from stanza.models.ner.data import DataLoader

    loader = DataLoader(
        _TokenLists(sentences),
        config["batch_size"],
        config,
        vocab=trainer.vocab,
        evaluation=True,
        preprocess_tags=False,
        bert_tokenizer=trainer.model.bert_tokenizer,
    )
    preds: list[list[str]] = []
    for batch in loader:
        preds += trainer.predict(batch)
    return preds


def _padded(rows: list[list[int]], width: int) -> np.ndarray:
    out = np.zeros((len(rows), max(width, 1)), dtype=np.int64)  # PAD_ID is 0
    for i, row in enumerate(rows):
        out[i, : len(row)] = row
    return out


def tag_fast(
    trainer: Any, config: dict[str, Any], sentences: list[list[str]], char_cache: dict[str, list[int]]
) -> list[list[str]]:
    """The tags ``Trainer.predict`` gives, computed with NumPy batching and a vectorized Viterbi."""
    from stanza.models.common.data import sort_all
    from stanza.models.common.utils import unsort
    from stanza.models.common.vocab import VOCAB_PREFIX_SIZE
    from stanza.models.ner.trainer import fix_singleton_tags

    model = trainer.model
    model.eval()
    char_vocab = trainer.vocab["char"]
    tag_vocab = trainer.vocab["tag"]
    lower = bool(config.get("char_lowercase", False))
    batch_size = int(config["batch_size"])
    predict_tagset = trainer.args["predict_tagset"]
    names = None  # one output column: tag id → name, as ``unmap`` + ``predict_tagset`` give it, computed once
    if len(model.tag_clfs) == 1:
        ids = range(
            VOCAB_PREFIX_SIZE, model.tag_clfs[0].out_features
        )  # lower ids are clamped up, as in predict
        unmapped = tag_vocab.unmap([(i,) for i in ids])
        names = [""] * VOCAB_PREFIX_SIZE + [x[predict_tagset] if isinstance(x, list) else x for x in unmapped]

    def char_ids(word: str) -> list[int]:
        got = char_cache.get(word)
        if got is None:
            got = char_vocab.map([c.lower() for c in word] if lower else list(word))
            if len(char_cache) < 200_000:
                char_cache[word] = got
        return got

    out: list[list[str]] = []
    for first in range(0, len(sentences), batch_size):
        chunk = sentences[first : first + batch_size]
        # sentences longest first, as DataLoader.__getitem__ orders them (same function, same tie-breaking)
        (words,), orig_idx = sort_all([chunk], [len(s) for s in chunk])
        sentlens = [len(s) for s in words]
        logits = emissions(model, words, sentlens, char_ids)
        columns = [
            viterbi_batch(x.numpy(), crit._transitions.data.numpy(), sentlens)  # noqa: SLF001
            for x, crit in zip(logits, model.crits, strict=True)
        ]
        batch_tags = []
        for i in range(len(words)):
            if names is not None:
                seq = [names[max(x, VOCAB_PREFIX_SIZE)] for x in columns[0][i]]
            else:
                clamped = [
                    [x if x >= VOCAB_PREFIX_SIZE else VOCAB_PREFIX_SIZE for x in col[i]] for col in columns
                ]
                seq = tag_vocab.unmap(list(zip(*clamped, strict=True)))
                seq = [x[predict_tagset] if isinstance(x, list) else x for x in seq]
            batch_tags.append(fix_singleton_tags(seq))
        out += unsort(batch_tags, orig_idx)
    return out


def char_representations(model: Any, words: list[list[str]], char_ids: Any) -> Any:
    """Stanza's ``CharacterModel`` output (final states of the bidirectional char LSTM, one row per token, in
    the packed order the tagger concatenates), computed once per distinct word of the batch.

    Each word's row depends only on its own characters (the LSTM runs per word, from the model's learned initial
    state), so running the distinct words and copying rows gives the same values as running every token.
    """
    import torch
    from torch.nn.utils.rnn import pack_padded_sequence, pack_sequence

    cm = model.charmodel
    index: dict[str, int] = {}
    token_rows = [index.setdefault(w, len(index)) for sent in words for w in sent]
    distinct = list(index)
    ids = [char_ids(w) for w in distinct]
    order = sorted(range(len(ids)), key=lambda k: len(ids[k]), reverse=True)
    lens = [len(ids[k]) for k in order]
    padded = torch.from_numpy(_padded([ids[k] for k in order], lens[0]))
    embs = pack_padded_sequence(cm.char_emb(padded), lens, batch_first=True)
    layers = cm.num_dir * cm.args["char_num_layers"]
    hidden = cm.args["char_hidden_dim"]
    _, (h, _) = cm.charlstm(
        embs,
        lens,
        hx=(
            cm.charlstm_h_init.expand(layers, len(order), hidden).contiguous(),
            cm.charlstm_c_init.expand(layers, len(order), hidden).contiguous(),
        ),
    )
    reps = h[-2:].transpose(0, 1).contiguous().view(len(order), -1)
    back = torch.empty(len(order), dtype=torch.long)
    back[torch.tensor(order, dtype=torch.long)] = torch.arange(len(order))
    per_token = reps[back[torch.tensor(token_rows, dtype=torch.long)]]
    return pack_sequence(per_token.split([len(s) for s in words])).data


def emissions(model: Any, words: list[list[str]], sentlens: list[int], char_ids: Any) -> list[Any]:
    """Tag scores (batch × length × tags) per output column: Stanza's ``NERTagger.forward`` in eval mode,
    without the CRF loss it also computes (a per-step loop over the batch that inference never reads).

    Dropouts are identities in eval mode and ``pad``/``pack`` round trips return the same data, so they are
    left out; every layer is the model's own module, applied in the same order to the same tensors.
    """
    import torch
    from stanza.models.common.vocab import PAD_ID, UNK_ID
    from torch.nn.utils.rnn import PackedSequence, pack_padded_sequence, pad_packed_sequence

    args = model.args
    static_words, _ = model.extract_static_embeddings(args, words, model.vocab["word"])
    word_emb = model.word_emb(static_words)
    if "delta" in model.vocab and model.delta_emb is not None:
        delta_words, _ = model.extract_static_embeddings(args, words, model.vocab["delta"])
        unk_mask = torch.eq(delta_words, UNK_ID) * torch.not_equal(static_words, UNK_ID)
        delta_words[unk_mask] = PAD_ID
        word_emb = word_emb + model.delta_emb(delta_words)
    packed = pack_padded_sequence(word_emb, sentlens, batch_first=True)
    inputs = [packed.data]
    if args["char"] and args["char_emb_dim"] > 0:
        inputs.append(char_representations(model, words, char_ids))
    lstm_inputs = torch.cat(inputs, 1)
    if model.input_transform:
        lstm_inputs = model.input_transform(lstm_inputs)
    layers = 2 * args["num_layers"]
    hidden = args["hidden_dim"]
    out, _ = model.taggerlstm(
        PackedSequence(lstm_inputs, packed.batch_sizes),
        sentlens,
        hx=(
            model.taggerlstm_h_init.expand(layers, len(words), hidden).contiguous(),
            model.taggerlstm_c_init.expand(layers, len(words), hidden).contiguous(),
        ),
    )
    return [
        pad_packed_sequence(PackedSequence(clf(out.data), packed.batch_sizes), batch_first=True)[
            0
        ].contiguous()
        for clf in model.tag_clfs
    ]


def viterbi_batch(scores: np.ndarray, trans: np.ndarray, lengths: list[int]) -> list[list[int]]:
    """Best tag path of each sequence ``scores[i, :lengths[i]]``; same arithmetic as Stanza's ``viterbi_decode``.

    Every step is the per-sentence recurrence (``trellis[t] = scores[t] + max(trellis[t-1][:, None] + trans,
    axis 0)``) done for the whole batch at once; positions past a sentence's end are computed and ignored.
    """
    batch, steps, _ = scores.shape
    trellis = np.zeros_like(scores)
    back = np.zeros(scores.shape, dtype=np.int32)
    trellis[:, 0] = scores[:, 0]
    for t in range(1, steps):
        v = trellis[:, t - 1, :, None] + trans[None]
        trellis[:, t] = scores[:, t] + v.max(axis=1)
        back[:, t] = v.argmax(axis=1)
    paths = []
    for i in range(batch):
        last = lengths[i] - 1
        path = [int(np.argmax(trellis[i, last]))]
        for t in range(last, 0, -1):
            path.append(int(back[i, t, path[-1]]))
        path.reverse()
        paths.append(path)
    return paths
