"""The DCAT-AP.de catalogue of the open datasets, as JSON-LD, for portals such as GovData.

Mandatory in DCAT-AP.de 2.0 (specification and GovData's Konventionenhandbuch) and given here:
the catalogue's dct:title, dct:description, dct:publisher and dcat:dataset; each dataset's
dct:title, dct:description, dcatde:contributorID and dct:publisher (with dcat:distribution);
each distribution's dcat:accessURL and dct:license. Also given where known: dct:identifier,
dct:issued and dct:modified, dcat:theme, dcat:keyword, dcat:landingPage,
dcatde:geocodingDescription (the host municipality), dcat:downloadURL, dct:format and
dcat:mediaType. The context is inline, so that a harvester needs no second request.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from events.models import Event
from opendata.datasets import TABLES, Absolute, last_modified, published_events

EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
# Civic engagement: "Bevölkerung und Gesellschaft" and "Regierung und öffentlicher Sektor".
THEMES = [{"@id": f"{EU}data-theme/SOCI"}, {"@id": f"{EU}data-theme/GOVE"}]
CATALOG_TITLE = _("Engagement-Portal: offene Daten")
CATALOG_DESCRIPTION = _(
    "Veröffentlichte Dokumentationen kommunaler Veranstaltungen zur Förderung des "
    "bürgerschaftlichen Engagements, ihre Handlungsempfehlungen mit Punkten und "
    "Statusverlauf, als JSON, YAML und CSV."
)
FORMATS = {
    "csv": (f"{EU}file-type/CSV", f"{IANA}text/csv"),
    "json": (f"{EU}file-type/JSON", f"{IANA}application/json"),
    "yaml": (f"{EU}file-type/YAML", f"{IANA}application/yaml"),
}


def _texts(text) -> list[dict]:
    """A translatable text in German and English, as language-tagged literals."""
    values = []
    for language in ("de", "en"):
        with translation.override(language):
            values.append({"@value": str(text), "@language": language})
    return values


def _german(text: str) -> list[dict]:
    return [{"@value": text, "@language": "de"}]


def _date(value) -> dict:
    return {"@value": value.isoformat(), "@type": "xsd:date"}


def _datetime(value) -> dict:
    return {"@value": value.isoformat(), "@type": "xsd:dateTime"}


def _distribution(*, node_id: str, url: str, kind: str, title, modified=None) -> dict:
    file_type, media_type = FORMATS[kind]
    distribution = {
        "@id": node_id,
        "@type": "dcat:Distribution",
        "dct:title": title,
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dct:license": {"@id": settings.OPEN_DATA_LICENCE_URI},
        "dcatde:licenseAttributionByText": _german(settings.OPEN_DATA_PUBLISHER),
        "dct:format": {"@id": file_type},
        "dcat:mediaType": {"@id": media_type},
    }
    if modified:
        distribution["dct:modified"] = _datetime(modified)
    return distribution


def catalog(absolute: Absolute) -> dict:
    page = absolute(reverse("opendata:index"))
    catalog_url = absolute(reverse("opendata_files:catalog"))
    publisher_id = f"{catalog_url}#publisher"
    contributor = settings.OPEN_DATA_CONTRIBUTOR_ID or catalog_url
    publisher = {
        "@id": publisher_id,
        "@type": "foaf:Agent",
        "foaf:name": settings.OPEN_DATA_PUBLISHER,
        "foaf:homepage": {"@id": absolute(reverse("events:home"))},
    }
    modified = last_modified()

    def dataset_base(node_id: str, title, description) -> dict:
        return {
            "@id": node_id,
            "@type": "dcat:Dataset",
            "dct:identifier": node_id,
            "dct:title": title,
            "dct:description": description,
            "dcatde:contributorID": {"@id": contributor},
            "dcat:theme": THEMES,
            "dct:language": {"@id": f"{EU}language/DEU"},
        }

    datasets = []
    for table in TABLES:
        node_id = f"{page}#{table.name}"
        url = absolute(reverse(f"opendata_files:{table.name}"))
        datasets.append(
            {
                **dataset_base(node_id, _texts(table.title), _texts(table.description)),
                "dct:publisher": {"@id": publisher_id},
                "dcat:landingPage": {"@id": page},
                "dct:accrualPeriodicity": {"@id": f"{EU}frequency/IRREG"},
                "dcat:distribution": [
                    _distribution(
                        node_id=f"{node_id}-csv", url=url, kind="csv", title=_texts(table.title)
                    )
                ],
            }
        )

    events = list(
        published_events()
        .select_related("municipality")
        .prefetch_related("tags")
        .order_by("-date", "title", "pk")
    )
    for event in events:
        datasets.append(_documentation_dataset(event, absolute, page, dataset_base))

    body = {
        "@context": CONTEXT,
        "@id": catalog_url,
        "@type": "dcat:Catalog",
        "dct:title": _texts(CATALOG_TITLE),
        "dct:description": _texts(CATALOG_DESCRIPTION),
        "dct:publisher": publisher,
        "foaf:homepage": {"@id": page},
        "dct:language": {"@id": f"{EU}language/DEU"},
        "dct:license": {"@id": settings.OPEN_DATA_LICENCE_URI},
        "dcat:themeTaxonomy": {"@id": f"{EU}data-theme"},
        "dcat:dataset": datasets,
    }
    if modified:
        body["dct:modified"] = _datetime(modified)
    return body


def _documentation_dataset(event: Event, absolute: Absolute, page: str, dataset_base) -> dict:
    node_id = f"{page}#documentation-{event.slug}"
    municipality = event.municipality
    with translation.override("de"):
        description = (
            event.summary
            or event.subtitle
            or (
                f"Dokumentation: {event.get_kind_display()} in {municipality.name} "
                f"am {event.date:%d.%m.%Y}"
            )
        )
    json_url = absolute(reverse("opendata_files:documentation_json", args=[event.slug]))
    yaml_url = absolute(reverse("opendata_files:documentation_yaml", args=[event.slug]))
    dataset = {
        **dataset_base(node_id, _german(event.title), _german(description)),
        "dct:publisher": {
            "@id": absolute(municipality.get_absolute_url()),
            "@type": "foaf:Agent",
            "foaf:name": municipality.name,
        },
        "dcat:landingPage": {"@id": absolute(event.get_absolute_url())},
        "dcatde:geocodingDescription": _german(municipality.name),
        "dct:modified": _datetime(event.updated_at),
        "dcat:keyword": [{"@value": t.name, "@language": "de"} for t in _tags(event)],
        "dcat:distribution": [
            _distribution(
                node_id=f"{node_id}-json",
                url=json_url,
                kind="json",
                title=_german(f"{event.title} (JSON)"),
                modified=event.updated_at,
            ),
            _distribution(
                node_id=f"{node_id}-yaml",
                url=yaml_url,
                kind="yaml",
                title=_german(f"{event.title} (YAML)"),
                modified=event.updated_at,
            ),
        ],
    }
    if event.published_at:
        dataset["dct:issued"] = _date(event.published_at.date())
    return dataset


def _tags(event: Event) -> list[Tag]:
    return sorted(event.tags.all(), key=lambda tag: tag.name)
