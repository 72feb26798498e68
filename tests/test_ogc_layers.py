"""The OGC API binds filter values with the type a layer file declares, so the declared types
must be the database's."""

import pytest

from app.config import APISettings
from app.layers import load_catalog

CATALOG = load_catalog(APISettings().layers_dir)
DECLARED = {
    "text": "string",
    "varchar": "string",
    "int2": "integer",
    "int4": "integer",
    "int8": "integer",
    "numeric": "number",
    "float4": "number",
    "float8": "number",
    "bool": "boolean",
    "json": "json",
    "jsonb": "json",
    "date": "date",
    "timestamp": "datetime",
    "timestamptz": "datetime",
}


@pytest.mark.parametrize("layer_id", sorted(CATALOG))
def test_declared_types_are_the_database_types(db, layer_id):
    layer = CATALOG[layer_id]
    cursor = db.execute(f"SELECT * FROM {layer.source.from_clause()} LIMIT 0")
    oids = {column.name: column.type_code for column in cursor.description}
    names = dict(db.execute("SELECT oid::int, typname FROM pg_type").fetchall())
    for prop in layer.properties:
        assert DECLARED[names[oids[prop.name]]] == prop.type, f"{layer_id}.{prop.name}"
