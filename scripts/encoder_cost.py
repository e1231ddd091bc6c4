"""What a small transformer encoder would cost a build, against the spaCy parse.

KnowledgeNet's published systems above our relation figures encode each passage
with a transformer.  The smallest general English one, MiniLM-L6 (6 layers, 384
wide, 12 heads, feed-forward 1536), is timed here over every sentence of a
corpus in float32 numpy, sentences batched 32 at a time in order of length.  The
weights are random: the time does not depend on their values.  Word pieces are
estimated as 1.25 per word or punctuation mark, plus the two markers.

    python scripts/encoder_cost.py ../shared/corpus/bbc_business.jsonl

Then compare with the bare parse of the same texts (``kg bench --parts throughput``).
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

import numpy as np

WIDTH, FEED_FORWARD, LAYERS, HEADS = 384, 1536, 6, 12
BATCH = 32
PIECES_PER_WORD = 1.25


def layers(seed: int = 0) -> list[dict[str, np.ndarray]]:
    """Random weights of the encoder's shape."""
    rng = np.random.default_rng(seed)

    def matrix(rows: int, columns: int) -> np.ndarray:
        return rng.standard_normal((rows, columns), dtype=np.float32) * 0.02

    return [
        {"qkv": matrix(WIDTH, 3 * WIDTH), "out": matrix(WIDTH, WIDTH), "up": matrix(WIDTH, FEED_FORWARD), "down": matrix(FEED_FORWARD, WIDTH)}
        for _ in range(LAYERS)
    ]


def _normal(x: np.ndarray) -> np.ndarray:
    return (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + 1e-12)


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + np.tanh(0.7978845608 * (x + 0.044715 * x**3)))


def encode(x: np.ndarray, weights: list[dict[str, np.ndarray]]) -> np.ndarray:
    """The encoder's forward pass over ``x`` (batch, pieces, width)."""
    batch, length, _ = x.shape
    size = WIDTH // HEADS
    for layer in weights:
        q, k, v = np.split(x @ layer["qkv"], 3, axis=-1)
        q = q.reshape(batch, length, HEADS, size).transpose(0, 2, 1, 3)
        k = k.reshape(batch, length, HEADS, size).transpose(0, 2, 3, 1)
        v = v.reshape(batch, length, HEADS, size).transpose(0, 2, 1, 3)
        scores = q @ k / np.sqrt(size)
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        attended = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, WIDTH)
        x = _normal(x + attended @ layer["out"])
        x = _normal(x + _gelu(x @ layer["up"]) @ layer["down"])
    return x


def sentence_lengths(corpus: Path) -> list[int]:
    """Estimated word pieces of every sentence of a JSONL corpus (``text`` fields)."""
    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    sentences = [s for text in texts for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]
    return sorted(int(len(re.findall(r"\w+|[^\w\s]", s)) * PIECES_PER_WORD) + 2 for s in sentences)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    args = parser.parse_args()
    lengths = sentence_lengths(args.corpus)
    weights = layers()
    clock = time.perf_counter()
    for start in range(0, len(lengths), BATCH):
        batch = lengths[start : start + BATCH]
        encode(np.full((len(batch), max(batch), WIDTH), 0.1, dtype=np.float32), weights)
    seconds = time.perf_counter() - clock
    print(f"{len(lengths)} sentences, about {sum(lengths)} word pieces: the encoder takes {seconds:.1f} s")


if __name__ == "__main__":
    main()
