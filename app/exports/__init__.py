"""Files made from answers: CSV, GeoJSON, standalone maps, printable pages."""
