"""Reading the source data in geodata/ and loading it into PostGIS."""
