"""The app's start: what its first screen needs, worked out in one thread from the moment the
process starts.

run_app() starts it before textual is imported, so the catalog's disk reads (and numpy's)
overlap that import instead of following it; the app shows the result of each step when it is
ready and never does a step a second time. The steps, in the order the first screen needs them:

1. the catalog (opened from the compiled file, the user's catalogs on top);
2. the first screen's results: the empty search box, no filters, the top RESULTS (reading the
   search index fields that list needs);
3. "more like this" for the top one, RECS picks (numpy and the similarity index are read on
   the way), once the app says the results are painted (or SHOWN_WAIT later): run at once,
   this CPU work took the GIL from the UI thread and held the first results back.

Whoever needs a step waits for it (two threads reading one index at once only slow each other
down: issue 9 saw the similarity index built twice at once, and six search indexes). A step
that fails is kept: a failed catalog is the app's to report; after a failed search or similar
the app runs that call itself, so the person sees the error any search would give.

This module does not import textual."""

from __future__ import annotations

import threading
from concurrent.futures import Future

RESULTS = 50  # Browse lists the top 50 of a search (a long OptionList is slow)
RECS = 12  # and 12 picks under "more like this"
FIRST_QUERY = ""  # the search box is empty when the app opens
# "more like this" (numpy's import and the similarity index: CPU work that competes with the
# UI thread for the GIL) begins once the first results are painted, or after this long
SHOWN_WAIT = 0.5
STEPS = ("Loading the catalog", "Reading the search index", "Reading the more-like-this index")


class Startup:
    """The three steps above, run by start() in a thread of their own.

    state: (what is being done, its step) while running, None when done; `changed(seen)`
    waits for the state to move on. catalog, hits and recs are Futures of each step's result
    (hits: [Hit] of the first screen; recs: [Match] for hits[0])."""

    def __init__(self) -> None:
        self.catalog: Future = Future()
        self.hits: Future = Future()
        self.recs: Future = Future()
        self.top_id: str | None = None  # the title the picks are for
        self._cond = threading.Condition()
        self._state: tuple[str, int] | None = (STEPS[0], 0)
        self._version = 0  # bumped at each change of state
        self._shown = threading.Event()  # the first results are on screen
        self._thread = threading.Thread(target=self._run, name="watchnext-start", daemon=True)

    def start(self) -> "Startup":
        self._thread.start()
        return self

    # -- what the app reads --------------------------------------------------------------------

    @property
    def state(self) -> tuple[str, int] | None:
        with self._cond:
            return self._state

    def changed(self, seen: int,
                timeout: float | None = None) -> tuple[int, tuple[str, int] | None]:
        """Wait until the state is newer than version `seen`; (version, state)."""
        with self._cond:
            self._cond.wait_for(lambda: self._version != seen, timeout)
            return self._version, self._state

    def results_shown(self) -> None:
        """The app painted the first results: the picks may be worked out now."""
        self._shown.set()

    def first_hits(self, query: str, limit: int, filters_empty: bool):
        """The first screen's hits if this search is that one and it worked (waiting for them),
        else None. Any other search waits for this step first: one search at a time while the
        search index is being read."""
        try:
            hits = self.hits.result()
        except Exception:  # noqa: BLE001 - the caller searches itself and reports it
            return None
        if query == FIRST_QUERY and limit == RESULTS and filters_empty:
            return list(hits)
        return None

    def found_hits(self, query: str, limit: int, filters_empty: bool):
        """first_hits without waiting: None while the step runs (or if it failed)."""
        return self.first_hits(query, limit, filters_empty) if self.hits.done() else None

    def first_recs(self, title, limit: int, exclude_ids) -> list | None:
        """The picks for the first screen's top title if these are those (waiting for them),
        else None. Any other call waits for this step first (the similarity index is read
        once)."""
        try:
            recs = self.recs.result()
        except Exception:  # noqa: BLE001 - the caller asks itself and reports it
            return None
        if (getattr(title, "id", None) == self.top_id and self.top_id is not None
                and limit == RECS and not tuple(exclude_ids)):
            return list(recs)
        return None

    # -- the thread ----------------------------------------------------------------------------

    def _say(self, what: str | None, step: int = 0) -> None:
        with self._cond:
            self._state = (what, step) if what else None
            self._version += 1
            self._cond.notify_all()

    def _run(self) -> None:
        try:
            self._steps()
        finally:
            for f in (self.catalog, self.hits, self.recs):  # (an unexpected error: nobody waits)
                if not f.done():
                    f.set_exception(RuntimeError("the start did not finish"))
            self._say(None)

    def _steps(self) -> None:
        import watchnext.catalog as catalog_pkg  # (read at call time: tests replace it)
        from watchnext.catalog.load import reporting

        def step(msg: str) -> None:  # a stale compiled file is made again: say so
            self._say(f"{STEPS[0]}: {msg}" if msg else STEPS[0], 0)

        try:
            with reporting(step):
                catalog = catalog_pkg.load_catalog()
        except BaseException as err:  # noqa: BLE001 - the app reports it
            self.catalog.set_exception(err)
            return
        self.catalog.set_result(catalog)
        if not _run_step(self.hits, lambda: self._first_search(catalog)):
            return
        hits = self.hits.result()
        self.top_id = hits[0].title.id if hits else None
        if hits:
            self._shown.wait(SHOWN_WAIT)
        _run_step(self.recs, lambda: self._first_similar(catalog, hits))

    def _first_search(self, catalog) -> list:
        from watchnext.search import Filters, search

        self._say(STEPS[1], 1)
        return search(catalog, FIRST_QUERY, RESULTS, filters=Filters())

    def _first_similar(self, catalog, hits: list) -> list:
        if not hits:
            return []
        from watchnext.similar import similar

        self._say(STEPS[2], 2)
        return similar(catalog, hits[0].title, RECS)


def _run_step(future: Future, fn) -> bool:
    try:
        future.set_result(fn())
        return True
    except Exception as err:  # noqa: BLE001 - kept for whoever asks
        future.set_exception(err)
        return False
