"""New filings, from the models: the YAML templates `shuangchuang new` writes (`scaffold*.py`)
and the site's 在线填报 form (`spec.py` → `site.py`), which produces the same files in a browser."""
