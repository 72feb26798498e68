"""Actuals of the plan's indicators and of what public sources give instead: their bases,
the path from the 2022 baseline to each 2027 target, the 赛马 ranking and the 通报."""
