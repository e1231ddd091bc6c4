"""Write each article of a JSONL corpus ({"id", "title", "text"}) as DIR/<id>.txt.

Used to build ../shared/corpus/bbc_business.jsonl with `kg build` until kg reads
JSONL itself:  python scripts/jsonl_to_txt.py CORPUS.jsonl DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(source: str, target: str) -> None:
    out = Path(target)
    out.mkdir(parents=True, exist_ok=True)
    with open(source, encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            title = article.get("title") or ""
            (out / f"{article['id']}.txt").write_text(f"{title}\n\n{article['text']}" if title else article["text"], encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:3])
