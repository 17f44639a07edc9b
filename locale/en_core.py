"""English for strings added while integrating the parts (see locale/fill.py)."""

EN = {
    "进入整改页面": "Open the rectification page",
}
