"""OGC API – Features over the layer catalog. One class owns the router and the conformance
classes it meets (documents.CONFORMANCE); handlers stay thin: parameters arrive parsed
(params → query), data come from features, documents from documents, bodies from encoders and
html, headers from responses.

No `from __future__ import annotations` here: FastAPI must see the annotations of the handlers
defined in `_register` as objects, not strings.
"""

from collections.abc import Callable
from typing import Annotated

import asyncpg
import orjson
from fastapi import APIRouter, Depends, Path, Request
from starlette.responses import Response

from app.config import APISettings
from app.db.routing import pool_for
from app.errors import InvalidParameter, NotFound
from app.http.answers import note_version
from app.layers.catalog import Layer
from app.ogc import documents, encoders, features, html, responses, sql, transactions
from app.ogc.features import Count
from app.ogc.formats import CSV, FEATURE, FEATURES, GEOJSON, HTML, METADATA, QUERYABLES, Format
from app.ogc.links import Links
from app.ogc.params import (
    FORMAT_ONLY,
    ITEM_PARAMETERS,
    collection,
    database,
    item_query,
    items_parameters,
    openapi,
    resource_format,
)
from app.ogc.query import ItemsQuery, parse_items, parse_value

Pool = Annotated[asyncpg.Pool, Depends(database)]
Collection = Annotated[Layer, Depends(collection)]
MetadataFormat = Annotated[Format, Depends(resource_format(METADATA))]
QueryablesFormat = Annotated[Format, Depends(resource_format(QUERYABLES))]
FeatureId = Annotated[str, Path(alias="featureId", description="Feature id")]


# The items route reads its path itself (see `items`); documented as FastAPI documents the
# `collection` dependency's parameter on the other routes.
COLLECTION_ID = {
    "name": "collectionId",
    "in": "path",
    "required": True,
    "description": "Collection id",
    "schema": {"type": "string", "title": "Collectionid", "description": "Collection id"},
}


def _content(*formats: Format) -> dict:
    return {200: {"content": {f.media_type: {} for f in formats}}}


