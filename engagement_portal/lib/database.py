"""What the settings and the apps need to know of the configured database."""


def is_postgresql(engine: str) -> bool:
    """Whether a ``DATABASES`` entry's ``ENGINE`` is PostgreSQL (PostGIS included)."""
    return engine.rsplit(".", 1)[-1] in {"postgresql", "postgis"}
