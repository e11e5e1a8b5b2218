"""Lighthouse and the W3C Nu checker on the public pages, as a visitor's browser sees them.

Serves the demo content the way a server does (gunicorn, DEBUG off, static files collected and
served by whitenoise, a fresh SQLite file in /tmp), then for each page prints Lighthouse's four
category scores and its Cumulative Layout Shift, on a phone and on a desktop, and the number of
errors the Nu HTML checker (vnu-jar) finds in the page's HTML.

    make audit                      # or: .venv/bin/python scripts/audit.py
    .venv/bin/python scripts/audit.py --runs 3 /events/   # median of three runs, one page

Needs node/npm (installs Lighthouse and vnu-jar, pinned in scripts/audit/package.json, into
scripts/audit/node_modules), java for vnu-jar and Chromium (CHROME_PATH, default
/usr/bin/chromium). Reports are kept in bench-results/audit/.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "scripts" / "audit"
RESULTS = ROOT / "bench-results" / "audit"
PAGES = [
    "/",
    "/events/",
    "/events/hagen-umsetzungskonferenz-2022/",
    "/events/nrw-fachkongress-luenen-2015/",
]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run"


def install_tools() -> None:
    if not shutil.which("npm"):
        raise SystemExit("The audit needs node and npm (Debian: apt-get install nodejs npm).")
    if not (TOOLS / "node_modules" / ".bin" / "lighthouse").exists():
        print("Installing Lighthouse and vnu-jar into scripts/audit/node_modules", flush=True)
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=TOOLS, check=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(database: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite:///{database}",
        DEBUG="0",
        TESTING="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SETTINGS_MODULE="engagement_portal.settings",
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    command = [sys.executable, "manage.py", *args]
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def wait_until_up(base: str, server: subprocess.Popen) -> None:
    for _ in range(100):
        if server.poll() is not None:
            raise SystemExit("The server stopped; see its output above.")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("The server did not answer /healthz.")


def lighthouse(url: str, form_factor: str, report: Path) -> dict:
    command = [
        str(TOOLS / "node_modules" / ".bin" / "lighthouse"),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    for _attempt in range(3):  # on a busy machine Lighthouse now and then loses its trace
        if subprocess.run(command, env=env).returncode == 0:
            break
        print(f"Lighthouse failed on {url} ({form_factor}), trying again", flush=True)
    else:
        raise SystemExit(f"Lighthouse failed three times on {url}")
    data = json.loads(report.read_text())
    scores = {name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES}
    scores["cls"] = data["audits"]["cumulative-layout-shift"]["numericValue"]
    scores["failed"] = sorted(
        audit_id
        for name in CATEGORIES
        for ref in data["categories"][name]["auditRefs"]
        if ref["weight"] > 0
        and (audit_id := ref["id"])
        and data["audits"][audit_id]["score"] is not None
        and data["audits"][audit_id]["score"] < 0.9
    )
    return scores


def nu_errors(base: str, path: str, folder: Path) -> list[dict]:
    html = folder / (path.strip("/").replace("/", "_") or "home")
    html = html.with_suffix(".html")
    with urllib.request.urlopen(base + path, timeout=30) as response:
        html.write_bytes(response.read())
    jar = TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    result = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--exit-zero-always", str(html)],
        capture_output=True,
        text=True,
        check=True,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [m for m in messages if m["type"] == "error" or m.get("subType") == "fatal"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", default=PAGES)
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (median)")
    parser.add_argument("--port", type=int, default=0, help="server port (0: a free one)")
    args = parser.parse_args()

    install_tools()
    RESULTS.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="portal-audit-"))
    env = server_environment(workdir / "db.sqlite3")
    print("Loading the demo content and collecting the static files", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--noinput")
    port = args.port or free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "engagement_portal.wsgi",
            f"--bind=127.0.0.1:{port}",
            "--workers=2",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(base, server)
        print(f"\nServing on {base}; {args.runs} Lighthouse run(s) per page and form factor\n")
        header = f"{'page':42} {'device':7} perf a11y best  seo    CLS"
        rows = []
        for path in args.pages:
            for form_factor in ("mobile", "desktop"):
                runs = []
                for run in range(args.runs):
                    name = (path.strip("/").replace("/", "_") or "home") + f"-{form_factor}-{run}"
                    runs.append(lighthouse(base + path, form_factor, RESULTS / f"{name}.json"))
                best = sorted(runs, key=lambda r: r["performance"])[len(runs) // 2]
                rows.append(
                    f"{path:42} {form_factor:7} {best['performance']:4} {best['accessibility']:4} "
                    f"{best['best-practices']:4} {best['seo']:4} {best['cls']:6.3f}"
                    + (f"  below 90: {', '.join(best['failed'])}" if best["failed"] else "")
                )
                print(rows[-1], flush=True)
        print("\nW3C Nu HTML checker (vnu-jar)")
        total = 0
        if not shutil.which("java"):
            print("No java on this machine: the Nu checker did not run (Debian: default-jre).")
        for path in args.pages if shutil.which("java") else []:
            errors = nu_errors(base, path, workdir)
            total += len(errors)
            print(f"{path:42} {len(errors)} error(s)")
            for error in errors[:10]:
                print(f"    line {error.get('lastLine')}: {error['message']}")
        print(f"\n{header}\n" + "\n".join(rows))
        print(f"Nu checker errors on {len(args.pages)} page(s): {total}")
        print(f"Lighthouse reports: {RESULTS.relative_to(ROOT)}/")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
