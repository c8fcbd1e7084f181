#!/usr/bin/env python
"""Developer entry point; equivalent to the ``openvorgang`` console command."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from openvorgang.cli import main  # noqa: E402

if __name__ == "__main__":
    main()
