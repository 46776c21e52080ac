"""Writes N distinct bundle archives (variants of fixtures/bundles/url-over-8k, judged by the
static rules) as <folder>/<i>.tar.gz for bench/serve/load.sh."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "serve"))
from serve_support import bundle_archive  # noqa: E402

folder, count = Path(sys.argv[1]), int(sys.argv[2])
folder.mkdir(parents=True, exist_ok=True)
for i in range(count):
    (folder / f"{i}.tar.gz").write_bytes(bundle_archive("url-over-8k", variant=f"load-{i}"))
