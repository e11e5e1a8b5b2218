"""The staff's reference task in the admin: how many page loads and user actions it takes.

As the Hagen editor, create a documentation, add one thematic table with a moderator (a new
person, whose name may be published), paste 13 flipchart bullets with sub-bullets, add 2 quotes,
enter 2 paper dot counts, add one photo with its alternative text, publish, and check the public
page. Performed twice: in the documentation editor (authoring/, one page per documentation) and,
for comparison, through the admin's model forms as before the editor existed.

Sets up its own SQLite database and media folder in a temporary folder, starts the development
server on a free port and drives Debian's Chromium with Playwright through the admin as a user
would. Counts every page load of the main frame and every user action (click, fill, select,
tick, paste, file choice, key press; following a link or opening an address counts as one
click) and prints them per step, with the totals and the wall time.

Not a test: the figures describe the admin's workflow (tests/authoring/test_reference_task.py
runs the editor's flow in CI and pins its figures).
Run: make bench-authoring (or .venv/bin/python scripts/bench_authoring.py --headed to watch)
"""

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
CHROMIUM = "/usr/bin/chromium"
USERNAME = "redaktion-hagen"
PASSWORD = "Bench-Hagen-2024"  # a local account in a throwaway database

TABLE = "Thementisch Ehrenamt"
MODERATOR = "Petra Schneider"
CATEGORY = "Was brauchen Ehrenamtliche in Hagen?"
# 13 bullets, four of them with sub-bullets (indented), as typed from a flipchart.
BULLETS = """\
Feste Ansprechperson in der Verwaltung
    erreichbar auch abends
Ehrenamtskarte bekannter machen
Fahrtkosten unbürokratisch erstatten
Räume im Quartier kostenlos nutzen
    Schulen und Gemeindezentren öffnen
Fortbildungen zu Datenschutz und Vereinsrecht
Junge Menschen über Schulen ansprechen
Anerkennungskultur: jährliches Fest der Ehrenamtlichen
Digitale Plattform für Engagementangebote
    eine Seite für alle Vereine
    auch in leichter Sprache
Versicherungsschutz klar erklären
Mehr Zeit statt mehr Formulare
Engagement von Zugewanderten sichtbar machen
Kooperation zwischen Vereinen stärken
Freiwilligenagentur im Stadtteil
"""
QUOTES = [
    ("Ohne die Ehrenamtlichen stünde in unserem Quartier vieles still.", "Teilnehmerin"),
    ("Wir brauchen weniger Papier und mehr Anerkennung.", "Vereinsvorsitzender"),
]
DOT_LABELS = ["Freiwilligenagentur im Stadtteil", "Digitale Plattform für Engagementangebote"]
DOT_COUNTS = [14, 9]
ALT_TEXT = "Flipchart des Thementischs Ehrenamt mit bunten Klebepunkten"


