"""OGC API – Features: the landing page, conformance, collections, queryables; links, formats,
caching and compression."""

import re

import brotli
import pytest

OGC = "http://www.opengis.net/spec/"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"


def rels(document: dict) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for link in document["links"]:
        found.setdefault(link["rel"], []).append(link)
    return found


def test_landing_page_links(client):
    response = client.get("/ogc")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    links = rels(response.json())
    assert links["self"][0]["type"] == "application/json"
    assert links["alternate"][0]["type"] == "text/html"
    assert links["service-desc"][0]["type"] == "application/vnd.oai.openapi+json;version=3.0"
    assert links["service-desc"][0]["href"].endswith("/openapi.json")
    assert links["service-doc"][0]["href"].endswith("/docs")
    assert links["conformance"][0]["href"].endswith("/ogc/conformance")
    assert links["data"][0]["href"].endswith("/ogc/collections")
    for rel in ("service-desc", "service-doc", "conformance", "data"):
        assert client.get(links[rel][0]["href"]).status_code == 200


def test_landing_page_with_trailing_slash(client):
    assert client.get("/ogc/").json()["title"] == client.get("/ogc").json()["title"]


def test_conformance_declares_the_classes_met(client):
    classes = set(client.get("/ogc/conformance").json()["conformsTo"])
    for part in ("core", "geojson", "html", "oas30"):
        assert f"{OGC}ogcapi-features-1/1.0/conf/{part}" in classes
    assert f"{OGC}ogcapi-features-2/1.0/conf/crs" in classes
    assert f"{OGC}ogcapi-features-3/1.0/conf/filter" in classes
    assert f"{OGC}ogcapi-features-3/1.0/conf/features-filter" in classes
    assert f"{OGC}cql2/1.0/conf/cql2-text" in classes
    assert f"{OGC}cql2/1.0/conf/cql2-json" in classes
    # Not met, so not claimed.
    assert f"{OGC}cql2/1.0/conf/temporal-functions" not in classes
    assert f"{OGC}cql2/1.0/conf/arithmetic" not in classes


def test_collections_are_the_catalog(client):
    body = client.get("/ogc/collections").json()
    ids = [c["id"] for c in body["collections"]]
    assert ids[:4] == ["context-areas", "districts", "parks", "industries"]
    assert CRS84 in body["crs"]
    assert {link["rel"] for link in body["links"]} == {"self", "alternate"}


def test_collection_document(client):
    body = client.get("/ogc/collections/districts").json()
    assert body["id"] == "districts"
    assert body["title"] == "渝西八区产业布局"
    assert body["itemType"] == "feature"
    assert body["storageCrs"] == CRS84
    assert "http://www.opengis.net/def/crs/EPSG/0/4490" in body["crs"]
    (bbox,) = body["extent"]["spatial"]["bbox"]
    assert 105 < bbox[0] < bbox[2] < 107 and 28 < bbox[1] < bbox[3] < 31
    links = rels(body)
    assert {link["type"] for link in links["items"]} == {
        "application/geo+json",
        "text/html",
        "text/csv",
    }
    queryables = links["http://www.opengis.net/def/rel/ogc/1.0/queryables"][0]
    assert queryables["type"] == "application/schema+json"


def test_a_non_spatial_collection_has_no_extent_or_crs(client):
    body = client.get("/ogc/collections/industries").json()
    assert "extent" not in body and "crs" not in body


def test_queryables_are_a_json_schema(client):
    response = client.get("/ogc/collections/parks/queryables")
    assert response.headers["content-type"] == "application/schema+json"
    schema = response.json()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"
    properties = schema["properties"]
    assert properties["geometry"]["x-ogc-role"] == "primary-geometry"
    assert properties["name"]["type"] == "string"
    assert properties["area_km2_max"]["type"] == "number"
    assert properties["location_approximate"]["type"] == "boolean"
    districts = client.get("/ogc/collections/districts/queryables").json()["properties"]
    assert districts["plan_order"]["type"] == "integer"
    # json properties are published but cannot be filtered on.
    assert "leading_industries" not in districts


