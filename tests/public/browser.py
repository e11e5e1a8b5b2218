"""Headless Chromium (Debian's) for the public pages, and axe-core to check them."""

import os
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(settings.BASE_DIR) / "tests" / "vendor" / "axe.min.js"


@contextmanager
def orm_beside_playwright():
    """Playwright's sync API runs an event loop; let the ORM work meanwhile."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def axe_violations(page, tags: list[str] | None = None) -> list[dict]:
    """Run axe-core with its default rules (WCAG 2.x A and AA, and best practices), or only the
    rules of ``tags`` ("wcag2a", "wcag21aa" …).

    The page's Content-Security-Policy forbids injected scripts, so the browser context must be
    made with bypass_csp=True.
    """
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (tags) => {
            const options = {resultTypes: ["violations"]};
            if (tags) options.runOnly = {type: "tag", values: tags};
            const results = await axe.run(document, options);
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + ": " + n.failureSummary),
            }));
        }""",
        tags,
    )


def wait_until(page, expression: str, timeout: float = 10.0) -> None:
    """Wait until ``expression`` is true in the page. Playwright's wait_for_function evaluates a
    string with eval() in the page once its first check fails, which the portal's
    Content-Security-Policy refuses; page.evaluate goes through the browser's protocol instead."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout} s: {expression}")
        page.wait_for_timeout(50)
