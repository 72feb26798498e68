"""Issue 13 (actuals): what each database role may do with its tables. The lead moves this
block into app/db/roles.py (issue 9) at merge; it is data, applied after every migrate.

- im_reader serves reads: SELECT on the tables and views the API and the layer read.
- im_writer does the editors' import: SELECT to check rows (measures, areas, duplicates) and
  INSERT into `actual` (with its identity sequence). No UPDATE or DELETE: a figure once entered
  is corrected by an admin, and the history (issue 12) keeps who entered what.
- im_owner owns the schema and runs the loader (which replaces the shipped figures).
"""

READ = ["actual_basis", "measure", "target_measure", "actual", "target_path", "district_progress"]

GRANTS = {
    "im_reader": {"SELECT": READ},
    "im_writer": {
        "SELECT": READ + ["district", "cluster", "indicator"],
        "INSERT": ["actual"],
    },
}
SEQUENCES = {"im_writer": {"USAGE": ["actual_id_seq"]}}
