#!/usr/bin/env python
import os
import sys
from pathlib import Path

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathways.settings")
    from pathways.core.env import load_env_file

    # `make demo` writes var/demo.env (DEBUG=true): in a demo checkout every command runs as the demo server
    # does, without setting anything by hand. A server's own environment wins over it (DEBUG=false there).
    load_env_file(str(Path(__file__).resolve().parent / "var" / "demo.env"))
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
