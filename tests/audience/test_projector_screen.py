"""The audience projector in headless Chromium at 1024×768, 1280×720 and 1920×1080: never
scrolled, the code on one line, the QR code large before the first question; a pinned question of
the longest length and ten long questions within the screen, no buttons. Screenshots of each size
go to the test's tmp_path."""

import pytest
from django.urls import reverse

from audience.models import TEXT_MAX_LENGTH
from audience.services import question_ask, question_moderate, upvote_set
from live.participants import participant_token_new
from tests.audience.conftest import make_round
from tests.voting.projector_screen import (
    MEASURE,
    SIZES,
    assert_fits,
    assert_join_view,
    assert_rows_in_view,
    staff_context,
)

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG = (
    "Wie wollen Stadt und Vereine gemeinsam dafür sorgen, dass auch Menschen ohne Auto, mit wenig "
    "Zeit oder mit Behinderungen an den Angeboten teilnehmen können, und wer bezahlt die "
    "Fahrdienste, die Gebärdensprachdolmetschung und die längeren Öffnungszeiten der Räume?"
)


def a_busy_round(event):
    """A round with fifteen released questions, each with a different number of votes, and the
    longest possible question pinned."""
    question_round = make_round(event, code="PLENUM2030")
    pinned = question_ask(
        code=question_round.code, token=participant_token_new(), text=LONG[:TEXT_MAX_LENGTH]
    )
    question_moderate(question=pinned, action="release")
    question_moderate(question=pinned, action="pin")
    for i in range(15):
        question = question_ask(
            code=question_round.code,
            token=participant_token_new(),
            text=f"Frage {i + 1}: Wie erreichen wir mehr junge Menschen für das Ehrenamt in den "
            "Stadtteilen, und wer begleitet sie dabei?",
        )
        question_moderate(question=question, action="release")
        for _ in range(15 - i):
            upvote_set(
                code=question_round.code,
                token=participant_token_new(),
                question_id=question.pk,
                upvoted=True,
            )
    return question_round


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_audience_projector_fits_the_screen_in_both_views(
    browser, live_server, hagen_world, hagen_editor, tmp_path, width, height
):
    question_round = a_busy_round(hagen_world["event"])
    _context, page = staff_context(browser, live_server, hagen_editor, width, height)
    url = live_server.url + reverse("audience:projector", args=[question_round.code])
    page.goto(url + "#mitmachen")
    page.wait_for_timeout(400)
    join = page.evaluate(MEASURE)
    page.screenshot(path=tmp_path / f"audience-join-{width}x{height}.png")
    assert_fits(join)
    assert_join_view(join, "PLENUM2030")

    page.goto(url + "#ergebnis")
    expect(page.locator("[data-pinned-text]")).to_have_text(LONG[:TEXT_MAX_LENGTH])
    page.wait_for_timeout(300)
    found = page.evaluate(MEASURE)
    page.screenshot(path=tmp_path / f"audience-questions-{width}x{height}.png")
    assert_fits(found)
    assert found["rowCount"] == 10  # the top ten besides the pinned one
    assert_rows_in_view(found, ["Frage 1:", "Frage 2:"])
    assert len(found["rows"]) == 10 or found["pager"].startswith("Seite 1/")
    pinned = page.locator("[data-pinned-text]").bounding_box()
    assert pinned["y"] >= 0 and pinned["y"] + pinned["height"] <= height
    # The whole pinned question is shown, not cut off.
    assert page.evaluate(
        "(() => { const el = document.querySelector('[data-pinned-text]');"
        " return el.scrollHeight <= el.clientHeight + 1; })()"
    )
    print(f"\n{width}x{height}: {len(found['rows'])} of 10 questions {found['pager']!r}")
