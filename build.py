#!/usr/bin/env python3
"""Build the example province (or another with --root DIR): python build.py --help"""
from generator.cli import run

if __name__ == "__main__":
    run()
