"""The widget as a visitor sees it in a page: what they click and read."""

from __future__ import annotations

from typing import Any

WAIT = 10_000  # ms


class WidgetPage:
    def __init__(self, page: Any) -> None:
        self.page = page

    def goto(self, url: str) -> WidgetPage:
        self.page.goto(url)
        self.page.wait_for_selector(
            "#comptoir-chat:not([data-state='loading'])", state="attached", timeout=WAIT
        )
        return self

    @property
    def state(self) -> str:
        return str(self.page.get_attribute("#comptoir-chat", "data-state"))

    def wait_state(self, *states: str) -> None:
        wanted = ", ".join(f"#comptoir-chat[data-state='{s}']" for s in states)
        self.page.wait_for_selector(wanted, state="attached", timeout=WAIT)

    def open(self) -> None:
        self.page.click(".launcher")

    def introduce(self, name: str, email: str) -> None:
        self.page.fill("form.prechat input[name=name]", name)
        self.page.fill("form.prechat input[name=email]", email)
        self.page.click("form.prechat button[type=submit]")

    def write(self, text: str) -> None:
        self.page.fill("form.composer textarea", text)
        self.page.keyboard.press("Enter")

    def sent(self, text: str) -> None:
        """Wait until the visitor's message is acknowledged (stored)."""
        self.page.locator("li.entry.in:not(.pending) .text", has_text=text).wait_for(
            timeout=WAIT
        )

    def reply_shown(self, text: str) -> None:
        self.page.locator("li.entry.out .text", has_text=text).wait_for(timeout=WAIT)

    def texts(self) -> list[str]:
        return [str(t) for t in self.page.locator("li.entry .text").all_text_contents()]

    def notice(self) -> str:
        self.page.wait_for_selector(".notice:not([hidden])", timeout=WAIT)
        return str(self.page.text_content(".notice"))

    def status(self) -> str:
        return str(self.page.text_content("header .status"))
