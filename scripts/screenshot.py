#!/usr/bin/env python3
"""Render an HTML page in headless Chromium and save a PNG.

Waits for the network page to say it has drawn (``window.networkReady``)
when it is one of ours, so the picture is not of an empty canvas.

Example: python scripts/screenshot.py exports/sanctions.html docs/network.png

With ``--serve STORE`` the page is instead the query page of a server started
on STORE (as ``sanctions-graph serve`` does), with the named query ``--run``
run in it, and HTML names where to write that page:

    python scripts/screenshot.py --serve sanctions-store --run who-ordered-whom \
        /tmp/query.html docs/query-page.png
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sanctions_graph.chromium import CHROMIUM, CHROMIUM_ARGS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html", type=Path, help="the page to render")
    parser.add_argument("png", type=Path, help="where to write the screenshot")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=850)
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds to wait for the drawing"
    )
    parser.add_argument(
        "--select", metavar="TEXT", help="search for TEXT and select it before the shot"
    )
    parser.add_argument("--serve", metavar="STORE", type=Path,
                        help="serve STORE and shoot its query page (written to HTML)")
    parser.add_argument("--run", metavar="QUERY", default="who-ordered-whom",
                        help="with --serve: the named query to run in the page")
    options = parser.parse_args(argv)

    if options.serve:
        from sanctions_graph.serve import Server, write_query_page

        with Server(options.serve, port=0, cors=True) as server:
            write_query_page(options.html, server.url, title=str(options.serve))
            return shoot(options)
    if not options.html.is_file():
        parser.error(f"{options.html} does not exist")
    return shoot(options)


def shoot(options: argparse.Namespace) -> int:
    if not CHROMIUM.exists():
        print(
            f"screenshot: {CHROMIUM} not found; run scripts/install-system-deps.sh",
            file=sys.stderr,
        )
        return 2
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": options.width, "height": options.height})
            page.goto(options.html.resolve().as_uri())
            if page.evaluate("typeof window.sgData !== 'undefined'"):
                page.wait_for_function(
                    "window.networkReady === true", timeout=options.timeout * 1000
                )
                if options.select:
                    page.fill("#sg-search", options.select)
                    page.press("#sg-search", "Enter")
                    page.evaluate("window.sgNetwork.fit({animation: false})")
                page.wait_for_timeout(300)  # one more frame after the last redraw
            elif options.serve:
                page.click(f'.tabsList .tab a > span:text-is("{options.run}")')
                page.click(".tabPanel.active .yasqe_queryButton")
                page.wait_for_selector(".tabPanel.active .yasr table.dataTable tbody tr",
                                       timeout=options.timeout * 1000)
            options.png.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(options.png))
        finally:
            browser.close()
    print(options.png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
