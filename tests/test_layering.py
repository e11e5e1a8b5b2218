"""Who may import whom (README, "A map of the code").

The documentation's apps (stakeholders, legal, uploads, recommendations, events, assessments and
the helpers in engagement_portal.lib) import none of the live features (voting, polls, audience)
and neither the editor (authoring) nor opendata; the features do not import authoring or
opendata. What the features share lives below them in the live core (live/: join codes in one
namespace, the participant's identity, the refusal, the rate limit, the staff check,
conditional answers); the places where they still import each other would be listed here: there
are none left.
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DOCUMENTATION = [
    "engagement_portal/lib",
    "stakeholders",
    "legal",
    "uploads",
    "recommendations",
    "events",
    "assessments",
]
FEATURES = ["voting", "polls", "audience"]
# Below the features, above the documentation: what they share (join codes, identity, refusal).
LIVE_CORE = ["live"]
TOP = ["authoring", "opendata"]
# voting and polls importing each other: (file, imported module).
SHARED_BY_IMPORT: set[tuple[str, str]] = set()


def _imports(path: Path):
    """Every module a file imports, also by name through apps.get_model("app", …)."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", "") == "get_model"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            yield str(node.args[0].value)


def _app(module: str, apps: list[str]) -> str | None:
    dotted = {app.replace("/", "."): app for app in apps}
    return next(
        (app for name, app in dotted.items() if module == name or module.startswith(name + ".")),
        None,
    )


def _found(folders: list[str], forbidden: list[str]):
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for module in _imports(path):
                target = _app(module, forbidden)
                if target is not None and (ROOT / target) not in path.parents:
                    yield str(path.relative_to(ROOT)), module


def test_the_documentation_imports_no_live_feature_nor_the_editor():
    assert list(_found(DOCUMENTATION, FEATURES + TOP)) == []


def test_the_live_core_imports_no_feature():
    assert list(_found(LIVE_CORE, FEATURES + TOP)) == []


def test_the_live_features_import_neither_the_editor_nor_opendata():
    assert list(_found(FEATURES, TOP)) == []


def test_the_live_features_share_no_code_by_importing_each_other():
    assert set(_found(FEATURES, FEATURES)) == SHARED_BY_IMPORT


def test_a_features_pages_load_no_other_features_stylesheet():
    """What the live pages share is in live.css; each feature's own look is in its own file
    (voting.css, polls.css, audience.css), which no other feature's or shared template loads."""
    own = {"voting": "voting.css", "polls": "polls.css", "audience": "audience.css"}
    found = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        folder = template.relative_to(ROOT / "templates").parts[0]
        text = template.read_text()
        found += [
            (str(template.relative_to(ROOT)), sheet)
            for feature, sheet in own.items()
            if feature != folder and f"css/{sheet}" in text
        ]
    assert found == []