class Counter:
    """Page loads and user actions per step; every action goes through one of its methods."""

    def __init__(self, page) -> None:
        self.page = page
        self.rows: list[tuple[str, int, int]] = []
        self.step, self.loads, self.actions = "", 0, 0
        page.on("framenavigated", self._navigated)

    def _navigated(self, frame) -> None:
        if frame == self.page.main_frame:
            self.loads += 1

    def begin(self, step: str) -> None:
        self.end()
        self.step, self.loads, self.actions = step, 0, 0

    def end(self) -> None:
        if self.step:
            self.rows.append((self.step, self.loads, self.actions))
            self.step = ""

    def open(self, url: str) -> None:
        """Following a link or typing an address: one action."""
        self.actions += 1
        self.page.goto(url)

    def click(self, locator, *, navigates: bool = False) -> None:
        self.actions += 1
        if navigates:
            with self.page.expect_navigation():
                locator.click()
        else:
            locator.click()

    def fill(self, locator, text: str) -> None:
        self.actions += 1
        locator.fill(text)

    def paste(self, locator, text: str) -> None:
        """A whole text pasted at once (the flipchart's bullets): one action."""
        self.actions += 1
        locator.fill(text)

    def type(self, locator, text: str) -> None:
        """Typing a search term, counted once."""
        self.actions += 1
        locator.press_sequentially(text)

    def select(self, locator, label: str) -> None:
        self.actions += 1
        locator.select_option(label=label)

    def check(self, locator) -> None:
        self.actions += 1
        locator.check()

    def set_files(self, locator, path: Path) -> None:
        self.actions += 1
        locator.set_input_files(str(path))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def prepare(folder: Path) -> dict:
    """A fresh database with Hagen and its editor (staff, member of Hagen)."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "DEBUG": "1",
        "SECRET_KEY": "t",
        "DJANGO_SETTINGS_MODULE": "engagement_portal.settings",
    }
    env.pop("TESTING", None)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    script = (
        "from django.contrib.auth import get_user_model\n"
        "from stakeholders.models import EditorMembership, Municipality\n"
        "hagen = Municipality.objects.create(name='Hagen', slug='hagen')\n"
        f"user = get_user_model().objects.create_user({USERNAME!r}, password={PASSWORD!r},"
        " is_staff=True)\n"
        "EditorMembership.objects.create(user=user, municipality=hagen)\n"
    )
    subprocess.run([*manage, "shell", "-v", "0", "-c", script], cwd=ROOT, env=env, check=True)
    return env


def stored(env: dict, points: str) -> list[str]:
    """What the admin stored, read back from the database; the problems found. ``points``: the
    query of the paper dots (a dot-vote's paper counts, or the event's paper points)."""
    script = (
        "from events.models import Contribution, Event, EventRole, Quote\n"
        "from recommendations.models import Priority\n"
        "from voting.models import PaperCount\n"
        "event = Event.objects.get()\n"
        "bullets = Contribution.objects.filter(session__event=event)\n"
        "print(event.status, bullets.filter(parent=None).count(),"
        " bullets.exclude(parent=None).count(),"
        " Quote.objects.filter(session__event=event).count(),"
        " EventRole.objects.filter(session__event=event, role='moderation',"
        " person__publish_name=True).count(),"
        f" sorted({points}),"
        " event.photos.exclude(alt_text='').count())\n"
    )
    output = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    expected = f"published 13 4 2 1 {sorted(DOT_COUNTS)} 1"
    return [] if output == expected else [f"stored {output!r}, expected {expected!r}"]


def start_server(port: int, env: dict) -> subprocess.Popen:
    command = [sys.executable, "manage.py", "runserver", f"{HOST}:{port}", "--noreload"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2)
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("the development server did not start")


def flipchart_photo(folder: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1200, 800), (250, 250, 245))
    draw = ImageDraw.Draw(image)
    for row in range(13):
        draw.line((120, 80 + row * 52, 900, 80 + row * 52), fill=(30, 60, 140), width=6)
    for x, y, colour in ((950, 120, (220, 40, 40)), (990, 170, (40, 160, 60))):
        draw.ellipse((x, y, x + 30, y + 30), fill=colour)
    path = folder / "flipchart-ehrenamt.jpg"
    image.save(path, "JPEG", quality=85)
    return path


def choose_event(run: Counter, title: str) -> None:
    """The admin's search field for the documentation (select2): open, type, choose."""
    page = run.page
    run.click(page.locator("#id_event + .select2 .select2-selection"))
    run.type(page.locator(".select2-search__field"), title.split()[0])
    run.click(page.locator(".select2-results__option", has_text=title).first)


FORM_POINTS = "PaperCount.objects.values_list('dots', flat=True)"
EDITOR_POINTS = "Priority.objects.filter(source='paper').values_list('points', flat=True)"


TITLE = "Engagementwerkstatt Hagen 2024"


def logged_in(page, base: str) -> Counter:
    """The first step of both flows: the admin's address, its login form."""
    run = Counter(page)
    run.begin("Anmelden")
    run.open(f"{base}/admin/")
    run.fill(page.locator("#id_username"), USERNAME)
    run.fill(page.locator("#id_password"), PASSWORD)
    run.click(page.locator("input[type=submit]"), navigates=True)
    return run


