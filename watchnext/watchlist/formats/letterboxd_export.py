"""Letterboxd's full account export (Settings > Data > Export your data): the zip, or the folder
it unpacks to. The files read (the others, profile.csv, comments.csv, likes/..., are left):

    diary.csv      Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date
    reviews.csv    Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date
    ratings.csv    Date,Name,Year,Letterboxd URI,Rating
    watched.csv    Date,Name,Year,Letterboxd URI
    watchlist.csv  Date,Name,Year,Letterboxd URI
    lists/*.csv    a 'Letterboxd list export' block, then Position,Name,Year,URL,Description

One item per film (name and year): every diary entry is a watch (its watched date, the rating
given then, a rewatch); a film in watched.csv without a diary entry is one watch on the date it
was logged. The rating is ratings.csv's (the one the film has now); reviews become the note;
a list's name becomes a tag; diary tags are kept. watchlist.csv and lists alone: want.
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from ..values import WatchlistError
from .watches import History, Item, Watch, iso_date

FILES = ("diary.csv", "reviews.csv", "ratings.csv", "watched.csv", "watchlist.csv")
MAX_MEMBER = 64 * 1024 * 1024  # a CSV in a Letterboxd export bigger than this is not one


def is_export(names: list[str]) -> bool:
    """Whether these file names (paths inside a folder or zip) are a Letterboxd export."""
    base = {PurePosixPath(n).name.casefold() for n in names}
    return "watched.csv" in base and ("diary.csv" in base or "ratings.csv" in base) \
        or "diary.csv" in base and "watchlist.csv" in base


def _zip_texts(path: Path) -> dict[str, str]:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as err:
        raise WatchlistError(f"{path}: not a readable zip file ({err})") from None
    out: dict[str, str] = {}
    with zf:
        for info in zf.infolist():
            name = info.filename
            if info.is_dir() or not name.casefold().endswith(".csv"):
                continue
            if info.file_size > MAX_MEMBER:
                raise WatchlistError(f"{path}: {name} is {info.file_size:,} bytes once "
                                     "unpacked: not a Letterboxd export")
            try:
                data = zf.read(info)
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as err:
                raise WatchlistError(f"{path}: {name}: cannot unpack it ({err})") from None
            out[_relative(name)] = _decode(path, name, data)
    return out


def _relative(name: str) -> str:
    """'lists/x.csv' or 'diary.csv', whatever folder the zip put them in."""
    p = PurePosixPath(name)
    return f"lists/{p.name}" if p.parent.name.casefold() == "lists" else p.name


def _decode(path: Path, name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _folder_texts(path: Path) -> dict[str, str]:
    from .common import read_text

    out: dict[str, str] = {}
    for name in FILES:
        f = path / name
        if f.is_file():
            out[name] = read_text(f)
    lists = path / "lists"
    if lists.is_dir():
        for f in sorted(lists.glob("*.csv")):
            out[f"lists/{f.name}"] = read_text(f)
    return out


def texts_of(path: Path) -> dict[str, str]:
    """{'diary.csv': text, 'lists/x.csv': text, ...} from the export zip or folder."""
    return _folder_texts(path) if path.is_dir() else _zip_texts(path)


class _Films:
    def __init__(self) -> None:
        self.items: dict[tuple[str, int | None], Item] = {}
        self.order: list[Item] = []

    def get(self, name: str, year: int | None, where: str, raw: str) -> Item:
        from ...text import fold_title

        key = (fold_title(name), year)
        item = self.items.get(key)
        if item is None:
            item = self.items[key] = Item(where=where, raw=raw, name=name, year=year,
                                          kind="film", status="want")
            self.order.append(item)
        return item


def parse(path: Path) -> History:
    from ..values import InvalidValue, clean_tags, parse_rating
    from .common import cell, columns, csv_records, parse_year, raw_row

    texts = texts_of(path)
    if not is_export(list(texts)):
        raise WatchlistError(f"{path}: not a Letterboxd export (no watched.csv with diary.csv "
                             "or ratings.csv in it)")
    films = _Films()
    read = 0
    reviews: dict[int, list[tuple[str, str]]] = {}
    cols_of = {"name": ("name",), "year": ("year",), "date": ("date",),
               "rating": ("rating",), "rewatch": ("rewatch",), "tags": ("tags",),
               "watched": ("watcheddate",), "review": ("review",), "description": ("description",)}
    for fname in sorted(texts, key=_order):
        records = list(csv_records(Path(fname), texts[fname]))
        list_name = ""
        if fname.startswith("lists/"):
            records, list_name = _list_table(fname, records)
        if not records:
            continue
        try:
            cols = columns(Path(f"{path.name}/{fname}"), records[0][1], cols_of, "Letterboxd")
        except WatchlistError:
            continue  # not a file of films (a list with no table)
        stem = PurePosixPath(fname).stem.casefold()
        for line, rec in records[1:]:
            read += 1
            where = f"{fname} row {line}"
            name = cell(rec, cols, "name")
            probe = Item(where=where, raw=raw_row(rec), name=name)
            parse_year(probe, cell(rec, cols, "year"))
            if not name:
                probe.problem = "no film name"
                films.order.append(probe)
                continue
            item = films.get(name, probe.year, where, raw_row(rec))
            item.warnings += probe.warnings
            date = iso_date(cell(rec, cols, "date"))
            watched = iso_date(cell(rec, cols, "watched")) or date
            if date and (not item.added or date < item.added):
                item.added = date
            rating = None
            if cell(rec, cols, "rating"):
                try:
                    rating = parse_rating(cell(rec, cols, "rating"))
                except InvalidValue as err:
                    item.warnings.append(f"{where}: {err}; rating ignored")
            tags = [t for t in cell(rec, cols, "tags").split(",")]
            if list_name:
                tags.append(list_name)
            try:
                item.tags = clean_tags(item.tags + tuple(tags))
            except InvalidValue as err:
                item.warnings.append(f"{where}: {err}; tags ignored")
            if stem in ("diary", "reviews"):
                item.status = "watched"
                rewatch = cell(rec, cols, "rewatch").casefold() in ("yes", "true", "1")
                w = Watch(date=watched, rating=rating, rewatch=rewatch)
                # a review is most often of a diary entry: one watch, not two
                if stem == "diary" or not any(x.date == watched for x in item.watches):
                    item.watches.append(w)
                if stem == "reviews" and cell(rec, cols, "review"):
                    reviews.setdefault(id(item), []).append((watched, cell(rec, cols, "review")))
            elif stem == "ratings":
                item.status = "watched"
                item.rating = rating
            elif stem == "watched":
                item.status = "watched"
                if not item.watches:
                    item.watches.append(Watch(date=date))
    for item in films.order:
        item.watches.sort(key=lambda w: w.date or "9999")
        if item.rating is None:  # rated in the diary only
            item.rating = next((w.rating for w in reversed(item.watches)
                                if w.rating is not None), None)
        said = sorted(reviews.get(id(item), []))
        if len(said) == 1:
            item.note = said[0][1]
        elif said:
            item.note = "\n\n".join(f"{d}: {text}" if d else text for d, text in said)
    return History(path=path, format="letterboxd-export", kind="Letterboxd export",
                   items=films.order, rows=read)


def _order(fname: str) -> tuple[int, str]:
    """diary first (its watches), then reviews, ratings, watched, watchlist, lists."""
    base = PurePosixPath(fname).name
    return (FILES.index(base) if base in FILES and "/" not in fname else len(FILES), fname)


def _list_table(fname: str, records: list) -> tuple[list, str]:
    """A list file's film table (from its Position,Name,... header) and the list's name."""
    name = PurePosixPath(fname).stem
    if len(records) > 2 and records[0][1] and records[0][1][0].startswith("Letterboxd list"):
        head = [h.strip().casefold() for h in records[1][1]]
        if "name" in head and len(records[2][1]) > head.index("name"):
            name = records[2][1][head.index("name")].strip() or name
    start = next((i for i, (_, rec) in enumerate(records)
                  if rec and rec[0].strip().casefold() == "position"), None)
    return (records[start:] if start is not None else []), name.replace(",", " ")


def read_zip_or_folder_names(path: Path) -> list[str]:
    """The file names of a zip or folder (for detection), [] when it is neither."""
    if path.is_dir():
        return [str(p.relative_to(path)) for p in path.rglob("*.csv")][:1000]
    try:
        with zipfile.ZipFile(path) as zf:
            return zf.namelist()[:1000]
    except (zipfile.BadZipFile, OSError):
        return []

