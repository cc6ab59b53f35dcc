#!/usr/bin/env python3
"""Run advisor from a checkout without installing it: `python cli.py advise FILE`."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "src"))

from advisor.__main__ import main  # noqa: E402

if __name__ == "__main__":
    main()