class FeaturesAPI:
    """OGC API – Features (Parts 1, 2 and 3) for the layers in app.state.catalog."""

    conformance = documents.CONFORMANCE

    def __init__(self, settings: APISettings, prefix: str = "/ogc"):
        self.settings = settings
        self.prefix = prefix
        # Response: the media types come from `responses`, not a default application/json.
        self.router = APIRouter(
            prefix=prefix, tags=["OGC API – Features"], default_response_class=Response
        )
        self._register()

    def _register(self) -> None:
        router, api = self.router, self
        Item = Annotated[ItemsQuery, Depends(item_query)]
        metadata_only = {"responses": _content(*METADATA), "openapi_extra": openapi(FORMAT_ONLY)}

        @router.get("", summary="Landing page", **metadata_only)
        @router.get("/", include_in_schema=False)
        async def landing(request: Request, fmt: MetadataFormat) -> Response:
            document = documents.landing(api._links(request), fmt)
            return api._document(request, fmt, document, "landing.html", docs="/docs")

        @router.get("/conformance", summary="Conformance classes", **metadata_only)
        async def conformance(request: Request, fmt: MetadataFormat) -> Response:
            document = documents.conformance(api._links(request), fmt)
            return api._document(request, fmt, document, "conformance.html", title="Conformance")

        @router.get("/collections", summary="The layers", **metadata_only)
        async def collections(request: Request, fmt: MetadataFormat, db: Pool) -> Response:
            layers = request.app.state.catalog.ordered()
            extents = await features.read_extents(db, layers)
            document = documents.collections(api._links(request), layers, extents, fmt)
            return api._document(
                request, fmt, document, "collections.html", title="Collections", layers=layers
            )

        @router.get("/collections/{collectionId}", summary="A layer", **metadata_only)
        async def collection_page(
            request: Request, layer: Collection, fmt: MetadataFormat, db: Pool
        ) -> Response:
            extent = await features.read_extent(db, layer)
            document = documents.collection(api._links(request), layer, extent, fmt)
            return api._document(
                request,
                fmt,
                document,
                "collection.html",
                title=layer.title.zh,
                layer=layer,
                bbox=extent,
            )

        @router.get(
            "/collections/{collectionId}/queryables",
            summary="What a layer can be filtered and sorted on (JSON Schema)",
            responses=_content(*QUERYABLES),
            openapi_extra=openapi(FORMAT_ONLY),
        )
        async def queryables(request: Request, layer: Collection, fmt: QueryablesFormat):
            links = api._links(request)
            path = f"/collections/{layer.id}/queryables"
            schema = documents.queryables(links, layer)
            document = {**schema, "links": links.self_and_alternates(path, fmt, QUERYABLES, [])}
            return api._document(
                request, fmt, document, "queryables.html", title="Queryables", layer=layer
            )

        @router.get(
            "/collections/{collectionId}/items",
            summary="Features of a layer",
            description="Paged features. Any queryable property can also be given as "
            "`?name=value` (repeated: any of the values).",
            responses=_content(*FEATURES),
            openapi_extra={
                "parameters": [
                    COLLECTION_ID,
                    *openapi(items_parameters(self.settings))["parameters"],
                ]
            },
        )
        async def items(request: Request) -> Response:
            # The hot path, like the tile's: no dependencies for FastAPI to solve; a kept
            # answer is looked up before the parameters are parsed (it was only kept for a
            # valid request with the same parameters).
            return await api._items(request)

        @router.get(
            "/collections/{collectionId}/items/{featureId}",
            summary="One feature",
            responses=_content(*FEATURE),
            openapi_extra=openapi(ITEM_PARAMETERS),
        )
        async def item(request: Request, query: Item, db: Pool, feature_id: FeatureId):
            return await api._item(request, query, db, feature_id)

        transactions.register(router, api._links)

    # Shared by the handlers.

    def _links(self, request: Request) -> Links:
        return Links(str(request.base_url).rstrip("/"), self.prefix)

    def _document(
        self, request: Request, fmt: Format, document: dict, template: str, **context: object
    ) -> Response:
        """A metadata document as JSON, or as an HTML page from `template`."""
        if fmt == HTML:
            root = self._links(request).url()
            body = html.render(template, **{"root": root, **document, **context})
        else:
            body = encoders.json_body(document)
        return responses.cached(request, body, fmt, self.settings.cache_max_age)

    @staticmethod
    def _crs_header(query: ItemsQuery) -> dict[str, str]:
        """Content-Crs on every response with coordinates (Part 2)."""
        if query.layer.geometry and query.format != HTML:
            return {"Content-Crs": query.crs.header}
        return {}

    async def _items(self, request: Request) -> Response:
        layer = await collection(request, request.path_params["collectionId"])
        async with pool_for(request).acquire() as conn:
            query = parse_items(
                layer,
                request.query_params,
                request.headers.get("accept"),
                self.settings.default_limit,
                self.settings.max_limit,
            )
            if query.limit <= self.settings.stream_above or query.format == HTML:
                statement = sql.csv_page(query) if query.format == CSV else sql.page(query)
                exact_max = self.settings.exact_count_max
                # Kept and sent again while the data stay the same (app/http/answers.py).
                await note_version(request, conn)
                page = await features.read_page(conn, statement, query, exact_max)
                answer = self._page_answer(request, query, page)
                return responses.respond(request, answer)
        return await self._streamed_items(request, query)

    def _page_links(self, request: Request, query: ItemsQuery) -> Callable:
        links = self._links(request)
        path = f"/collections/{query.layer.id}/items"
        fmt = query.format

        def page_links(returned: int, matched: Count) -> list[dict]:
            full = returned == query.limit
            more = full and (matched.estimated or query.offset + returned < matched.value)
            return [
                *links.self_and_alternates(path, fmt, FEATURES, query.params),
                *links.pages(path, query.params, fmt, query.offset, query.limit, more),
                links.up(query.layer.id),
            ]

        return page_links

    async def _streamed_items(self, request: Request, query: ItemsQuery) -> Response:
        """A page larger than `stream_above`, read through a cursor (never kept)."""
        fmt = query.format
        db = pool_for(request)
        headers = self._crs_header(query)
        page_links = self._page_links(request, query)
        statement = sql.csv_page(query) if fmt == CSV else sql.page(query)
        exact_max, stream_above = self.settings.exact_count_max, self.settings.stream_above
        # Stream only what turns out to be large: a first batch that holds the whole page is
        # answered like any other page, with its ETag.
        stream = features.RowStream(db, statement, query, exact_max, stream_above)
        await stream.open()
        if stream.complete:
            page = await stream.page()
            return responses.respond(request, self._page_answer(request, query, page))
        if fmt == CSV:
            chunks = encoders.csv_stream(_csv_header(query), stream.batches())
        else:

            def tail() -> tuple:
                returned, matched = stream.result()
                return returned, matched, page_links(returned, matched)

            chunks = encoders.feature_collection_stream(stream.batches(), tail)
        return responses.streamed(chunks, fmt, self.settings.cache_max_age, headers)

    def _page_answer(
        self, request: Request, query: ItemsQuery, page: features.Page
    ) -> responses.Answer:
        fmt = query.format
        page_links = self._page_links(request, query)
        returned, matched = len(page.rows), page.matched
        if fmt == CSV:
            body = encoders.csv_table(_csv_header(query), page.rows)
        elif fmt == GEOJSON:
            geojson = [row[0] for row in page.rows]
            body = encoders.feature_collection(geojson, matched, page_links(returned, matched))
        else:
            body = _feature_page(
                "items.html",
                self._links(request),
                query,
                features=[orjson.loads(row[0]) for row in page.rows],
                offset=query.offset,
                returned=returned,
                matched=matched,
                links=page_links(returned, matched),
            )
        return responses.answer(body, fmt, self.settings.cache_max_age, self._crs_header(query))

    async def _item(
        self, request: Request, query: ItemsQuery, db: asyncpg.Pool, feature_id: str
    ) -> Response:
        layer, fmt = query.layer, query.format
        missing = NotFound(f"{layer.id} has no feature {feature_id!r}.", "featureId")
        try:
            typed_id = parse_value(feature_id, layer.property(layer.id_column), "featureId")
        except InvalidParameter:
            raise missing from None
        geojson = await features.read_item(db, sql.item(query, typed_id))
        if geojson is None:
            raise missing
        links = self._links(request)
        path = f"/collections/{layer.id}/items/{feature_id}"
        item_links = [
            *links.self_and_alternates(path, fmt, FEATURE, query.params),
            links.up(layer.id),
        ]
        if fmt == HTML:
            body = _feature_page(
                "item.html", links, query, feature=orjson.loads(geojson), links=item_links
            )
        else:
            body = encoders.feature(geojson, item_links)
        # A writable feature's ETag carries its record version (Part 4 optimistic locking).
        version = await features.read_version(db, layer, typed_id) if layer.writable else None
        return responses.cached(
            request, body, fmt, self.settings.cache_max_age, self._crs_header(query), version
        )


def _feature_page(template: str, api: Links, query: ItemsQuery, **context: object) -> bytes:
    """An HTML page of features, with the selected properties as its columns."""
    return html.render(
        template,
        root=api.url(),
        title=query.layer.title.zh,
        layer=query.layer,
        columns=[query.layer.property(name) for name in query.selected],
        **context,
    )


def _csv_header(query: ItemsQuery) -> list[str]:
    return list(query.selected) + (["geometry"] if query.layer.geometry else [])
