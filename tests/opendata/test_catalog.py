"""The DCAT-AP.de catalogue, read as RDF: every property DCAT-AP.de 2.0 makes mandatory for the
catalogue, each dataset and each distribution, and only published content."""

import pytest
from django.test import override_settings
from django.urls import reverse
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

pytestmark = pytest.mark.django_db

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
LICENCE = URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")


def catalogue(client) -> Graph:
    response = client.get(reverse("opendata_files:catalog"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    return Graph().parse(data=response.content, format="json-ld")


def values(graph: Graph, subject, predicate) -> list:
    return list(graph.objects(subject, predicate))


def test_the_catalogue_has_every_mandatory_property(client, open_world):
    graph = catalogue(client)
    (catalog,) = graph.subjects(RDF.type, DCAT.Catalog)
    for predicate in (DCTERMS.title, DCTERMS.description):
        assert {literal.language for literal in values(graph, catalog, predicate)} == {"de", "en"}
    (publisher,) = values(graph, catalog, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in graph
    assert values(graph, publisher, FOAF.name)

    datasets = values(graph, catalog, DCAT.dataset)
    # Four tables and the two published documentations; not the draft.
    assert len(datasets) == 6
    assert set(datasets) == set(graph.subjects(RDF.type, DCAT.Dataset))
    for dataset in datasets:
        for predicate in (
            DCTERMS.title,
            DCTERMS.description,
            DCTERMS.identifier,
            DCATDE.contributorID,
            DCTERMS.publisher,
            DCAT.theme,
            DCAT.distribution,
        ):
            assert values(graph, dataset, predicate), (dataset, predicate)
        (contributor,) = values(graph, dataset, DCATDE.contributorID)
        assert isinstance(contributor, URIRef)
        (dataset_publisher,) = values(graph, dataset, DCTERMS.publisher)
        assert values(graph, dataset_publisher, FOAF.name)
        for distribution in values(graph, dataset, DCAT.distribution):
            assert (distribution, RDF.type, DCAT.Distribution) in graph
            assert values(graph, distribution, DCAT.accessURL)
            assert values(graph, distribution, DCAT.downloadURL)
            assert values(graph, distribution, DCTERMS.license) == [LICENCE]
            assert values(graph, distribution, DCTERMS.format)
            assert values(graph, distribution, DCAT.mediaType)


def test_each_published_documentation_is_a_dataset_of_its_municipality(client, open_world):
    graph = catalogue(client)
    urls = {str(url) for url in graph.objects(None, DCAT.downloadURL)}
    assert "http://testserver/open-data/documentations/hagen-konferenz.json" in urls
    assert "http://testserver/open-data/documentations/hagen-konferenz.yaml" in urls
    assert "http://testserver/open-data/points.csv" in urls
    assert not [url for url in urls if "hagen-entwurf" in url]
    page = URIRef("http://testserver/events/hagen-konferenz/")
    (dataset,) = graph.subjects(DCAT.landingPage, page)
    (publisher,) = values(graph, dataset, DCTERMS.publisher)
    assert [str(name) for name in values(graph, publisher, FOAF.name)] == ["Hagen"]
    assert values(graph, dataset, DCTERMS.issued)
    assert values(graph, dataset, DCTERMS.modified)


@override_settings(
    OPEN_DATA_LICENCE_URI="http://dcat-ap.de/def/licenses/cc-by/4.0",
    OPEN_DATA_CONTRIBUTOR_ID="http://dcat-ap.de/def/contributors/stadtHagen",
    OPEN_DATA_PUBLISHER="Stadt Hagen",
)
def test_licence_publisher_and_contributor_id_come_from_the_settings(client, open_world):
    graph = catalogue(client)
    assert set(graph.objects(None, DCTERMS.license)) == {
        URIRef("http://dcat-ap.de/def/licenses/cc-by/4.0")
    }
    assert set(graph.objects(None, DCATDE.contributorID)) == {
        URIRef("http://dcat-ap.de/def/contributors/stadtHagen")
    }
    (catalog,) = graph.subjects(RDF.type, DCAT.Catalog)
    (publisher,) = values(graph, catalog, DCTERMS.publisher)
    assert [str(name) for name in values(graph, publisher, FOAF.name)] == ["Stadt Hagen"]
