"""The open-data page and the files it lists: documentations as JSON and YAML, CSV tables and
the DCAT-AP.de catalogue. Only published content; the files are the same in every language."""

import csv
import io
import json

import yaml
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from events.models import Event
from opendata.catalog import catalog as build_catalog
from opendata.datasets import TABLES, TABLES_BY_NAME, documentation_count, last_modified
from opendata.documentation import public_documentation

# The files carry public content only: any web page may read them (a city's map, a newspaper's
# chart), as with other open-data portals.
OPEN_HEADERS = {"Access-Control-Allow-Origin": "*"}


def _published_event(slug: str) -> Event:
    event = Event.objects.published().select_related("municipality", "network").filter(slug=slug)
    found = event.first()
    if found is None:
        raise Http404
    return found


def _file(content: str | bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type, headers=OPEN_HEADERS)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    tables = [
        {"table": table, "count": table.count(), "url_name": f"opendata_files:{table.name}"}
        for table in TABLES
    ]
    events = (
        Event.objects.published()
        .select_related("municipality")
        .only("slug", "title", "date", "updated_at", "municipality__name")
        .order_by("-date", "title", "pk")
    )
    return render(
        request,
        "opendata/index.html",
        {
            "tables": tables,
            "events": events,
            "documentation_count": documentation_count(),
            "last_modified": last_modified(),
            "licence_name": settings.OPEN_DATA_LICENCE_NAME,
            "licence_url": settings.OPEN_DATA_LICENCE_URL,
            "publisher": settings.OPEN_DATA_PUBLISHER,
            "catalog_url": request.build_absolute_uri(reverse("opendata_files:catalog")),
        },
    )


@require_safe
def documentation_json(request: HttpRequest, slug: str) -> HttpResponse:
    data = public_documentation(_published_event(slug))
    content = json.dumps(data, ensure_ascii=False, indent=2)
    return _file(content, "application/json; charset=utf-8", f"{slug}.json")


@require_safe
def documentation_yaml(request: HttpRequest, slug: str) -> HttpResponse:
    data = public_documentation(_published_event(slug))
    content = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return _file(content, "application/yaml; charset=utf-8", f"{slug}.yaml")


@require_safe
def table_csv(request: HttpRequest, name: str) -> HttpResponse:
    """One table as CSV: UTF-8 with a byte order mark, so that Excel reads the umlauts (without
    it, Excel takes the file for Windows-1252); semicolons between the fields, as Excel with
    German settings expects; every field that needs it in double quotes; CRLF (RFC 4180)."""
    table = TABLES_BY_NAME[name]
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(table.columns)
    writer.writerows(table.rows(request.build_absolute_uri))
    filename = name.removesuffix("_csv").replace("_", "-") + ".csv"
    return _file(buffer.getvalue(), "text/csv; charset=utf-8", filename)


@require_safe
def catalog(request: HttpRequest) -> HttpResponse:
    content = json.dumps(build_catalog(request.build_absolute_uri), ensure_ascii=False, indent=2)
    return _file(content, "application/ld+json; charset=utf-8", "catalog.jsonld")
