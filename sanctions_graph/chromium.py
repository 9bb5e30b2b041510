"""How the project opens its pages in a browser: Debian's Chromium, headless.

One place for the program and its flags, used by the tests, the screenshot
script and the benchmarks. The flags keep Chromium from calling home
(updates, sync, background fetches), so that what a page requests is all a
test sees. ``SG_CHROMIUM`` names another program.
"""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = Path(os.environ.get("SG_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
