#!/usr/bin/env python3
"""Build the example province (or another with --root DIR): python build.py --help"""
import sys

from generator.cli import main

if __name__ == "__main__":
    sys.exit(main())
