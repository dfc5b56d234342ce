"""`tsunagu needs cluster --csv IN.csv --out OUT.csv [--min-persons 3] [--truth-column issue]
[--answers TRUTH.csv --budget N]` and `tsunagu needs similar --csv IN.csv --out OUT.csv --top 5`

Groups needs written by workers into candidate community issues (tsunagu.needs.analysis.cluster)
from a file, without the database: for a secretariat trying the grouping on an export, and for
measuring it (``--truth-column``). IN has the columns id and text, and optionally person and
municipality (others are ignored; UTF-8 with or without BOM, or CP932; without a person column
each need is its own person); OUT gets id, cluster (empty = in no recurring
group), as UTF-8 with BOM so Excel opens it. One summary line goes to stdout.

Bad input stops with a CommandError in Japanese naming the file, row and column; nothing is
written then. Persons are counted, not statements; an empty person is an anonymous need.

With ``--answers`` (columns id, issue; empty issue = a one-off) the file stands in for the
secretariat: the command asks the questions the candidate page would ask, in the same order,
answers each from the file (same non-empty issue = yes), stops after ``--budget`` answers and
writes the grouping that follows; it prints how many questions it asked.

``similar`` writes, for each need, the ``--top`` most similar other needs (id, rank, other_id,
score), the comparison behind "similar needs already recorded"."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tsunagu.core.csvutil import csv_bytes
from tsunagu.core.tabular import RowError, TabularError, decode_csv, normalize_header
from tsunagu.needs.analysis import ClusterItem, cluster, grouping_ari
from tsunagu.needs.analysis.features import analyze_many

REQUIRED = ("id", "text")
OPTIONAL = ("person", "municipality")
MAX_ERRORS = 20
MAX_SIMILAR = 20_000  # n × columns floats in memory
MAX_ANSWERED = (
    5_000  # n × n similarities in memory  # listed in one message; more would bury the first
)


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]  # translated when shown (argparse needs str)
        return _("個別ニーズの分析。例: tsunagu needs cluster --csv needs.csv --out groups.csv")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        grouping = sub.add_parser(
            "cluster",
            help=_("同じことについてのニーズを、異なる人の間でまとめます（地域課題の候補）"),
        )
        grouping.add_argument(
            "--csv",
            required=True,
            metavar="IN.csv",
            help=_("列 id, person, municipality, text を持つ CSV（UTF-8 または Shift_JIS）"),
        )
        grouping.add_argument(
            "--out", required=True, metavar="OUT.csv", help=_("列 id, cluster の CSV を書き出す先")
        )
        grouping.add_argument(
            "--min-persons",
            type=int,
            default=3,
            metavar="N",
            help=_("グループとみなす最少の人数（異なる人の数。既定 3）"),
        )
        grouping.add_argument(
            "--truth-column",
            metavar="COLUMN",
            help=_(
                "正解のグループの列。指定すると調整ランド指数（ARI）を表示します（空欄 = 単発）"
            ),
        )
        grouping.add_argument(
            "--answers",
            metavar="TRUTH.csv",
            help=_(
                "列 id, issue の CSV。事務局の代わりに「同じニーズですか」の問いに答えます"
                "（同じ issue = はい、空欄 = 単発）"
            ),
        )
        grouping.add_argument(
            "--budget",
            type=int,
            metavar="N",
            help=_("--answers で答える問いの上限（既定: ニーズの件数）"),
        )
        similar = sub.add_parser(
            "similar", help=_("各ニーズに似ている他のニーズを、似ている順に書き出します")
        )
        similar.add_argument(
            "--csv", required=True, metavar="IN.csv", help=_("列 id, text を持つ CSV")
        )
        similar.add_argument(
            "--out",
            required=True,
            metavar="OUT.csv",
            help=_("列 id, rank, other_id, score の CSV を書き出す先"),
        )
        similar.add_argument(
            "--top", type=int, default=5, metavar="N", help=_("各ニーズにつき何件まで（既定 5）")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "cluster":
            self._cluster(options)
        elif options["action"] == "similar":
            self._similar(options)

    def _similar(self, options: dict[str, Any]) -> None:
        from tsunagu.needs.analysis.vectors import Vectorizer

        top = options["top"]
        if top < 1:
            raise CommandError(_("--top は 1 以上にしてください。"))
        rows = read_needs(Path(options["csv"]))
        if len(rows) > MAX_SIMILAR:
            raise CommandError(
                _("similar は %(max)d 件までのファイルを扱います（%(n)d 件あります）。")
                % {"max": MAX_SIMILAR, "n": len(rows)}
            )
        features = analyze_many([row["text"] for row in rows])
        x = Vectorizer.fit(features).matrix(features)
        out: list[tuple[str, str, str, str]] = []
        for start in range(0, len(rows), 1000):
            sims = x[start : start + 1000] @ x.T
            for k, row_sims in enumerate(sims):
                i = start + k
                row_sims[i] = -1.0
                order = sorted(range(len(rows)), key=lambda j: (-row_sims[j], j))[:top]
                for rank, j in enumerate(order, start=1):
                    if row_sims[j] < 0:
                        break
                    score = f"{max(0.0, float(row_sims[j])):.3f}"
                    out.append((rows[i]["id"], str(rank), rows[j]["id"], score))
        _write(Path(options["out"]), ("id", "rank", "other_id", "score"), out)
        self.stdout.write(
            _("%(n)d 件のニーズについて、似ているニーズを書き出しました。") % {"n": len(rows)}
        )

    def _cluster(self, options: dict[str, Any]) -> None:
        started = time.perf_counter()
        min_persons = options["min_persons"]
        if min_persons < 1:
            raise CommandError(_("--min-persons は 1 以上にしてください。"))
        source = Path(options["csv"])
        truth_column = options["truth_column"]
        rows = read_needs(source, truth_column)
        features = analyze_many([row["text"] for row in rows])
        items = [
            ClusterItem(
                id=row["id"],
                person=row["person"] or None,
                municipality=row["municipality"] or None,
                features=f,
            )
            for row, f in zip(rows, features, strict=True)
        ]
        asked = None
        if options["answers"]:
            labels, asked = self._with_answers(options, items, min_persons)
        else:
            labels = cluster(items, min_persons=min_persons)
        write_groups(Path(options["out"]), [(item.id, labels[item.id] or "") for item in items])

        grouped = sum(1 for label in labels.values() if label)
        groups = len({label for label in labels.values() if label})
        self.stdout.write(
            _(
                "グループ %(groups)d 件、グループに入ったニーズ %(grouped)d / %(total)d 件"
                "（%(seconds).1f 秒）"
            )
            % {
                "groups": groups,
                "grouped": grouped,
                "total": len(items),
                "seconds": time.perf_counter() - started,
            }
        )
        if asked is not None:
            self.stdout.write(_("問いの数: %(asked)d") % {"asked": asked})
        if truth_column:
            ari = grouping_ari(
                [row[truth_column] for row in rows], [labels[item.id] for item in items]
            )
            self.stdout.write(
                _("調整ランド指数（ARI、列「%(column)s」と比較）: %(ari).3f")
                % {"column": truth_column, "ari": ari}
            )

    def _with_answers(
        self, options: dict[str, Any], items: list[ClusterItem], min_persons: int
    ) -> tuple[dict[Any, str | None], int]:
        from tsunagu.needs.analysis.feedback import Grouper, simulate

        if len(items) > MAX_ANSWERED:
            raise CommandError(
                _("--answers は %(max)d 件までのファイルを扱います（%(n)d 件あります）。")
                % {"max": MAX_ANSWERED, "n": len(items)}
            )
        truth = read_answers(Path(options["answers"]))
        budget = len(items) if options["budget"] is None else options["budget"]
        if budget < 0:
            raise CommandError(_("--budget は 0 以上にしてください。"))
        return simulate(Grouper(items, min_persons=min_persons), truth, budget)


def read_answers(path: Path) -> dict[str, str]:
    """id -> issue from an answers file (columns id, issue; other columns ignored)."""
    rows = read_table(path, ("id", "issue"))
    return {row["id"]: row["issue"] for row in rows}


def read_needs(path: Path, truth_column: str | None = None) -> list[dict[str, str]]:
    rows = read_table(path, REQUIRED + ((truth_column,) if truth_column else ()), OPTIONAL)
    for row in rows:
        if "person" not in row:
            row["person"] = row["id"]  # no person column: each need is its own person
        row.setdefault("municipality", "")
    return rows


def read_table(
    path: Path, wanted: tuple[str, ...], optional: tuple[str, ...] = ()
) -> list[dict[str, str]]:
    """The rows of ``path`` as dicts of the needed columns; CommandError on any problem.

    Not tabular.read_table: that one wants exactly the importer's header and caps the size for
    uploads, while an export to group may carry extra columns and 300,000 rows."""
    name = path.name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CommandError(_("ファイルがありません: %(path)s") % {"path": path}) from None
    except OSError as error:
        raise CommandError(
            _("ファイルを読めません: %(path)s（%(error)s）")
            % {"path": path, "error": error.strerror}
        ) from None
    if not data.strip():
        raise CommandError(_("%(file)s: ファイルが空です。") % {"file": name})
    try:
        text, _encoding = decode_csv(data)
    except TabularError as error:
        raise CommandError(f"{name}: {error}") from None
    del data
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    number = 0  # record number as Excel shows it: the header is row 1
    try:
        header_cells: list[str] | None = None
        for cells in reader:
            number += 1
            if any(c.strip() for c in cells):
                header_cells = cells
                break
        if header_cells is None:
            raise CommandError(_("%(file)s: ファイルが空です。") % {"file": name})
        header = [normalize_header(c).casefold() for c in header_cells]
        missing = [column for column in wanted if column.casefold() not in header]
        if missing:
            raise CommandError(
                _("%(file)s: 見出しの行に列がありません: %(columns)s（必要な列: %(required)s）")
                % {
                    "file": name,
                    "columns": "、".join(f"「{c}」" for c in missing),
                    "required": ",".join(wanted),
                }
            )
        index = {
            column: header.index(column.casefold())
            for column in wanted + optional
            if column.casefold() in header
        }
        rows: list[dict[str, str]] = []
        errors: list[RowError] = []
        seen: dict[str, int] = {}
        for cells in reader:
            number += 1
            if not any(c.strip() for c in cells):
                continue
            row = {
                column: (cells[i].strip() if i < len(cells) else "") for column, i in index.items()
            }
            errors += _row_errors(row, number, seen)
            seen.setdefault(row["id"], number)
            rows.append(row)
            if len(errors) >= MAX_ERRORS:
                break
    except csv.Error as error:
        raise CommandError(
            _("%(file)s: 行 %(row)d が CSV として読めません（%(error)s）。")
            % {"file": name, "row": number + 1, "error": error}
        ) from None
    if errors:
        raise CommandError(
            _("%(file)s に誤りがあります（何も書き出していません）:") % {"file": name}
            + "\n"
            + "\n".join(str(error) for error in errors[:MAX_ERRORS])
        )
    if not rows:
        raise CommandError(
            _("%(file)s: データの行がありません（見出しの行だけです）。") % {"file": name}
        )
    return rows


def _row_errors(row: dict[str, str], number: int, seen: dict[str, int]) -> list[RowError]:
    errors = []
    if not row["id"]:
        errors.append(RowError(number, "id", _("空欄です。")))
    elif row["id"] in seen:
        errors.append(
            RowError(
                number,
                "id",
                _("「%(id)s」は行 %(first)d と重複しています。")
                % {"id": row["id"], "first": seen[row["id"]]},
            )
        )
    if "text" in row and not row["text"]:
        errors.append(RowError(number, "text", _("空欄です。")))
    return errors


def write_groups(path: Path, rows: list[tuple[str, str]]) -> None:
    _write(path, ("id", "cluster"), rows)


def _write(path: Path, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    try:
        path.write_bytes(csv_bytes(header, rows))
    except OSError as error:
        raise CommandError(
            _("書き出せません: %(path)s（%(error)s）") % {"path": path, "error": error.strerror}
        ) from None