def author_in_editor(page, base: str, photo: Path) -> tuple[Counter, list[str]]:
    """The task in the documentation editor: the start page's form opens it; everything else
    happens on its page, each field saved when it is left."""
    run, title = logged_in(page, base), TITLE

    run.begin("Dokumentation anlegen")
    run.fill(page.locator("#id_title"), title)
    run.select(page.locator("#id_kind"), "Workshop")
    run.fill(page.locator("#id_date"), "2024-09-14")
    run.click(page.get_by_role("button", name="Anlegen und bearbeiten"), navigates=True)
    if "/admin/dokumentation/" not in page.url:
        raise SystemExit(f"the documentation was not created: {error_text(page)}")

    run.begin("Thementisch mit Moderation")
    run.click(page.get_by_role("button", name="Arbeitsphase hinzufügen"))
    card = page.locator(".session-card").last
    run.fill(card.get_by_label("Titel"), TABLE)
    run.fill(card.get_by_label("Moderation"), MODERATOR)
    run.check(card.get_by_label("Name veröffentlichen (Einwilligung liegt vor)"))

    run.begin("13 Flipchart-Stichpunkte einfügen")
    run.fill(card.get_by_label("Kategorie der Stichpunkte"), CATEGORY)
    run.paste(card.get_by_label("Stichpunkte einfügen"), BULLETS)

    run.begin("2 Zitate am Thementisch")
    run.fill(
        card.get_by_label("Zitate einfügen"),
        "\n".join(f"{text} – {speaker}" for text, speaker in QUOTES),
    )

    run.begin("2 Papierpunkte erfassen")
    run.paste(
        page.locator("[name=counts-counts]"),
        "\n".join(f"{label}\t{dots}" for label, dots in zip(DOT_LABELS, DOT_COUNTS, strict=True)),
    )

    run.begin("Foto mit Alternativtext")
    run.set_files(page.locator("[data-photo-files]"), photo)
    run.fill(page.locator(".photo-pending input[name$=alt_text]"), ALT_TEXT)

    run.begin("Veröffentlichen")
    run.click(page.locator("#publish").get_by_role("button", name="Veröffentlichen"))
    try:
        page.locator("#publish").get_by_role(
            "button", name="Veröffentlichung zurückziehen"
        ).wait_for()
    except Exception:  # noqa: BLE001 (the page's own words say why)
        status = page.locator("[data-status]").inner_text()
        raise SystemExit(
            f"not published: {status} {page.locator('#publish').inner_text()}"
        ) from None

    run.begin("Öffentliche Seite prüfen")
    run.click(
        page.locator("#publish").get_by_role("link", name="Öffentliche Seite ansehen"),
        navigates=True,
    )
    run.end()
    return run, missing_on_public_page(page)


def author_in_forms(page, base: str, photo: Path) -> tuple[Counter, list[str]]:
    """The task through the admin's model forms (before the editor)."""
    run, title = logged_in(page, base), TITLE

    run.begin("Veranstaltung mit Thementisch anlegen")
    run.click(page.locator('a[href$="/admin/events/event/add/"]').first, navigates=True)
    run.fill(page.locator("#id_title"), title)
    run.select(page.locator("#id_kind"), "Workshop")
    if page.locator("select#id_municipality").count():  # only editors of several places
        run.select(page.locator("#id_municipality"), "Hagen")
    run.fill(page.locator("#id_date"), "14.09.2024")
    run.click(page.locator("#sessions-group .add-row a"))
    run.fill(page.locator("#id_sessions-0-title"), TABLE)
    run.select(page.locator("#id_sessions-0-kind"), "Thementisch")
    run.click(page.locator("input[name=_continue]").first, navigates=True)
    event_change_url = page.url
    if "/change/" not in event_change_url:
        raise SystemExit(f"the documentation was not saved: {error_text(page)}")

    run.begin("Moderation und 2 Zitate am Thementisch")
    run.click(page.locator("#sessions-group a.inlinechangelink").first, navigates=True)
    run.click(page.locator("#roles-group .add-row a"))
    run.fill(page.locator("#id_roles-0-new_person_name"), MODERATOR)
    run.check(page.locator("#id_roles-0-new_person_publish"))
    run.select(page.locator("#id_roles-0-role"), "Moderation")
    for number, (text, speaker) in enumerate(QUOTES):
        run.click(page.locator("#quotes-group .add-row a"))
        run.fill(page.locator(f"#id_quotes-{number}-text"), text)
        run.fill(page.locator(f"#id_quotes-{number}-speaker_label"), speaker)
    run.click(page.locator("input[name=_continue]").first, navigates=True)
    if page.locator(".errornote").count():
        raise SystemExit(f"the thematic table was not saved: {error_text(page)}")

    run.begin("13 Flipchart-Stichpunkte einfügen")
    run.click(page.get_by_role("link", name="Ergebnisse vom Flipchart einfügen"), navigates=True)
    run.fill(page.locator("#id_category"), CATEGORY)
    run.paste(page.locator("#id_bullets"), BULLETS)
    run.click(page.locator("input[name=_save]"), navigates=True)
    if page.locator(".errornote, .errorlist").count():
        raise SystemExit(f"the bullets were not saved: {error_text(page)}")

    run.begin("2 Papierpunkte erfassen")
    run.open(f"{base}/admin/voting/dotvote/add/")
    choose_event(run, title)
    run.fill(page.locator("#id_title"), "Was packen wir zuerst an?")
    run.fill(page.locator("#id_labels"), "\n".join(DOT_LABELS))
    run.click(page.locator("input[name=_save]"), navigates=True)
    if page.locator(".errornote").count():
        raise SystemExit(f"the dot-vote was not saved: {error_text(page)}")
    run.click(page.locator("#result_list a", has_text="Steuerung").first, navigates=True)
    run.click(page.get_by_role("link", name="Papierpunkte erfassen"), navigates=True)
    for label, dots in zip(DOT_LABELS, DOT_COUNTS, strict=True):
        run.fill(page.get_by_label(label), str(dots))
    run.click(page.locator("form.paper-form [type=submit]"), navigates=True)

    run.begin("Foto mit Alternativtext")
    run.open(f"{base}/admin/uploads/photo/add/")
    choose_event(run, title)
    run.set_files(page.locator("#id_upload"), photo)
    run.fill(page.locator("#id_alt_text"), ALT_TEXT)
    run.click(page.locator("input[name=_save]"), navigates=True)
    if page.locator(".errornote").count():
        raise SystemExit(f"the photo was not saved: {error_text(page)}")

    run.begin("Veröffentlichen")
    run.open(event_change_url)
    run.click(page.locator("input[name=_publish]").first, navigates=True)

    run.begin("Öffentliche Seite prüfen")
    run.click(page.locator(".object-tools a.viewsitelink"), navigates=True)
    run.end()
    return run, missing_on_public_page(page)


