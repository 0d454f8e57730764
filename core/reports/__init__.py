"""Team metrics and chart values computed from task history, as plain data.

Nothing here touches storage or draws pixels: handlers load history rows, these modules
replay them into facts per task, and `adapters/charts` turns chart values into PNGs."""
