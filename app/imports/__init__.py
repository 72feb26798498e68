"""File imports into writable layers (issue 12, item 4): read → check → dry run or one
transaction. `files` reads a file into rows in WGS-84; `run` checks and writes them."""
