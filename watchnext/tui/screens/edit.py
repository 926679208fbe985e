"""Small dialogs that edit one watchlist field of one title, in place over the current screen."""

from __future__ import annotations

from typing import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...watchlist import STATUSES
from ..render import STATUS_MARK, STATUS_STYLE
from ..widgets.navlist import NavList


class StatusDialog(ModalScreen[str | None]):
    """Pick a status (1-4), or take the title off the list. Returns the status, "remove" or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
        *(Binding(str(i), f"pick({i - 1})", show=False) for i in range(1, 6)),
    ]

    def __init__(self, label: str, current: str | None) -> None:
        super().__init__(classes="dialog-screen")
        self.label = label
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.assemble("Status of ", (self.label, "bold")), classes="dialog-title")
            options = []
            for i, status in enumerate(STATUSES, 1):
                options.append(Option(Content.assemble(
                    (f"{i} ", "$foreground-muted"), (STATUS_MARK[status], STATUS_STYLE[status]),
                    f" {status}", ("  (now)" if status == self.current else "", "$foreground-muted")),
                    id=status))
            if self.current is not None:
                options.append(Option(Content.assemble(("5 ", "$foreground-muted"),
                                                       "− take it off the watchlist"), id="remove"))
            yield NavList(*options, id="status-options")
            yield Static("enter choose · escape cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one(NavList)
        if self.current in STATUSES:
            options.highlighted = STATUSES.index(self.current)
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_pick(self, index: int) -> None:
        options = self.query_one(NavList)
        if index < options.option_count:
            self.dismiss(options.get_option_at_index(index).id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextDialog(ModalScreen[str | None]):
    """One line of text, checked by `validate` (returns an error message or None) before it
    is accepted. Returns the text, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    def __init__(self, heading: Content, value: str = "", placeholder: str = "", hint: str = "",
                 validate: Callable[[str], str | None] | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.heading = heading
        self.value = value
        self.placeholder = placeholder
        self.hint = hint
        self.validate = validate

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.heading, classes="dialog-title")
            yield Input(self.value, placeholder=self.placeholder, id="dialog-input",
                        select_on_focus=False,
                        )
            yield Static("", id="dialog-error", classes="dialog-error", markup=False)
            yield Static(self.hint + ("  ·  " if self.hint else "") + "enter save · escape cancel",
                         classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        inp = self.query_one(Input)
        inp.cursor_blink = getattr(self.app, "cursor_blink", True)
        inp.focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.validate is not None:
            problem = self.validate(event.value)
            if problem:
                error = self.query_one("#dialog-error", Static)
                error.update(problem)
                error.display = True
                return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question: y or enter says yes, n or escape says no."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="dialog.yes"),
        Binding("n,escape", "answer(False)", "No", id="dialog.no"),
    ]

    def __init__(self, question: Content, detail: Content | str, yes: str, no: str) -> None:
        super().__init__(classes="dialog-screen")
        self.question = question
        self.detail = detail
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm-dialog"):
            yield Static(self.question, classes="dialog-title", markup=False)
            yield Static(self.detail, markup=False)
            yield Static(f"y / enter  {self.yes}  ·  n / escape  {self.no}",
                         classes="dialog-hint", markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