def missing_on_public_page(page) -> list[str]:
    text = page.locator("main").inner_text()
    html = page.content()
    missing = [line.strip() for line in BULLETS.splitlines() if line.strip() not in text]
    missing += [quote for quote, _speaker in QUOTES if quote not in text]
    if f'alt="{ALT_TEXT}"' not in html:
        missing.append(f"photo alt {ALT_TEXT!r}")
    if MODERATOR not in text:
        missing.append(f"moderator {MODERATOR!r}")
    return missing


def error_text(page) -> str:
    errors = page.locator(".errornote, .errorlist").all_inner_texts()
    return re.sub(r"\s+", " ", " | ".join(errors)) or page.url


FLOWS = {
    "editor": ("Im Editor (eine Seite je Dokumentation)", author_in_editor, EDITOR_POINTS),
    "forms": ("In den Formularen des Admin (vorher)", author_in_forms, FORM_POINTS),
}


def perform(flow: str, headed: bool) -> tuple[Counter, float, list[str]]:
    """One flow in its own database, media folder and development server."""
    from playwright.sync_api import sync_playwright

    _title, author, points = FLOWS[flow]
    with tempfile.TemporaryDirectory(prefix="bench-authoring-") as temp:
        folder = Path(temp)
        env = prepare(folder)
        photo = flipchart_photo(folder)
        port = free_port()
        server = start_server(port, env)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=not headed)
                page = browser.new_page(locale="de-DE")
                page.set_default_timeout(15_000)
                started = time.monotonic()
                run, missing = author(page, f"http://{HOST}:{port}", photo)
                elapsed = time.monotonic() - started
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
        missing += stored(env, points)
    return run, elapsed, missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--headed", action="store_true", help="show the browser window")
    parser.add_argument("--flow", choices=[*FLOWS, "both"], default="both")
    args = parser.parse_args()

    problems = []
    for flow in FLOWS if args.flow == "both" else [args.flow]:
        run, elapsed, missing = perform(flow, args.headed)
        width = max(len(step) for step, _loads, _actions in run.rows)
        print(f"\n{FLOWS[flow][0]}")
        print(f"{'Schritt':<{width}}  Seitenaufrufe  Aktionen")
        for step, loads, actions in run.rows:
            print(f"{step:<{width}}  {loads:>13}  {actions:>8}")
        loads = sum(row[1] for row in run.rows)
        actions = sum(row[2] for row in run.rows)
        print(f"{'Summe':<{width}}  {loads:>13}  {actions:>8}")
        print(f"Wall time: {elapsed:.1f} s (goal: at most 4 page loads and 20 actions)")
        problems += [f"{flow}: {problem}" for problem in missing]
    if problems:
        raise SystemExit("Missing: " + "; ".join(problems))
    print(
        "\nChecked in each flow: the public page shows the 13 bullets and their sub-bullets, both"
        " quotes, the moderator and the photo's alt text; the database holds the 2 paper counts"
    )


if __name__ == "__main__":
    main()
