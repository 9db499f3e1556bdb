"""netadjust's PyTorch worker: run as `python -m netadjust_worker` (see __main__.py)."""