@pytest.mark.parametrize(
    "path",
    [
        "/ogc",
        "/ogc/conformance",
        "/ogc/collections",
        "/ogc/collections/districts",
        "/ogc/collections/parks/queryables",
        "/ogc/collections/districts/items",
        "/ogc/collections/districts/items/500120",
    ],
)
def test_every_resource_has_an_html_page(client, path):
    response = client.get(path, params={"f": "html"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "<!doctype html>" in response.text
    assert "cdn" not in response.text.lower()
    by_accept = client.get(path, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert by_accept.headers["content-type"] == "text/html; charset=utf-8"


def test_items_page_is_a_table_with_a_link_to_the_map(client):
    page = client.get("/ogc/collections/districts/items", params={"f": "html"}).text
    assert "<table>" in page and "璧山区" in page and 'href="/"' in page


def test_content_negotiation(client):
    items = "/ogc/collections/parks/items"
    geojson = client.get(items, headers={"Accept": "application/geo+json"})
    assert geojson.headers["content-type"] == "application/geo+json"
    as_json = client.get(items, headers={"Accept": "application/json"})
    assert as_json.headers["content-type"] == "application/geo+json"
    csv = client.get(items, headers={"Accept": "text/csv"})
    assert csv.headers["content-type"] == "text/csv; charset=utf-8"
    weighted = client.get(items, headers={"Accept": "text/csv;q=0.5, text/html"})
    assert weighted.headers["content-type"].startswith("text/html")
    # f= wins over Accept.
    forced = client.get(items, params={"f": "json"}, headers={"Accept": "text/html"})
    assert forced.headers["content-type"] == "application/geo+json"


def test_openapi_describes_the_parameters(client):
    api = client.get("/openapi.json").json()
    items = api["paths"]["/ogc/collections/{collectionId}/items"]["get"]
    parameters = {p["name"]: p for p in items["parameters"]}
    assert {"collectionId", "limit", "bbox", "crs", "filter", "filter-lang", "sortby"} <= set(
        parameters
    )
    assert parameters["limit"]["schema"]["maximum"] == 10_000
    assert parameters["bbox"]["explode"] is False
    assert set(items["responses"]["200"]["content"]) == {
        "application/geo+json",
        "text/html",
        "text/csv",
    }


def test_the_api_definition_is_openapi_3_0(client):
    """The OpenAPI 3.0 conformance class is claimed, so the document must be 3.0: no JSON
    Schema keywords that only 3.1 has (FastAPI writes `"type": "null"` for optional values)."""
    api = client.get("/openapi.json")
    assert api.json()["openapi"].startswith("3.0.")
    text = api.text
    for only_in_3_1 in ('"type":"null"', '"type": "null"', '"const"', '"prefixItems"', '"$defs"'):
        assert only_in_3_1 not in text
    # 3.1 writes exclusive bounds as numbers; 3.0 as booleans beside minimum/maximum.
    assert not re.search(r'"exclusive(Minimum|Maximum)":\s*-?[0-9]', text)


def test_strong_etag_and_304(client):
    first = client.get("/ogc/collections/districts/items")
    etag = first.headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert first.headers["cache-control"] == "public, max-age=60"
    again = client.get("/ogc/collections/districts/items", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    other = client.get("/ogc/collections/districts/items?limit=1", headers={"If-None-Match": etag})
    assert other.status_code == 200 and other.headers["etag"] != etag
    assert client.get("/ogc/collections", headers={"If-None-Match": "*"}).status_code == 304


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_responses_are_compressed(client, encoding):
    response = client.get("/ogc/collections/districts/items", headers={"Accept-Encoding": encoding})
    assert response.headers["content-encoding"] == encoding
    assert "Accept-Encoding" in response.headers["vary"]
    assert response.json()["numberReturned"] == 8


def test_brotli_body_is_much_smaller(client):
    plain = client.get("/ogc/collections/districts/items", headers={"Accept-Encoding": "identity"})
    with client.stream(
        "GET", "/ogc/collections/districts/items", headers={"Accept-Encoding": "br"}
    ) as response:
        raw = b"".join(response.iter_raw())
    assert brotli.decompress(raw) == plain.content
    assert len(raw) < len(plain.content) / 3


def test_cors_when_configured(make_client):
    shared = make_client(cors_origins=["https://gis.example.gov.cn"])
    response = shared.get(
        "/ogc/collections/districts/items", headers={"Origin": "https://gis.example.gov.cn"}
    )
    assert response.headers["access-control-allow-origin"] == "https://gis.example.gov.cn"
    exposed = response.headers["access-control-expose-headers"].lower()
    assert "etag" in exposed and "content-crs" in exposed
    other = shared.get("/ogc/collections", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in other.headers
