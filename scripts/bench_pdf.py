"""Benchmark of the documentation PDFs (`make bench-pdf`): render time cold and cached, pages.

Imports the five demo documentations into a fresh SQLite file (bench-results/bench_pdf.sqlite3,
photos in a temporary folder), then requests each PDF in-process through Django's test client:
once with an empty cache (WeasyPrint renders it), then --requests times from the cache. Prints
the cold time, the fastest, median and p95 of the cached times (the fastest is the one least
disturbed by other work on the machine), the page count (pdfinfo) and the size.

Not a test: the figures depend on the machine. Goal for the largest (NRW): cold under 10 s,
cached under 50 ms.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20, help="cached requests per PDF")
    args = parser.parse_args()

    RESULTS.mkdir(exist_ok=True)
    database = RESULTS / "bench_pdf.sqlite3"
    database.unlink(missing_ok=True)
    media = tempfile.mkdtemp(prefix="bench-pdf-media-")
    os.environ.update(
        DATABASE_URL=f"sqlite:///{database}",
        MEDIA_ROOT=media,
        SECRET_KEY=os.environ.get("SECRET_KEY", "bench-only-secret-" + "x" * 40),
        ALLOWED_HOSTS="testserver",
        LOG_LEVEL="WARNING",
    )
    os.environ.pop("DEBUG", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engagement_portal.settings")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.files.storage import default_storage
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from events.importer import documentation_import, documentation_load
    from events.pdf import CACHE_FOLDER

    call_command("migrate", verbosity=0)
    events = [
        documentation_import(data=documentation_load(path)).event
        for path in sorted((ROOT / "demo" / "documentations").glob("*.yaml"))
    ]
    client = Client(HTTP_ACCEPT_LANGUAGE="de")

    def get(url: str) -> tuple[float, bytes]:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, (url, response.status_code)
        return elapsed, response.content

    # WeasyPrint's and the fonts' first use costs once per process; not part of a PDF's time.
    with translation.override("de"):
        get(reverse("events:pdf", args=[events[0].slug]))

    print(
        f"{'documentation':<45} {'cold':>8} {'cached min':>11} {'p50':>8} {'p95':>8} "
        f"{'pages':>6} {'KB':>6}"
    )
    for event in events:
        with translation.override("de"):
            url = reverse("events:pdf", args=[event.slug])
        folder = f"{CACHE_FOLDER}/{event.pk}/de"
        if default_storage.exists(folder):
            for name in default_storage.listdir(folder)[1]:
                default_storage.delete(f"{folder}/{name}")
        cold, data = get(url)
        warm = sorted(get(url)[0] for _ in range(args.requests))
        info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True)
        pages = next(
            line.split()[-1]
            for line in info.stdout.decode().splitlines()
            if line.startswith("Pages:")
        )
        p95 = warm[min(len(warm) - 1, round(0.95 * (len(warm) - 1)))]
        print(
            f"{event.slug:<45} {cold:>7.2f}s {warm[0] * 1000:>9.1f}ms "
            f"{statistics.median(warm) * 1000:>6.1f}ms "
            f"{p95 * 1000:>6.1f}ms {pages:>6} {len(data) // 1024:>6}"
        )


if __name__ == "__main__":
    main()
