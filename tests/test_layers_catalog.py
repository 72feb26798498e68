"""layers/*.yaml: every layer is valid, and every declared property exists in its source."""

import pytest

from app.config import APISettings
from app.layers import load_catalog
from app.layers.catalog import Layer

CATALOG = load_catalog(APISettings().layers_dir)


def test_shipped_layers():
    assert {"districts", "context-areas", "parks", "industries"} <= set(CATALOG)


@pytest.mark.parametrize("layer_id", sorted(CATALOG))
def test_declared_properties_exist_in_the_source(db, layer_id):
    layer = CATALOG[layer_id]
    columns = [p.name for p in layer.properties]
    if layer.geometry:
        columns.append(layer.geometry.column)
    cursor = db.execute(f"SELECT * FROM {layer.source.from_clause()} LIMIT 0")
    available = {c.name for c in cursor.description}
    assert set(columns) <= available


def test_a_bad_layer_is_rejected():
    with pytest.raises(ValueError, match="not a plain SQL identifier"):
        Layer.model_validate(
            {
                "id": "x",
                "title": {"zh": "x", "en": "x"},
                "description": {"zh": "x", "en": "x"},
                "source": {"table": "park; DROP TABLE park"},
                "id_column": "id",
                "properties": [{"name": "id", "type": "string", "label": {"zh": "x", "en": "x"}}],
                "attribution": {"zh": "x", "en": "x"},
                "licence": "x",
            }
        )


def test_api_layers(client):
    body = client.get("/api/layers").json()
    assert [layer["id"] for layer in body][:3] == ["context-areas", "districts", "parks"]
    districts = next(layer for layer in body if layer["id"] == "districts")
    assert districts["style"]["property"] == "revenue_target_2027"
    assert "source" not in districts
